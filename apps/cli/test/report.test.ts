// `jmm report` against a real served mechanism (issue 8): a report is computed at the latest checkpoint,
// rendered, uploaded and published; the log accepts it only because its values are the audience's metrics;
// the public downloads a public report's PDF, whose printed values are the published ones, and never a
// mechanism report's documents.
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJmmClient, type JmmClient, type ReportSummary } from '@jmm/client';
import { encodeHex, sha256 } from '@jmm/core';
import { TAXONOMY_VERSION, type Audience, type StatementOf } from '@jmm/domain';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/cli-error.ts';
import { readMemberKeyFile } from '../src/member-key-file.ts';
import { enrolPartyAReporter, jmm, jmmJson, serveMechanism, type RunningJmm } from './run-jmm.ts';

interface Published {
  readonly digest: string;
  readonly audience: string;
  readonly checkpoint: { readonly tree_size: number };
  readonly value_count: number;
  readonly verified: boolean;
  readonly documents: readonly { sha256: string; media_type: string; bytes: number; url: string }[];
  readonly files: readonly string[];
}

const ORIGIN = 'jmm.example.org/report-test';

let root: string;
let dataDir: string;
let serve: RunningJmm;
let url: string;
let client: JmmClient;
let secretariatKey: string;
/** The month the test runs in: the only one with activity, and not over yet. */
const month = new Date().toISOString().slice(0, 7);

/** The PDF's text, one string per printed line (items on one baseline joined by a space). */
async function readPdfLines(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const lines: string[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const rows = new Map<number, { x: number; text: string }[]>();
    for (const item of (await (await pdf.getPage(n)).getTextContent()).items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const y = Math.round(item.transform[5] as number);
      rows.set(y, [...(rows.get(y) ?? []), { x: item.transform[4] as number, text: item.str }]);
    }
    for (const y of [...rows.keys()].sort((a, b) => b - a))
      lines.push(
        rows
          .get(y)!
          .sort((a, b) => a.x - b.x)
          .map((item) => item.text)
          .join(' '),
      );
  }
  await pdf.destroy();
  return lines;
}

function allegation(): StatementOf<'incident.report'>['body'] {
  const now = Date.now();
  return {
    kind: 'allegation',
    category: {
      taxonomy: TAXONOMY_VERSION,
      mechanism_type: 'cross_border_fire',
      event_type: 'explosions_remote_violence',
      sub_event_type: 'shelling_artillery_missile_attack',
    },
    time: {
      start: new Date(now - 7_200_000).toISOString(),
      end: new Date(now - 3_600_000).toISOString(),
      precision: 'exact',
    },
    location: { lat: 34.0151234, lon: 71.5249876, precision_m: 500, admin1: 'Khyber Pakhtunkhwa' },
    alleged_responsible: { actor: 'An artillery unit', party: 'pb' },
    narrative: '[SYNTHETIC] Shells landed near the crossing.',
    evidence: [],
  };
}

async function download(document: { url: string }, token?: string): Promise<Response> {
  return fetch(document.url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

/** `jmm --json report` of this month so far for `audience`, signed with the secretariat's key. */
function publishReport<Extra = object>(
  audience: 'public' | 'mechanism',
  ...options: string[]
): Promise<Published & Extra> {
  return jmmJson<Published & Extra>(
    'report',
    url,
    '--period',
    month,
    '--partial',
    '--audience',
    audience,
    '--key',
    secretariatKey,
    ...options,
  );
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jmm-report-'));
  dataDir = join(root, 'data');
  let logVerifierKey: string;
  ({ serve, url, logVerifierKey } = await serveMechanism(dataDir, ORIGIN));
  client = createJmmClient({
    baseUrl: url,
    fetch: (input, init) => fetch(input, init),
    trust: { origin: ORIGIN, logVerifierKey },
  });
  secretariatKey = join(dataDir, 'keys', 'sec-admin.key');
  // Party A's reporter, enrolled by its admin, alleges five times publicly (the minimum public cell) and twice
  // for the mechanism.
  const reporterKey = join(root, 'pa-reporter.key');
  await enrolPartyAReporter(client, dataDir, reporterKey);
  const reporter = await readMemberKeyFile(reporterKey);
  const audiences: Audience[] = [
    ...Array.from({ length: 5 }, (): Audience => ({ kind: 'public' })),
    { kind: 'mechanism' },
    { kind: 'mechanism' },
  ];
  for (const audience of audiences) {
    const statement = await client.composeStatement('incident.report', allegation(), {
      issuer: { org: 'pa', member: 'reporter' },
      audience,
      issuedAt: new Date().toISOString(),
    });
    await client.signAndSubmit(statement, reporter.signer);
  }
});

afterAll(async () => {
  serve.signals.emit('SIGTERM');
  await serve.done;
  await rm(root, { recursive: true, force: true });
});

describe('jmm report', () => {
  it('refuses a period that has not ended, unless --partial', async () => {
    const run = await jmm('report', url, '--period', month, '--audience', 'public', '--key', secretariatKey);
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stderr).toContain('--partial');
  });

  it('refuses a period that begins after the latest checkpoint, and a malformed one', async () => {
    const future = await jmm(
      'report',
      url,
      '--period',
      '2999-01',
      '--audience',
      'public',
      '--key',
      secretariatKey,
    );
    expect(future.code).toBe(EXIT_CODES.usage);
    expect(future.stderr).toContain('begins after');
    const malformed = await jmm(
      'report',
      url,
      '--period',
      '2026-13',
      '--audience',
      'public',
      '--key',
      secretariatKey,
    );
    expect(malformed.code).toBe(EXIT_CODES.usage);
  });

  it('with --dry-run writes the HTML and PDF and submits nothing', async () => {
    const out = join(root, 'dry');
    const result = await publishReport<{ dry_run: boolean }>('public', '--out', out, '--dry-run');
    expect(result.dry_run).toBe(true);
    expect(result.files).toEqual([
      join(out, `report-${month}-public.pdf`),
      join(out, `report-${month}-public.html`),
    ]);
    const pdf = await readFile(result.files[0]!);
    expect(encodeHex(sha256(pdf))).toBe(result.documents[0]?.sha256);
    await expect(access(result.files[1]!)).resolves.toBeUndefined();
    expect((await client.listReports()).records).toEqual([]);
  });

  describe('a public report', () => {
    let published: Published;
    let listed: ReportSummary;

    beforeAll(async () => {
      published = await publishReport('public');
      const rows = (await client.listReports()).records;
      listed = rows.find((row) => row.digest === published.digest)!;
    });

    it('is published with its inclusion proof verified, and listed for the public', () => {
      expect(published.verified).toBe(true);
      expect(listed.audience).toBe('public');
      expect(listed.checkpoint.tree_size).toBe(published.checkpoint.tree_size);
      expect(listed.documents.map((document) => document.media_type).sort()).toEqual([
        'application/pdf',
        'text/html',
      ]);
    });

    it('carries the public values: the five public allegations, never the mechanism ones', () => {
      expect(listed.values['incidents.alleged_against.pb.total']).toBe(5);
      expect(listed.value_count).toBe(published.value_count);
    });

    it('serves its PDF to anyone; the bytes are the published digest and print every published value', async () => {
      const document = published.documents.find((candidate) => candidate.media_type === 'application/pdf')!;
      const answer = await download(document);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/pdf');
      const bytes = new Uint8Array(await answer.arrayBuffer());
      expect(encodeHex(sha256(bytes))).toBe(document.sha256);
      const lines = await readPdfLines(bytes);
      const start = lines.indexOf('Key Value');
      expect(start).toBeGreaterThan(0);
      const printed = Object.fromEntries(
        lines
          .slice(start + 1)
          .map((line) => /^(\S+) (-?[0-9.]+)$/.exec(line))
          .filter((match) => match !== null)
          .map((match) => [match[1]!, Number(match[2])]),
      );
      expect(printed).toEqual(listed.values);
    });
  });

  describe('a mechanism report', () => {
    let published: Published;

    beforeAll(async () => {
      published = await publishReport('mechanism');
    });

    it('counts what every member reads', async () => {
      await client.signIn((await readMemberKeyFile(join(dataDir, 'keys', 'pb-admin.key'))).signer);
      const listed = (await client.listReports()).records.find((row) => row.digest === published.digest);
      expect(listed?.audience).toBe('mechanism');
      expect(listed?.values['incidents.alleged_against.pb.total']).toBe(7);
    });

    it('serves its documents to members only: 404 to the public', async () => {
      for (const document of published.documents) {
        expect((await download(document)).status).toBe(404);
        expect((await download(document, client.session?.token)).status).toBe(200);
      }
    });
  });
});
