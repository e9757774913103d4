import { decodeBase64, decodeUtf8, encodeHex, parseEnvelope, sha256 } from '@jmm/core';
import { MAX_STATEMENT_BYTES, parseStatement, type MetricsStatement } from '@jmm/domain';
import { LogError } from './log-error.ts';
import type { LogStorage } from './log-storage.ts';

/** Envelopes read per storage call while catching up with the log. */
const PAGE_SIZE = 1000;

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
 * The log's statements, parsed, for what is computed over all of them: metrics, and the values a report must
 * carry (validation of `report.publish`). Statements are immutable, so each is parsed once: the parsed prefix
 * of the log only grows, and a call reads just the envelopes sequenced since the last. Catching up is
 * serialised, so concurrent callers never read a page twice or interleave their appends; a failed catch-up
 * leaves the prefix as it was and the next call retries. Callers filter what their reader may read.
 */
export class StatementReader {
  private readonly parsed: MetricsStatement[] = [];
  private catchingUp: Promise<void> = Promise.resolve();

  constructor(private readonly readEnvelopes: LogStorage['readEnvelopes']) {}

  /** The first `treeSize` statements of the log, in log order (`treeSize` must not exceed a checkpoint's). */
  async readStatements(treeSize: bigint): Promise<readonly MetricsStatement[]> {
    const run = this.catchingUp.then(() => this.catchUp(treeSize));
    this.catchingUp = run.catch(() => undefined);
    await run;
    return this.parsed.slice(0, Number(treeSize));
  }

  private async catchUp(treeSize: bigint): Promise<void> {
    while (BigInt(this.parsed.length) < treeSize) {
      const from = BigInt(this.parsed.length);
      const page = await this.readEnvelopes(
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
      this.parsed.push(...next);
    }
  }
}
