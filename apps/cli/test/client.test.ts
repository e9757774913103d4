// @jmm/client against a real server that `jmm serve` starts, and the two commands built on it: `jmm statement
// new` and `jmm submit --key`. The client trusts only the log key that `jmm init` wrote to the data directory,
// not what the server says about itself.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computeEnvelopeDigest,
  ed25519,
  encodeUtf8,
  formatVerifierKey,
  sha256,
  type Envelope,
} from '@jmm/core';
import { createJmmClient, type JmmClient, type StatementSigner } from '@jmm/client';
import type { StatementOf } from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/cli-error.ts';
import { readMemberKeyFile } from '../src/member-key-file.ts';
import { enrolPartyAReporter, jmm, jmmJson, serveMechanism, type RunningJmm } from './run-jmm.ts';

const ORIGIN = 'jmm.example.org/client-test';

let root: string;
let dataDir: string;
let serve: RunningJmm;
let server: string;
let logVerifierKey: string;
let reporterKeyFile: string;
let reporter: StatementSigner;

function newClient(): JmmClient {
  return createJmmClient({
    baseUrl: server,
    fetch: (url, init) => fetch(url, init),
    trust: { origin: ORIGIN, logVerifierKey },
    clock: { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), now: () => Date.now() },
  });
}

function incidentBody(): StatementOf<'incident.report'>['body'] {
  const now = Date.now();
  return {
    kind: 'allegation',
    category: {
      taxonomy: 'jmm-2026.1',
      mechanism_type: 'cross_border_fire',
      event_type: 'explosions_remote_violence',
      sub_event_type: 'shelling_artillery_missile_attack',
    },
    time: {
      start: new Date(now - 3_600_000).toISOString(),
      end: new Date(now - 1_800_000).toISOString(),
      precision: 'exact',
    },
    location: { lat: 34.0151, lon: 71.5249, precision_m: 500, admin1: 'Khyber Pakhtunkhwa' },
    alleged_responsible: { actor: 'artillery unit', party: 'pb' },
    narrative: 'Shells landed near the crossing.',
    evidence: [],
  };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jmm-client-test-'));
  dataDir = join(root, 'data');
  ({ serve, url: server, logVerifierKey } = await serveMechanism(dataDir, ORIGIN));

  // A reporter of Party A, enrolled by Party A's admin through the client.
  reporterKeyFile = join(root, 'reporter.key');
  await enrolPartyAReporter(newClient(), dataDir, reporterKeyFile);
  reporter = (await readMemberKeyFile(reporterKeyFile)).signer;
});

afterAll(async () => {
  serve.signals.emit('SIGINT');
  await serve.done;
  await rm(root, { recursive: true, force: true });
});

describe('@jmm/client against jmm serve', () => {
  it('signs in, submits an incident.report with a verified proof, and reads it back verified', async () => {
    const client = newClient();
    const session = await client.signIn(reporter);
    expect(session).toMatchObject({ org: 'pa', member: 'reporter', roles: ['reporter'] });

    const statement = await client.composeStatement('incident.report', incidentBody(), {
      issuer: { org: 'pa', member: 'reporter' },
      audience: { kind: 'mechanism' },
      issuedAt: new Date().toISOString(),
    });
    const submitted = await client.signAndSubmit(statement, reporter);
    expect(submitted).toMatchObject({ verified: true, duplicate: false });
    expect(submitted.digest).toBe(computeEnvelopeDigest(submitted.envelope));
    expect(client.latestCheckpoint?.treeSize).toBe(submitted.checkpoint.treeSize);

    // Resubmitting is idempotent: the same entry, verified again.
    const again = await client.submit(submitted.envelope);
    expect(again).toMatchObject({ verified: true, duplicate: true, index: submitted.index });

    const read = await client.readStatement(submitted.digest);
    expect(read).toMatchObject({ verified: true, digest: submitted.digest, index: submitted.index });
    expect(read.statement).toEqual(statement);

    const incidents = await client.listIncidents({ reporter: 'pa', status: ['reported'], limit: 10 });
    expect(incidents.records.map((record) => record.digest)).toContain(submitted.digest);
    const incident = await client.readIncident(submitted.digest);
    expect(incident).toMatchObject({
      digest: submitted.digest,
      narrative: 'Shells landed near the crossing.',
    });
    const timeline = await client.readTimeline(submitted.digest);
    expect(timeline.statements[0]).toMatchObject({
      digest: submitted.digest,
      statement: { body: { narrative: 'Shells landed near the crossing.' } },
    });
    await expect(client.readInbox()).resolves.toHaveProperty('items');
    await expect(client.readMetrics({ period: 'month' })).resolves.toHaveProperty('metrics');
    await expect(client.listExchanges()).resolves.toHaveProperty('records');
    await expect(client.listCases({ status: ['open'] })).resolves.toHaveProperty('records');
    await expect(client.listCommitments()).resolves.toHaveProperty('records');
    await expect(client.listFindings({ status: ['final'], attributed: 'pb' })).resolves.toEqual({
      records: [],
      next_cursor: null,
    });
  });

  it("surfaces the server's refusal with its code", async () => {
    const client = newClient();
    const statement = await client.composeStatement('incident.report', incidentBody(), {
      // The reporter's key, claiming to be Party B's admin.
      issuer: { org: 'pb', member: 'admin' },
      audience: { kind: 'mechanism' },
      issuedAt: new Date().toISOString(),
    });
    await expect(client.signAndSubmit(statement, reporter)).rejects.toMatchObject({
      name: 'ClientError',
      code: 'problem',
      problem: { code: 'issuer_mismatch' },
    });
  });

  it('refuses answers from a server whose log key is not the one trusted', async () => {
    const impostor = createJmmClient({
      baseUrl: server,
      fetch: (url, init) => fetch(url, init),
      trust: {
        origin: ORIGIN,
        // A well-formed key of the right name that the log does not sign with.
        logVerifierKey: formatVerifierKey(
          ORIGIN,
          (await ed25519.createSigner(sha256(encodeUtf8('not the log')))).publicKey,
        ),
      },
    });
    const statement = await impostor.composeStatement('incident.report', incidentBody(), {
      issuer: { org: 'pa', member: 'reporter' },
      audience: { kind: 'mechanism' },
      issuedAt: new Date().toISOString(),
    });
    await expect(impostor.signAndSubmit(statement, reporter)).rejects.toMatchObject({
      code: 'checkpoint_invalid',
    });
  });
});

describe('jmm statement new and jmm submit --key', () => {
  async function writeJson(name: string, value: unknown): Promise<string> {
    const file = join(root, name);
    await writeFile(file, JSON.stringify(value));
    return file;
  }

  it('composes and signs an envelope that jmm submit then sequences', async () => {
    const body = await writeJson('body-1.json', incidentBody());
    const out = join(root, 'envelope-1.json');
    const made = await jmmJson<{ file: string; digest: string; type: string }>(
      'statement',
      'new',
      'incident.report',
      '--key',
      reporterKeyFile,
      '--body',
      body,
      '--server',
      server,
      '--out',
      out,
    );
    const envelope = JSON.parse(await readFile(out, 'utf8')) as Envelope;
    expect(made).toMatchObject({
      file: out,
      type: 'incident.report',
      digest: computeEnvelopeDigest(envelope),
    });

    const submitted = await jmmJson<{ digest: string; duplicate: boolean }>(
      'submit',
      out,
      '--server',
      server,
    );
    expect(submitted).toMatchObject({ digest: made.digest, duplicate: false });
    // A mechanism-audience statement is read by members only.
    const member = newClient();
    await expect(member.readStatement(made.digest)).rejects.toMatchObject({ problem: { code: 'not_found' } });
    await member.signIn(reporter);
    await expect(member.readStatement(made.digest)).resolves.toMatchObject({ verified: true });
  });

  it('signs, submits and verifies in one step, coarsening a public statement', async () => {
    const body = await writeJson('body-2.json', incidentBody());
    const result = await jmmJson<{
      digest: string;
      verified: boolean;
      duplicate: boolean;
      tree_size: number;
    }>(
      'submit',
      '--key',
      reporterKeyFile,
      '--type',
      'incident.report',
      '--body',
      body,
      '--audience',
      'public',
      '--server',
      server,
      '--log-key',
      logVerifierKey,
    );
    expect(result).toMatchObject({ verified: true, duplicate: false });
    const read = await newClient().readStatement(result.digest);
    expect(read.statement.audience).toEqual({ kind: 'public' });
    const location = (read.statement as StatementOf<'incident.report'>).body.location;
    expect(location.precision_m).toBeGreaterThan(500);
  });

  it('reports every problem with the flags and the body at once, and sends nothing', async () => {
    const body = await writeJson('body-3.json', { ...incidentBody(), narrative: '', evidence: 'none' });
    const run = await jmm(
      'statement',
      'new',
      'incident.report',
      '--key',
      reporterKeyFile,
      '--body',
      body,
      '--mechanism',
      ORIGIN,
      '--ref',
      'responds_to:not-a-digest',
      '--audience',
      'everyone',
    );
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stderr).toContain('--ref');
    expect(run.stderr).toContain('--audience');

    const schema = await jmm(
      'statement',
      'new',
      'incident.report',
      '--key',
      reporterKeyFile,
      '--body',
      body,
      '--mechanism',
      ORIGIN,
    );
    expect(schema.code).toBe(EXIT_CODES.usage);
    expect(schema.stderr).toContain('body.narrative');
    expect(schema.stderr).toContain('body.evidence');
  });

  it("exits with code 5 when the server refuses, with the server's code", async () => {
    const body = await writeJson('body-4.json', incidentBody());
    const run = await jmm(
      'submit',
      '--key',
      reporterKeyFile,
      '--type',
      'incident.report',
      '--body',
      body,
      '--issuer',
      'pb/admin',
      '--server',
      server,
    );
    expect(run.code).toBe(EXIT_CODES.server);
    expect(run.stderr).toContain('issuer_mismatch');
  });
});
