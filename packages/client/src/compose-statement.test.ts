import { DEFAULT_SETTINGS } from '@jmm/domain';
import { describe, expect, it } from 'vitest';
import { incidentBody, TEST_ORIGIN } from '../test/fake-log.ts';
import { ClientError } from './client-error.ts';
import { composeStatement } from './compose-statement.ts';

const common = {
  issuer: { org: 'pa', member: 'reporter' },
  issuedAt: '2026-06-01T10:00:00Z',
  mechanism: TEST_ORIGIN,
};

describe('composeStatement', () => {
  it('fills in the common fields and validates the body of its type', () => {
    const statement = composeStatement('incident.report', incidentBody(), {
      ...common,
      audience: { kind: 'mechanism' },
    });
    expect(statement).toMatchObject({
      jmm: 1,
      type: 'incident.report',
      mechanism: TEST_ORIGIN,
      issuer: { org: 'pa', member: 'reporter' },
      issued_at: '2026-06-01T10:00:00Z',
      refs: [],
    });
    expect(statement.body.location.lat).toBe(34.0151);
  });

  describe('for a public audience', () => {
    it("coarsens what it says to the mechanism's public precision", () => {
      const statement = composeStatement('incident.report', incidentBody(), {
        ...common,
        audience: { kind: 'public' },
        settings: DEFAULT_SETTINGS,
      });
      expect(statement.body.location.precision_m).toBeGreaterThanOrEqual(
        DEFAULT_SETTINGS.public_location_precision_m,
      );
      expect(statement.body.location.lat).not.toBe(34.0151);
    });

    it('refuses to compose without the settings that say how coarse', () => {
      expect(() =>
        composeStatement('incident.report', incidentBody(), { ...common, audience: { kind: 'public' } }),
      ).toThrow(expect.objectContaining({ code: 'invalid_argument' }) as Error);
    });
  });

  describe('when the statement does not match its schema', () => {
    it('reports every issue at once', () => {
      const body = { ...incidentBody(), narrative: '', location: { lat: 200, lon: 0, precision_m: 0 } };
      let error: unknown;
      try {
        composeStatement('incident.report', body, {
          ...common,
          issuedAt: 'yesterday',
          audience: { kind: 'mechanism' },
        });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClientError);
      const { code, detail } = error as ClientError;
      expect(code).toBe('invalid_statement');
      const paths = (detail?.issues as { path: string }[]).map((issue) => issue.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'issued_at',
          'body.narrative',
          'body.location.lat',
          'body.location.precision_m',
        ]),
      );
    });
  });
});
