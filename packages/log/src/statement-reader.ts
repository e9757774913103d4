import { decodeBase64, decodeUtf8, encodeHex, parseEnvelope, sha256 } from '@jmm/core';
import { canOrgRead, MAX_STATEMENT_BYTES, parseStatement, type MetricsStatement } from '@jmm/domain';
import { LogError, type LogStorage } from '@jmm/log';

/** Envelopes read per storage call while catching up with the log. */
const PAGE_SIZE = 1000;

/** The statements among the first `treeSize` of the log that `readerOrg` may read (undefined: the public). */
export type LoadVisibleStatements = (
  treeSize: bigint,
  readerOrg: string | undefined,
) => Promise<MetricsStatement[]>;

function parseStored(stored: { index: bigint; logTime: string; envelope: Uint8Array }): MetricsStatement {
  try {
    const envelope = parseEnvelope(decodeUtf8(stored.envelope), {
      maxPayloadBytes: MAX_STATEMENT_BYTES,
      maxSignatures: 1,
    });
    return {
      statement: parseStatement(decodeBase64(envelope.payload)),
      // The stored envelope is its JCS bytes, so the digest is the SHA-256 of exactly those bytes (DESIGN.md §3).
      digest: `sha256:${encodeHex(sha256(stored.envelope))}`,
      index: stored.index,
      logTime: stored.logTime,
    };
  } catch (cause) {
    // The sequencer parsed this envelope before logging it: failing now means storage changed underneath.
    throw new LogError('storage_corrupt', `the stored envelope at index ${stored.index} does not parse`, {
      cause,
    });
  }
}

/**
 * Reads the log's statements for metrics. Statements are immutable, so each is parsed once: the parsed prefix
 * of the log only grows, and a call reads just the envelopes sequenced since the last. Catching up is
 * serialised, so concurrent requests never read a page twice or interleave their appends; a failed catch-up
 * leaves the prefix as it was and the next call retries.
 */
export function createVisibleStatementsLoader(
  readEnvelopes: LogStorage['readEnvelopes'],
): LoadVisibleStatements {
  const parsed: MetricsStatement[] = [];
  let catchingUp: Promise<void> = Promise.resolve();

  async function catchUp(treeSize: bigint): Promise<void> {
    while (BigInt(parsed.length) < treeSize) {
      const from = BigInt(parsed.length);
      const page = await readEnvelopes(
        from,
        Number(treeSize - from < PAGE_SIZE ? treeSize - from : PAGE_SIZE),
      );
      if (page.length === 0)
        throw new LogError('storage_corrupt', `the log has no envelope at index ${from}`);
      const next = page.map(parseStored);
      next.forEach((statement, i) => {
        if (statement.index !== from + BigInt(i))
          throw new LogError(
            'storage_corrupt',
            `expected index ${from + BigInt(i)}, found ${statement.index}`,
          );
      });
      parsed.push(...next);
    }
  }

  return async (treeSize, readerOrg) => {
    const run = catchingUp.then(() => catchUp(treeSize));
    catchingUp = run.catch(() => undefined);
    await run;
    const visible: MetricsStatement[] = [];
    for (const entry of parsed) {
      if (entry.index >= treeSize) break;
      const { audience, issuer } = entry.statement;
      if (canOrgRead(audience, issuer.org, readerOrg)) visible.push(entry);
    }
    return visible;
  };
}
