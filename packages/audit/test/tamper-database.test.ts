// Issue 11, "Tampering": random single-byte changes to a mechanism's stored database (entries, envelopes, hash
// tiles, the checkpoint and its history); `jmm verify` (@jmm/audit over the server's HTTP API) must detect every
// one that changes what the stored log means. Each change is made in place, audited and undone.
//
// What the server reads live from the database (entries, envelopes, the checkpoint history) is audited through
// the running server. Hash tiles and the latest checkpoint are held in the sequencer's memory once the log is
// open, so a change to them is audited through a mechanism opened afresh on the changed database: the server
// checks its tiles against the stored checkpoint root when it opens, and refusing to open (storage_corrupt) is
// the detection this test accepts for them, and counts separately. The log is kept under one entry bundle (256
// entries) so that no full bundle is cached by the tile routes.
//
// What a change means (the rule): entries and tiles are bytes, every one meaningful; an envelope means its
// RFC 8785 form (the server serves the stored JSON parsed); a note means its text and each signature's key name
// and bytes (strict base64); a history row's root hash its bytes and its log time its text. A value that no
// longer parses means "malformed". TAMPER_SEED and TAMPER_CHANGES override the seed and the count.
import { randomBytes } from 'node:crypto';
import { canonicalizeJson, decodeBase64, encodeHex, type Ed25519Signer } from '@jmm/core';
import { auditLog, createHttpLogSource, isAuditError } from '../src/index.ts';
import { fetchThroughApp } from './served-mechanism.ts';
import { TAXONOMY_VERSION } from '@jmm/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@jmm/server';
import { ORIGIN, signerFor, startTestMechanism, type TestMechanism } from '@jmm/server/testing';
import { openMechanism, parseServerConfig, type ServerConfig } from '@jmm/mechanism';

const SEED = Number(process.env.TAMPER_SEED ?? 0x5eed_db11);
const CHANGES = Number(process.env.TAMPER_CHANGES ?? 1000);
const REPORTS = 150;

/** A stored value a change is made in: a column of one row. */
interface StoredValue {
  readonly table: 'entries' | 'envelopes' | 'hash_tiles' | 'checkpoint' | 'checkpoint_history';
  readonly column: string;
  /** SQL condition naming the row. */
  readonly where: ReturnType<typeof sql>;
  readonly original: Uint8Array | string;
  /** Whether the server reads it from the database on every request (else a fresh mechanism must be opened). */
  readonly live: boolean;
  readonly meaning: (value: Uint8Array) => string;
}

function createRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

function meaningOf(parse: (text: string) => unknown): (value: Uint8Array) => string {
  return (value) => {
    try {
      return JSON.stringify(parse(new TextDecoder('utf-8', { fatal: true }).decode(value)));
    } catch {
      return 'malformed';
    }
  };
}

const bytesMeaning = (value: Uint8Array): string => encodeHex(value);
const textMeaning = meaningOf((text) => text);
const envelopeMeaning = meaningOf((text) => canonicalizeJson(JSON.parse(text)));
const noteMeaning = meaningOf((text) => {
  const split = text.indexOf('\n\n');
  if (split < 0 || !text.endsWith('\n')) throw new Error('not a signed note');
  const signatures = text
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => {
      const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
      if (match === null) throw new Error('not a signature line');
      return [match[1], encodeHex(decodeBase64(match[2]!))];
    });
  return { body: text.slice(0, split + 1), signatures };
});

const toBytes = (value: Uint8Array | string): Uint8Array =>
  typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(value);

interface Outcome {
  readonly detected: boolean;
  readonly how: string;
  /** Whether the audit ran to its end and reported tampering among its problems. */
  readonly tampered: boolean;
}

describe('jmm verify over a tampered stored database', () => {
  let t: TestMechanism;
  let config: ServerConfig;
  let auditor: Ed25519Signer;
  let logVkey: string;
  const values: StoredValue[] = [];

  async function audit(app: FastifyInstance): Promise<Outcome> {
    const source = createHttpLogSource('http://jmm.test/', {
      fetch: fetchThroughApp(app),
      signer: auditor,
      signerName: 'sec/admin',
      maxAttempts: 1,
    });
    try {
      const result = await auditLog(source, { origin: ORIGIN, logVkey, workers: 0 });
      return {
        detected: !result.ok,
        how: result.problems[0]?.kind ?? 'none',
        tampered: result.problems.some((problem) => problem.kind === 'tampered'),
      };
    } catch (error) {
      // The audit could not run to its end (the server failed to serve what it stores): `jmm verify` fails,
      // but as "unreachable", not "tampered" — which the live values below must never cause.
      if (isAuditError(error)) return { detected: true, how: `refused: ${error.code}`, tampered: false };
      throw error;
    }
  }

  /** Audits the database as a mechanism opened on it now would serve it. */
  async function auditFreshlyOpened(): Promise<Outcome> {
    let opened;
    try {
      opened = await openMechanism(config, {
        clock: () => t.now,
        randomBytes: (length) => new Uint8Array(randomBytes(length)),
      });
    } catch (error) {
      return {
        detected: true,
        how: `server refused to open: ${(error as { code?: string }).code ?? String(error)}`,
        tampered: false,
      };
    }
    const app = await buildApp(opened.services);
    try {
      return await audit(app);
    } finally {
      await app.close();
      await opened.close();
    }
  }

  async function store(value: StoredValue, bytes: Uint8Array): Promise<void> {
    // Text columns are written byte for byte, valid UTF-8 or not, as an edit of the database file would.
    const literal =
      typeof value.original === 'string' ? sql`cast(${Buffer.from(bytes)} as text)` : sql`${bytes}`;
    await sql`update ${sql.table(value.table)} set ${sql.ref(value.column)} = ${literal} where ${value.where}`.execute(
      t.mechanism.database.db,
    );
  }

  beforeAll(async () => {
    t = await startTestMechanism();
    config = parseServerConfig({ data: t.dataDir, 'log-level': 'silent' }, {});
    auditor = await signerFor('sec/admin');
    logVkey = (await t.getJson<{ log_vkey: string }>('/mechanism')).log_vkey;
    const submit = async (statement: Parameters<TestMechanism['sign']>[0]) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/statements',
        payload: await t.sign(statement),
      });
      expect(response.statusCode, response.body).toBeLessThan(300);
    };
    for (const org of ['pa', 'pb']) {
      await submit(
        t.statement('member.enroll', `${org}/admin`, await t.enrolment(org, 'reporter', ['reporter'])),
      );
    }
    for (let n = 0; n < REPORTS; n += 10) {
      // Ten at a time, so the sequencer commits them in batches and the history has checkpoints of many sizes.
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const org = (n + i) % 2 === 0 ? 'pa' : 'pb';
          return submit(
            t.statement(
              'incident.report',
              `${org}/reporter`,
              {
                kind: 'allegation',
                category: {
                  taxonomy: TAXONOMY_VERSION,
                  mechanism_type: 'cross_border_fire',
                  event_type: 'explosions_remote_violence',
                  sub_event_type: 'shelling_artillery_missile_attack',
                },
                time: { start: '2026-05-31T00:00:00Z', end: '2026-05-31T00:00:00Z', precision: 'day' },
                location: { lat: 34.1, lon: 71.1, precision_m: 10_000, admin1: 'Khyber Pakhtunkhwa' },
                alleged_responsible: { actor: 'forces across the border', party: org === 'pa' ? 'pb' : 'pa' },
                narrative: `[SYNTHETIC] report ${n + i}`,
                evidence: [],
              },
              (n + i) % 3 === 0 ? {} : { audience: { kind: 'public' } },
            ),
          );
        }),
      );
    }
    const db = t.mechanism.database.db;
    const rows = async <T>(query: ReturnType<typeof sql>) => (await query.execute(db)).rows as T[];
    for (const row of await rows<{ idx: number; entry: Uint8Array }>(sql`select idx, entry from entries`)) {
      values.push({
        table: 'entries',
        column: 'entry',
        where: sql`idx = ${row.idx}`,
        original: row.entry,
        live: true,
        meaning: bytesMeaning,
      });
    }
    for (const row of await rows<{ digest: string; envelope: Uint8Array }>(
      sql`select digest, envelope from envelopes`,
    )) {
      values.push({
        table: 'envelopes',
        column: 'envelope',
        where: sql`digest = ${row.digest}`,
        original: row.envelope,
        live: true,
        meaning: envelopeMeaning,
      });
    }
    for (const row of await rows<{ level: number; idx: number; hashes: Uint8Array }>(
      sql`select level, idx, hashes from hash_tiles`,
    )) {
      values.push({
        table: 'hash_tiles',
        column: 'hashes',
        where: sql`level = ${row.level} and idx = ${row.idx}`,
        original: row.hashes,
        live: false,
        meaning: bytesMeaning,
      });
    }
    for (const row of await rows<{ note: string }>(sql`select note from checkpoint`)) {
      values.push({
        table: 'checkpoint',
        column: 'note',
        where: sql`id = 1`,
        original: row.note,
        live: false,
        meaning: noteMeaning,
      });
    }
    for (const row of await rows<{
      tree_size: number;
      root_hash: Uint8Array;
      note: string;
      log_time: string;
    }>(sql`select tree_size, root_hash, note, log_time from checkpoint_history`)) {
      const where = sql`tree_size = ${row.tree_size}`;
      values.push({
        table: 'checkpoint_history',
        column: 'note',
        where,
        original: row.note,
        live: true,
        meaning: noteMeaning,
      });
      values.push({
        table: 'checkpoint_history',
        column: 'root_hash',
        where,
        original: row.root_hash,
        live: true,
        meaning: bytesMeaning,
      });
      values.push({
        table: 'checkpoint_history',
        column: 'log_time',
        where,
        original: row.log_time,
        live: true,
        meaning: textMeaning,
      });
    }
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it('passes the untouched database, a log under one entry bundle with checkpoints of many sizes', async () => {
    expect(t.treeSize()).toBeLessThan(256n);
    expect(values.filter((value) => value.table === 'checkpoint_history').length).toBeGreaterThan(3 * 10);
    expect(await audit(t.app)).toEqual({ detected: false, how: 'none', tampered: false });
    expect(await auditFreshlyOpened()).toEqual({ detected: false, how: 'none', tampered: false });
  });

  it(`detects every one of ${CHANGES} random single-byte changes that changes the stored log's meaning`, async () => {
    const random = createRandom(SEED);
    const tables = [...new Set(values.map((value) => value.table))];
    const missed: string[] = [];
    // Values the running server reads live (entries, envelopes, the history): a change to one must be reported
    // as tampering by an audit that runs to its end — a corrupt row never makes the server fail the page (a
    // 500 would end the audit as "unreachable", exit 10, instead of "tampered", exit 11).
    const notTampered: string[] = [];
    const tally = new Map<string, number>();
    let meaningless = 0;
    for (let change = 0; change < CHANGES; change++) {
      const table = tables[random(tables.length)]!;
      const candidates = values.filter((value) => value.table === table);
      const value = candidates[random(candidates.length)]!;
      const original = toBytes(value.original);
      const offset = random(original.length);
      const changed = Uint8Array.from(original);
      const byte = (original[offset]! + 1 + random(255)) & 0xff;
      changed[offset] = byte;
      if (value.meaning(changed) === value.meaning(original)) {
        meaningless += 1;
        continue;
      }
      await store(value, changed);
      try {
        const outcome = value.live ? await audit(t.app) : await auditFreshlyOpened();
        const how = `${value.table}.${value.column}: ${outcome.how}`;
        tally.set(how, (tally.get(how) ?? 0) + 1);
        if (value.live && !outcome.tampered)
          notTampered.push(`change ${change}: ${value.table}.${value.column} byte ${offset}: ${outcome.how}`);
        if (!outcome.detected) {
          const context = Buffer.from(original.subarray(Math.max(0, offset - 20), offset + 20)).toString(
            'latin1',
          );
          missed.push(
            `change ${change}: ${value.table}.${value.column} byte ${offset} 0x${original[offset]!.toString(16)} → 0x${byte.toString(16)} near ${JSON.stringify(context)}`,
          );
        }
      } finally {
        await store(value, original);
      }
    }
    if (process.env.TAMPER_VERBOSE !== undefined) console.info({ meaningless, tally, missed });
    expect(missed, `undetected changes (seed ${SEED}): ${missed.length}`).toEqual([]);
    expect(notTampered, `live changes not reported as tampering (seed ${SEED})`).toEqual([]);
    expect(meaningless).toBeLessThan(CHANGES / 10);
    // Every kind of stored value was changed, and each kind was audited.
    expect(new Set([...tally.keys()].map((how) => how.split(':')[0]))).toEqual(
      new Set(values.map((value) => `${value.table}.${value.column}`)),
    );
  }, 600_000);
});
