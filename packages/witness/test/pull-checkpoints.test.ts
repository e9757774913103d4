// Pull mode against a tiny tlog-tiles server: a log built with @jmm/core's tile functions, served at
// <url>/log/checkpoint and <url>/log/tile/... the way apps/server serves a JMM log (DESIGN.md §4).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCosignatureVerifier, createNoteVerifier, openCheckpoint, parseTilePath } from '@jmm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  generateWitnessKey,
  openWitness,
  pullCheckpoint,
  pullCheckpoints,
  type PullResult,
  type Witness,
} from '../src/index.ts';
import { TileStore, createTestLog, type TestLog } from './support/test-log.ts';

/** A log server whose published state the test moves by hand. */
interface TestLogServer {
  url: string;
  /** The checkpoint served; the tiles served are those of `tiles`, whatever size they reached. */
  checkpoint: string;
  tiles: TileStore;
  requests: string[];
  server: Server;
}

async function startLogServer(): Promise<TestLogServer> {
  const state: Omit<TestLogServer, 'url' | 'server'> = {
    checkpoint: '',
    tiles: new TileStore(),
    requests: [],
  };
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    state.requests.push(path);
    if (path === '/log/checkpoint' && state.checkpoint !== '') {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(state.checkpoint);
      return;
    }
    if (path.startsWith('/log/tile/')) {
      try {
        const tile = parseTilePath(path.slice('/log/'.length));
        const data =
          tile.kind === 'hash'
            ? state.tiles.tiles.get(TileStore.key(tile.level, tile.index, tile.width))
            : undefined;
        if (data !== undefined) {
          response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(data);
          return;
        }
      } catch {
        // not a tile path: 404 below
      }
    }
    response.writeHead(404).end('not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, { url: `http://127.0.0.1:${port}`, server });
}

let stateDir: string;
let log: TestLog;
let logServer: TestLogServer;
let witness: Witness;
let size = 0;

/** Grows the log to `newSize`, integrates the tiles and publishes the checkpoint. */
async function publish(newSize: number): Promise<void> {
  log.append(newSize - log.leaves.length);
  await logServer.tiles.grow(log, size, newSize);
  size = newSize;
  logServer.checkpoint = await log.checkpoint(newSize);
}

beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'jmm-witness-pull-'));
  log = await createTestLog();
  size = 0;
  logServer = await startLogServer();
  witness = await openWitness({
    stateDir,
    signerKey: generateWitnessKey('witness.example/pull').signerKey,
    logs: [{ origin: log.origin, verifierKey: log.verifierKey }],
  });
});

afterEach(async () => {
  await witness.close();
  await new Promise((resolve) => logServer.server.close(resolve));
  await rm(stateDir, { recursive: true, force: true });
});

const pull = () => pullCheckpoint({ witness, logUrl: logServer.url, origin: log.origin });

describe('pullCheckpoint', () => {
  it('cosigns the first checkpoint it sees, and reads no tiles for it', async () => {
    await publish(300);
    const result = await pull();
    expect(result).toMatchObject({ outcome: 'cosigned', treeSize: 300n });
    expect(logServer.requests).toEqual(['/log/checkpoint']);
    const { checkpoint } = result as Extract<PullResult, { outcome: 'cosigned' }>;
    const opened = await openCheckpoint(checkpoint, createNoteVerifier(log.verifierKey), {
      origin: log.origin,
      cosignatureVerifiers: [createCosignatureVerifier(witness.verifierKey)],
    });
    expect(opened.cosignatures).toHaveLength(1);
  });

  it('builds the consistency proof from the tiles as the log grows, across tile levels', async () => {
    for (const next of [5, 255, 256, 257, 1000, 66_000, 66_001]) {
      await publish(next);
      expect(await pull()).toMatchObject({ outcome: 'cosigned', treeSize: BigInt(next) });
      expect(witness.latestSize(log.origin)).toBe(BigInt(next));
    }
  });

  it('does nothing while the log has not grown', async () => {
    await publish(10);
    await pull();
    expect(await pull()).toEqual({ outcome: 'unchanged', treeSize: 10n });
  });

  it('falls back to the full tile when the log filled a partial tile after its checkpoint', async () => {
    await publish(100);
    await pull();
    await publish(200);
    const served = logServer.checkpoint;
    await publish(600); // tiles move on; the checkpoint served stays at 200
    logServer.checkpoint = served;
    for (const key of [...logServer.tiles.tiles.keys()]) {
      if (key.startsWith('0/0/') && key !== '0/0/256') logServer.tiles.tiles.delete(key);
    }
    expect(await pull()).toMatchObject({ outcome: 'cosigned', treeSize: 200n });
    expect(logServer.requests).toContain('/log/tile/0/000.p/200');
    expect(logServer.requests).toContain('/log/tile/0/000');
  });

  it('reports a fork as refused: the witness does not cosign it', async () => {
    await publish(40);
    await pull();
    const fork = await createTestLog(log.origin);
    fork.leaves.push(...log.leaves.slice(0, 20));
    fork.append(30, ' (forked)');
    const forkTiles = new TileStore();
    await forkTiles.grow(fork, 0, 50);
    logServer.tiles = forkTiles;
    logServer.checkpoint = await fork.checkpoint(50);
    const result = await pull();
    expect(result).toMatchObject({ outcome: 'refused', treeSize: 50n, answer: { status: 422 } });
    expect(witness.latestSize(log.origin)).toBe(40n);
  });

  it('fails with fetch_failed when the log is unreachable, serves another origin, or lacks tiles', async () => {
    await expect(pull()).rejects.toMatchObject({ code: 'fetch_failed' }); // no checkpoint yet
    await publish(10);
    await pull();
    await publish(20);
    logServer.tiles = new TileStore();
    await expect(pull()).rejects.toMatchObject({ code: 'fetch_failed' });
    const other = await createTestLog('other.example/log');
    other.append(1);
    logServer.checkpoint = await other.checkpoint(1);
    await expect(pull()).rejects.toMatchObject({ code: 'fetch_failed' });
    await expect(
      pullCheckpoint({ witness, logUrl: 'http://127.0.0.1:1', origin: log.origin }),
    ).rejects.toMatchObject({ code: 'fetch_failed' });
  });
});

describe('pullCheckpoints', () => {
  it('polls until aborted, reporting every result and error', async () => {
    const results: PullResult[] = [];
    const errors: unknown[] = [];
    const controller = new AbortController();
    const done = pullCheckpoints({
      witness,
      logUrl: logServer.url,
      origin: log.origin,
      intervalMs: 5,
      signal: controller.signal,
      onResult: (result) => {
        results.push(result);
        if (results.length === 1) void publish(30);
        if (results.some((r) => r.outcome === 'cosigned' && r.treeSize === 30n)) controller.abort();
      },
      onError: (error) => {
        errors.push(error);
        if (errors.length === 1) void publish(10);
      },
    });
    await done;
    expect(errors[0]).toMatchObject({ code: 'fetch_failed' });
    expect(results[0]).toMatchObject({ outcome: 'cosigned', treeSize: 10n });
    expect(results.at(-1)).toMatchObject({ outcome: 'cosigned', treeSize: 30n });
    expect(witness.latestSize(log.origin)).toBe(30n);
  });
});
