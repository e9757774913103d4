import { describe, expect, it } from 'vitest';
import { parseServerConfig } from './server-config.ts';
import { MechanismError } from './mechanism-error.ts';

function problemsOf(flags: Record<string, string>, env: Record<string, string> = {}): string[] {
  try {
    parseServerConfig(flags, env);
  } catch (error) {
    expect(error).toBeInstanceOf(MechanismError);
    expect((error as MechanismError).code).toBe('invalid_request');
    return (error as MechanismError).detail?.problems as string[];
  }
  return [];
}

describe('parseServerConfig', () => {
  describe('the edge settings', () => {
    it('default to bounded timeouts and a challenge cap', () => {
      expect(parseServerConfig({}, {})).toMatchObject({
        headersTimeoutSeconds: 10,
        requestTimeoutSeconds: 120,
        idleTimeoutSeconds: 30,
        keepAliveTimeoutSeconds: 5,
        maxOutstandingChallenges: 10_000,
      });
    });

    it('are read from flags, which win, and JMM_* variables', () => {
      const config = parseServerConfig(
        { 'headers-timeout': '3' },
        { JMM_HEADERS_TIMEOUT: '4', JMM_REQUEST_TIMEOUT: '9', JMM_MAX_CHALLENGES: '50' },
      );
      expect(config).toMatchObject({
        headersTimeoutSeconds: 3,
        requestTimeoutSeconds: 9,
        maxOutstandingChallenges: 50,
      });
    });
  });

  describe('the web root', () => {
    it('is unset by default, so the server serves the API alone', () => {
      expect(parseServerConfig({}, {}).webRoot).toBeUndefined();
    });

    it('is read from --web-root, which wins, or JMM_WEB_ROOT', () => {
      expect(parseServerConfig({}, { JMM_WEB_ROOT: '/srv/web' }).webRoot).toBe('/srv/web');
      expect(parseServerConfig({ 'web-root': '/opt/web' }, { JMM_WEB_ROOT: '/srv/web' }).webRoot).toBe(
        '/opt/web',
      );
    });
  });

  describe('the witness interval', () => {
    it('is a second by default', () => {
      expect(parseServerConfig({}, {}).witnessIntervalMs).toBe(1000);
    });

    it('is read from --witness-interval, which wins, or JMM_WITNESS_INTERVAL, in milliseconds', () => {
      expect(parseServerConfig({}, { JMM_WITNESS_INTERVAL: '250' }).witnessIntervalMs).toBe(250);
      expect(
        parseServerConfig({ 'witness-interval': '5000' }, { JMM_WITNESS_INTERVAL: '250' }).witnessIntervalMs,
      ).toBe(5000);
    });

    it('refuses a value that is not a whole number of milliseconds from 10 to an hour', () => {
      expect(problemsOf({ 'witness-interval': '5' })).toHaveLength(1);
      expect(problemsOf({}, { JMM_WITNESS_INTERVAL: '1.5' })).toHaveLength(1);
      expect(problemsOf({}, { JMM_WITNESS_INTERVAL: '3600001' })).toHaveLength(1);
    });
  });

  describe('when several settings are wrong', () => {
    it('reports every problem at once', () => {
      const problems = problemsOf(
        { 'idle-timeout': '0', 'keep-alive-timeout': 'soon' },
        { JMM_MAX_CHALLENGES: '-1' },
      );
      expect(problems).toHaveLength(3);
    });

    it('refuses a request timeout shorter than the headers timeout', () => {
      expect(problemsOf({ 'headers-timeout': '20', 'request-timeout': '10' })).toHaveLength(1);
    });
  });
});
