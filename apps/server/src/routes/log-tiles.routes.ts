import { encodeEntryBundle, parseTilePath, tileWidthForTreeSize, TILE_WIDTH } from '@jmm/core';
import { LogError } from '@jmm/log';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppServices } from '../app-services.ts';
import { ServerError } from '../server-error.ts';
import { appendCosignatures } from '@jmm/mechanism';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Partial tiles and the checkpoint change as the log grows; clients revalidate them. */
const FULL_BUNDLE_CACHE_SIZE = 512;
const SHORT_LIVED = 'public, max-age=1, must-revalidate';

/**
 * The log as C2SP tlog-tiles (DESIGN.md §4), so that standard clients can read and audit it:
 * `/log/checkpoint`, `/log/tile/<L>/<N>[.p/<W>]` and `/log/tile/entries/<N>[.p/<W>]`. A tile is served only if it
 * exists in the latest checkpoint's tree at the requested width (a partial tile is a prefix of any wider one).
 */
export const logTileRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  // Full entry bundles never change, so their encoded bytes are kept (least recently used dropped first):
  // assembling one costs a 256-row query, a hash tile only a cache lookup.
  const fullBundles = new Map<bigint, Uint8Array>();
  const readEntryBundle = async (index: bigint, width: number): Promise<Uint8Array> => {
    const cached = width === TILE_WIDTH ? fullBundles.get(index) : undefined;
    if (cached !== undefined) {
      fullBundles.delete(index);
      fullBundles.set(index, cached);
      return cached;
    }
    const bundle = encodeEntryBundle(
      await services.entries.readEntryBundle(index * BigInt(TILE_WIDTH), width),
    );
    if (width === TILE_WIDTH) {
      fullBundles.set(index, bundle);
      if (fullBundles.size > FULL_BUNDLE_CACHE_SIZE) fullBundles.delete(fullBundles.keys().next().value!);
    }
    return bundle;
  };

  // Standard tlog clients see only witnessed checkpoints (DESIGN.md §4): the newest one that meets the
  // settings' witness policy, its cosignatures appended as further signature lines (c2sp.org/tlog-cosignature).
  // Submitters are answered with the newer log-signed checkpoint meanwhile; the two are consistent, and the
  // tiles of the newest tree serve every older tree too (a partial tile is a prefix of a wider one).
  app.get(
    '/log/checkpoint',
    {
      schema: {
        summary:
          'The newest checkpoint that meets the witness policy, with its cosignatures (c2sp.org/tlog-checkpoint)',
        tags: ['log'],
      },
    },
    async (_request, reply) => {
      if (services.engine.latestCheckpoint === undefined)
        throw new ServerError('not_found', 'the log is empty');
      const served = await services.witnessing.servedCheckpoint();
      if (served === undefined) {
        throw new ServerError('not_found', 'no checkpoint has met the witness policy yet');
      }
      return reply
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(appendCosignatures(served.checkpoint.note, served.cosignatures));
    },
  );

  app.get(
    '/log/tile/*',
    { schema: { summary: 'A hash tile or entry bundle (c2sp.org/tlog-tiles)', tags: ['log'] } },
    async (request, reply) => {
      const rest = (request.params as { '*': string })['*'];
      const path = parseTilePath(`tile/${rest}`);
      const treeSize = services.engine.latestCheckpoint?.treeSize ?? 0n;
      const level = path.kind === 'entries' ? 0 : path.level;
      const available = tileWidthForTreeSize(treeSize, level, path.index);
      const { width } = path;
      if (available < width) {
        throw new LogError('out_of_range', `tile ${rest} is not in the tree of size ${treeSize}`);
      }
      const body =
        path.kind === 'entries'
          ? await readEntryBundle(path.index, width)
          : await services.engine.readTile(path.level, path.index, width);
      return reply
        .type('application/octet-stream')
        .header('cache-control', width === TILE_WIDTH ? IMMUTABLE : SHORT_LIVED)
        .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    },
  );
  return Promise.resolve();
};
