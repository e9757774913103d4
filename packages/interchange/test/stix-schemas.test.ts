// STIX 2.1 output checked against the STIX 2.1 JSON schemas (OASIS cti-stix2-json-schemas, JSON Schema 2020-12),
// shipped in fixtures/stix2.1-schemas (see its README for where each file comes from).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatStixBundle, TLP_2_MARKINGS } from '../src/index.ts';
import {
  BARE_OBSERVATION,
  CASES,
  FINDINGS,
  FULL_ALLEGATION,
  MECHANISM_ALLEGATION,
  ORGS,
} from './sample-views.ts';

const SCHEMAS = join(import.meta.dirname, 'fixtures', 'stix2.1-schemas');
const SCHEMA_BASE =
  'https://raw.githubusercontent.com/707eric/cti-stix2-json-schemas/refs/heads/master/schemas';
const SCHEMA_OF_TYPE: Readonly<Record<string, string>> = {
  identity: `${SCHEMA_BASE}/sdos/identity.json`,
  location: `${SCHEMA_BASE}/sdos/location.json`,
  report: `${SCHEMA_BASE}/sdos/report.json`,
  note: `${SCHEMA_BASE}/sdos/note.json`,
  opinion: `${SCHEMA_BASE}/sdos/opinion.json`,
  'marking-definition': `${SCHEMA_BASE}/common/marking-definition.json`,
};
const BUNDLE_ID = /^bundle--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let validators: Map<string, ValidateFunction>;

beforeAll(() => {
  // The schemas escape '-' in patterns (\-), which JavaScript accepts only outside Unicode mode.
  const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  for (const folder of ['common', 'sdos']) {
    for (const file of readdirSync(join(SCHEMAS, folder))) {
      ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, folder, file), 'utf8')) as object);
    }
  }
  validators = new Map(
    Object.entries(SCHEMA_OF_TYPE).map(([type, id]) => [type, ajv.getSchema(id)!] as const),
  );
});

function schemaErrors(object: { type: string } & Record<string, unknown>): unknown {
  const validate = validators.get(object.type);
  if (validate === undefined) return `no schema for ${object.type}`;
  return validate(object) ? null : validate.errors;
}

const bundle = formatStixBundle({
  incidents: [FULL_ALLEGATION, BARE_OBSERVATION, MECHANISM_ALLEGATION],
  findings: FINDINGS,
  cases: CASES,
  orgs: ORGS,
  asOf: '2026-06-20T00:00:00Z',
});

describe('formatStixBundle', () => {
  it('gives objects that each validate against their STIX 2.1 schema', () => {
    const types = new Set(bundle.objects.map((o) => o.type));
    expect([...types].sort()).toEqual([
      'identity',
      'location',
      'marking-definition',
      'note',
      'opinion',
      'report',
    ]);
    for (const object of bundle.objects) expect([object.id, schemaErrors(object)]).toEqual([object.id, null]);
  });

  it('is a bundle (STIX 2.1 §8) whose ids are unique and whose references resolve inside it', () => {
    expect(bundle.type).toBe('bundle');
    expect(bundle.id).toMatch(BUNDLE_ID);
    const ids = bundle.objects.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const object of bundle.objects) {
      const refs = [
        ...((object.object_refs as string[] | undefined) ?? []),
        ...((object.object_marking_refs as string[] | undefined) ?? []),
        ...(object.created_by_ref === undefined ? [] : [object.created_by_ref as string]),
      ];
      for (const ref of refs) expect(ids).toContain(ref);
    }
  });

  it('would fail validation if a required property were missing (the check can fail)', () => {
    const report = bundle.objects.find((o) => o.type === 'report')!;
    const withoutPublished = Object.fromEntries(
      Object.entries(report).filter(([name]) => name !== 'published'),
    );
    expect(schemaErrors({ ...withoutPublished, type: 'report' })).not.toBeNull();
    const location = bundle.objects.find((o) => o.type === 'location')!;
    expect(schemaErrors({ ...location, latitude: 91 })).not.toBeNull();
  });

  it('marks each object with the TLP 2.0 level of its audience', () => {
    const markingOf = (digest: string) =>
      bundle.objects.find(
        (o) => o.type === 'report' && JSON.stringify(o.external_references).includes(digest),
      )?.object_marking_refs;
    expect(markingOf(BARE_OBSERVATION.digest)).toEqual([TLP_2_MARKINGS.clear.id]);
    expect(markingOf(MECHANISM_ALLEGATION.digest)).toEqual([TLP_2_MARKINGS.green.id]);
    expect(markingOf(FULL_ALLEGATION.digest)).toEqual([TLP_2_MARKINGS['amber+strict'].id]);
  });

  it('turns concurrence into agree and dissent into disagree, on the finding’s note', () => {
    const note = bundle.objects.find((o) => o.type === 'note')!;
    const opinions = bundle.objects.filter((o) => o.type === 'opinion');
    expect(opinions.map((o) => [o.opinion, o.object_refs])).toEqual([
      ['agree', [note.id]],
      ['disagree', [note.id]],
    ]);
    expect(opinions[1]?.explanation).toBe('The fragments are not conclusive.');
  });

  it('names organisations, never members', () => {
    expect(JSON.stringify(bundle)).not.toContain(FULL_ALLEGATION.member!);
  });

  it('is a pure function of its input: the same input gives the same bundle', () => {
    expect(
      formatStixBundle({
        incidents: [FULL_ALLEGATION, BARE_OBSERVATION, MECHANISM_ALLEGATION],
        findings: FINDINGS,
        cases: CASES,
        orgs: ORGS,
        asOf: '2026-06-20T00:00:00Z',
      }),
    ).toEqual(bundle);
  });
});
