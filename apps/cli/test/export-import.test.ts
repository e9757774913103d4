// `jmm export` and `jmm import` against two real served mechanisms: export A's incidents as CSV, import them
// into B as B's reporter, and read them back from B with every field kept.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJmmClient, type JmmClient } from '@jmm/client';
import {
  coarsenLocation,
  coarsenTimeSpan,
  publicPrecisionOf,
  TAXONOMY_VERSION,
  type StatementOf,
} from '@jmm/domain';
import {
  formatCsvRecord,
  MAX_INCIDENTS_CSV_BYTES,
  MAX_INCIDENTS_CSV_ROWS,
  parseCsvRecords,
  parseIncidentsCsv,
  type IncidentCsvRow,
} from '@jmm/interchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/cli-error.ts';
import { readMemberKeyFile } from '../src/member-key-file.ts';
import { enrolPartyAReporter, jmm, jmmJson, serveMechanism, type RunningJmm } from './run-jmm.ts';

interface Served {
  readonly url: string;
  readonly serve: RunningJmm;
  readonly reporterKey: string;
  readonly client: JmmClient;
}

let root: string;
let a: Served;
let b: Served;

async function startMechanism(name: string): Promise<Served> {
  const dataDir = join(root, name);
  const origin = `jmm.example.org/${name}`;
  const { serve, url, logVerifierKey } = await serveMechanism(dataDir, origin);
  const client = createJmmClient({
    baseUrl: url,
    fetch: (input, init) => fetch(input, init),
    trust: { origin, logVerifierKey },
  });
  const reporterKey = join(root, `${name}-reporter.key`);
  await enrolPartyAReporter(client, dataDir, reporterKey);
  return { url, serve, reporterKey, client };
}

function report(
  overrides: Partial<StatementOf<'incident.report'>['body']>,
): StatementOf<'incident.report'>['body'] {
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
    location: {
      lat: 34.0151234,
      lon: 71.5249876,
      precision_m: 500,
      admin1: 'Khyber Pakhtunkhwa',
      admin2: 'Khyber',
      sector: 'S-4',
    },
    casualties: {
      killed: { best: 2, low: 1, high: 3 },
      civilians_killed: { best: 1, low: 1, high: 2 },
      injured: { best: 4, low: 2, high: 7 },
    },
    alleged_responsible: { actor: 'An artillery unit, "C" battery', party: 'pb' },
    narrative: 'Shells landed near the crossing,\nthen again at "first light". متن',
    evidence: [],
    ...overrides,
  };
}

async function submitReports(served: Served): Promise<void> {
  const reporter = await readMemberKeyFile(served.reporterKey);
  const settings = (await served.client.mechanism()).settings;
  const precision = publicPrecisionOf(settings);
  const body = report({});
  const bodies: [StatementOf<'incident.report'>['body'], StatementOf<'incident.report'>['audience']][] = [
    [body, { kind: 'orgs', orgs: ['pa'] }],
    [
      report({
        casualties: { killed: { best: 0, low: 0, high: 0 } },
        category: { ...body.category, mechanism_type: 'incursion' },
      }),
      { kind: 'mechanism' },
    ],
    [
      report({
        kind: 'observation',
        alleged_responsible: undefined,
        casualties: undefined,
        location: coarsenLocation(body.location, precision),
        time: coarsenTimeSpan(body.time, precision),
      }),
      { kind: 'public' },
    ],
  ];
  for (const [reportBody, audience] of bodies) {
    const clean = JSON.parse(JSON.stringify(reportBody)) as typeof reportBody;
    const statement = await served.client.composeStatement('incident.report', clean, {
      issuer: { org: 'pa', member: 'reporter' },
      audience,
      issuedAt: new Date().toISOString(),
    });
    await served.client.signAndSubmit(statement, reporter.signer);
  }
}

const contentOf = (rows: readonly IncidentCsvRow[]) =>
  rows
    .map(({ body, audience }) => ({ body, audience }))
    .sort(
      (x, y) =>
        x.body.category.mechanism_type.localeCompare(y.body.category.mechanism_type) ||
        x.audience.kind.localeCompare(y.audience.kind),
    );

async function exportCsv(served: Served, file: string, withKey = true): Promise<IncidentCsvRow[]> {
  await jmmJson(
    'export',
    '--format',
    'csv',
    '--out',
    file,
    ...(withKey ? ['--key', served.reporterKey] : []),
    served.url,
  );
  const { rows, problems } = parseIncidentsCsv(await readFile(file, 'utf8'), {
    publicPrecision: publicPrecisionOf((await served.client.mechanism()).settings),
  });
  expect(problems).toEqual([]);
  return rows;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jmm-export-import-test-'));
  a = await startMechanism('a');
  b = await startMechanism('b');
  await submitReports(a);
}, 120_000);

afterAll(async () => {
  for (const served of [a, b]) {
    served.serve.signals.emit('SIGINT');
    await served.serve.done;
  }
  await rm(root, { recursive: true, force: true });
});

describe('jmm export', () => {
  it('writes what the member may read, or the public view without --key', async () => {
    expect(await exportCsv(a, join(root, 'a-member.csv'))).toHaveLength(3);
    const publicRows = await exportCsv(a, join(root, 'a-public.csv'), false);
    expect(publicRows.map((row) => row.audience)).toEqual([{ kind: 'public' }]);
    expect(await readFile(join(root, 'a-public.csv'), 'utf8')).not.toContain('reporter');
  });

  it('writes GeoJSON and STIX 2.1, and never overwrites a file', async () => {
    await jmmJson(
      'export',
      '--format',
      'geojson',
      '--out',
      join(root, 'a.geojson'),
      '--key',
      a.reporterKey,
      a.url,
    );
    expect(JSON.parse(await readFile(join(root, 'a.geojson'), 'utf8'))).toMatchObject({
      type: 'FeatureCollection',
    });
    await jmmJson('export', '--format', 'stix', '--out', join(root, 'a.stix.json'), a.url);
    expect(JSON.parse(await readFile(join(root, 'a.stix.json'), 'utf8'))).toMatchObject({ type: 'bundle' });
    const again = await jmm('export', '--format', 'stix', '--out', join(root, 'a.stix.json'), a.url);
    expect(again.code).toBe(EXIT_CODES.exists);
  });
});

describe('jmm import', () => {
  it('checks a dry run without submitting, imports every row with every field, and skips them on a re-run', async () => {
    const exported = join(root, 'a-import.csv');
    const fromA = await exportCsv(a, exported);

    const dry = await jmmJson<{ would_submit: number }>(
      'import',
      '--csv',
      exported,
      '--key',
      b.reporterKey,
      '--dry-run',
      b.url,
    );
    expect(dry.would_submit).toBe(3);
    expect(await exportCsv(b, join(root, 'b-after-dry-run.csv'))).toEqual([]);

    const run = await jmmJson<{ submitted: unknown[] }>(
      'import',
      '--csv',
      exported,
      '--key',
      b.reporterKey,
      b.url,
    );
    expect(run.submitted).toHaveLength(3);
    const fromB = await exportCsv(b, join(root, 'b-after-import.csv'));
    expect(contentOf(fromB)).toEqual(contentOf(fromA));

    const rerun = await jmmJson<{ submitted: unknown[]; already_reported: number }>(
      'import',
      '--csv',
      exported,
      '--key',
      b.reporterKey,
      b.url,
    );
    expect(rerun).toMatchObject({ submitted: [], already_reported: 3 });
  });

  it('reports every problem with its line and submits nothing when any row is wrong', async () => {
    const before = (await exportCsv(b, join(root, 'b-before-bad.csv'))).length;
    // One mistake in each row, in a different column each time.
    const { records } = parseCsvRecords(await readFile(join(root, 'a-import.csv'), 'utf8'));
    const [header, ...rows] = records.map((record) => record.fields);
    const edits: [string, string][] = [
      ['latitude', '95'],
      ['jmm_alleged_party', 'px'],
      ['notes', ''],
    ];
    const bad =
      formatCsvRecord(header!) +
      rows
        .map((fields, i) => {
          const [column, value] = edits[i]!;
          const edited = [...fields];
          edited[header!.indexOf(column)] = value;
          return formatCsvRecord(edited);
        })
        .join('');
    const file = join(root, 'bad.csv');
    await writeFile(file, bad);
    const result = await jmm('import', '--csv', file, '--key', b.reporterKey, b.url);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr.match(/^line \d+: (latitude|jmm_alleged_party|notes): /gm)).toHaveLength(3);
    expect(result.stderr).toContain('nothing was submitted');
    expect((await exportCsv(b, join(root, 'b-after-bad.csv'))).length).toBe(before);
  });

  it('refuses a file past the row or size bound as a usage error, before checking any row', async () => {
    const { records } = parseCsvRecords(await readFile(join(root, 'a-import.csv'), 'utf8'));
    const [header, row] = records.map((record) => formatCsvRecord(record.fields));
    const tooManyRows = join(root, 'too-many-rows.csv');
    await writeFile(tooManyRows, header! + row!.repeat(MAX_INCIDENTS_CSV_ROWS + 1));
    const rows = await jmm('import', '--csv', tooManyRows, '--key', b.reporterKey, '--dry-run', b.url);
    expect(rows.code).toBe(EXIT_CODES.usage);
    expect(rows.stderr).toContain(String(MAX_INCIDENTS_CSV_ROWS));

    const tooLarge = join(root, 'too-large.csv');
    await writeFile(tooLarge, header! + ' '.repeat(MAX_INCIDENTS_CSV_BYTES));
    const bytes = await jmm('import', '--csv', tooLarge, '--key', b.reporterKey, '--dry-run', b.url);
    expect(bytes.code).toBe(EXIT_CODES.usage);
    expect(bytes.stderr).toContain('larger than an import may be');
  });
});
