import {
  coarsenLocation,
  DEFAULT_SETTINGS,
  publicPrecisionOf,
  TAXONOMY_VERSION,
  type Statement,
} from '@jmm/domain';
import { parseIncidentsCsv } from '@jmm/interchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMechanism, type TestMechanism } from './test-mechanism.ts';

// The export endpoints end to end: real statements through the real sequencer, exported as the public, as the
// party that reported and as the party alleged against.

let t: TestMechanism;
const MINUTE = 60_000;
const PRECISION = publicPrecisionOf(DEFAULT_SETTINGS);
const FINE_LOCATION = { lat: 34.81234, lon: 71.12345, precision_m: 100, admin1: 'Kunar', admin2: 'Asadabad' };

async function submit(statement: Statement): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/statements',
    payload: (await t.sign(statement)) as object,
  });
  expect(response.statusCode, response.body).toBe(201);
  t.now += MINUTE;
  return response.json<{ digest: string }>().digest;
}

function allegation(reporter: string, against: string, audience: Statement['audience']): Statement {
  return t.statement(
    'incident.report',
    reporter,
    {
      kind: 'allegation',
      category: {
        taxonomy: TAXONOMY_VERSION,
        mechanism_type: 'cross_border_fire',
        event_type: 'explosions_remote_violence',
        sub_event_type: 'shelling_artillery_missile_attack',
      },
      time: { start: '2026-05-30T10:00:00Z', end: '2026-05-30T10:00:00Z', precision: 'exact' },
      location: FINE_LOCATION,
      alleged_responsible: { actor: 'An artillery unit', party: against },
      narrative: `Shells landed near the crossing (${audience.kind}).`,
      evidence: [],
    },
    { audience },
  );
}

let restricted: string;
let publicOne: string;
let mechanismWide: string;

beforeAll(async () => {
  t = await startTestMechanism();
  for (const org of ['pa', 'pb']) {
    await submit(
      t.statement('member.enroll', `${org}/admin`, await t.enrolment(org, 'reporter', ['reporter'])),
    );
  }
  restricted = await submit(allegation('pa/reporter', 'pb', { kind: 'orgs', orgs: ['pa'] }));
  publicOne = await submit(allegation('pa/reporter', 'pb', { kind: 'public' }));
  mechanismWide = await submit(allegation('pb/reporter', 'pa', { kind: 'mechanism' }));
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/exports/incidents.csv', () => {
  it('gives the public the public incidents only, coarsened, without member ids, as a CSV attachment', async () => {
    const response = await t.get('/exports/incidents.csv');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['content-disposition']).toBe('attachment; filename="jmm-incidents.csv"');
    expect(response.body).not.toContain('reporter');
    const { rows, problems } = parseIncidentsCsv(response.body, { publicPrecision: PRECISION });
    expect(problems).toEqual([]);
    expect(rows.map((row) => row.source.digest)).toEqual([publicOne]);
    expect(rows[0]?.body.location).toEqual(coarsenLocation(FINE_LOCATION, PRECISION));
    expect(rows[0]?.body.location.admin2).toBeUndefined();
  });

  it("does not give a party the other party's restricted incidents", async () => {
    const response = await t.get('/exports/incidents.csv', 'pb/reporter');
    expect(response.statusCode, response.body).toBe(200);
    const digests = parseIncidentsCsv(response.body, { publicPrecision: PRECISION }).rows.map(
      (row) => row.source.digest,
    );
    expect(digests.sort()).toEqual([publicOne, mechanismWide].sort());
    expect(response.body).not.toContain(restricted);
  });

  it('gives the reporting party everything it may read, with its member ids', async () => {
    const response = await t.get('/exports/incidents.csv', 'pa/reporter');
    const { rows } = parseIncidentsCsv(response.body, { publicPrecision: PRECISION });
    expect(rows.map((row) => row.source.digest).sort()).toEqual(
      [restricted, publicOne, mechanismWide].sort(),
    );
    expect(response.body).toContain(',reporter,');
  });

  it('takes the filters of GET /incidents, and refuses a malformed one', async () => {
    const mine = await t.get('/exports/incidents.csv?reporter=pb', 'pa/reporter');
    expect(parseIncidentsCsv(mine.body).rows.map((row) => row.source.digest)).toEqual([mechanismWide]);
    expect((await t.get('/exports/incidents.csv?kind=rumour')).statusCode).toBe(400);
  });
});

describe('GET /api/v1/exports/incidents.geojson', () => {
  it('gives the public one coarsened point per public incident, without member ids', async () => {
    const response = await t.get('/exports/incidents.geojson');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/geo\+json\b/);
    const collection = response.json<{
      features: { id: string; geometry: { coordinates: number[] }; properties: { member: null } }[];
    }>();
    const coarse = coarsenLocation(FINE_LOCATION, PRECISION);
    expect(collection.features.map((f) => [f.id, f.geometry.coordinates, f.properties.member])).toEqual([
      [publicOne, [coarse.lon, coarse.lat], null],
    ]);
  });
});

describe('GET /api/v1/exports/stix.json', () => {
  it('gives the public a STIX 2.1 bundle of public reports marked TLP:CLEAR, naming no member', async () => {
    const response = await t.get('/exports/stix.json');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/stix\+json; ?version="?2\.1\b/);
    expect(response.body).not.toContain('reporter');
    const bundle = response.json<{
      type: string;
      objects: { type: string; external_references?: unknown }[];
    }>();
    expect(bundle.type).toBe('bundle');
    const reports = bundle.objects.filter((o) => o.type === 'report');
    expect(reports.map((o) => JSON.stringify(o.external_references))).toEqual([
      JSON.stringify([{ source_name: 'jmm', external_id: publicOne }]),
    ]);
  });

  it("does not give a party the other party's restricted incidents", async () => {
    const response = await t.get('/exports/stix.json', 'pb/reporter');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).not.toContain(restricted);
    expect(response.body).toContain(mechanismWide);
  });
});
