// Readiness follows the sequencer's health (issue 7, reproduction 9): while it recovers from a commit whose
// outcome it could not confirm, or after it failed, /readyz answers 503 with Retry-After; /healthz stays 200.
// The engine's recovery itself is specified in @jmm/log's log-engine.test.ts; here its health is set directly.
import { LogError, type LogEngineHealth } from '@jmm/log';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestMechanism, type TestMechanism } from './test-mechanism.ts';

let t: TestMechanism;
beforeAll(async () => {
  t = await startTestMechanism();
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function setHealth(health: LogEngineHealth): void {
  vi.spyOn(t.mechanism.services.engine, 'health', 'get').mockReturnValue(health);
}

describe('GET /readyz', () => {
  it('answers ready with the tree size while the sequencer can sequence', async () => {
    const answer = await t.app.inject('/readyz');
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ status: 'ready', tree_size: Number(t.treeSize()) });
  });

  describe.each([
    [
      'recovering',
      {
        state: 'recovering',
        reason: 'storage could not be read after a commit whose outcome is unknown',
        cause: new Error('connection terminated unexpectedly at 10.0.0.7:5432'),
      },
    ],
    [
      'failed',
      {
        state: 'failed',
        reason: 'storage is inconsistent with the log',
        cause: new LogError('storage_corrupt', 'hash tile 0/3 is not stored'),
      },
    ],
  ] as const)('while the sequencer is %s', (state, health) => {
    it('answers 503 problem+json with Retry-After, without the internal reason', async () => {
      setHealth(health);
      const answer = await t.app.inject('/readyz');
      expect(answer.statusCode).toBe(503);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      expect(answer.json()).toMatchObject({ status: 503, code: 'not_ready', sequencer: state });
      expect(answer.body).not.toContain('10.0.0.7');
      expect(answer.body).not.toContain('hash tile');
    });

    it('stays live on /healthz', async () => {
      setHealth(health);
      expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    });
  });

  it('answers ready again once the sequencer has reloaded', async () => {
    setHealth({ state: 'recovering', reason: 'reloading', cause: undefined });
    expect((await t.app.inject('/readyz')).statusCode).toBe(503);
    vi.restoreAllMocks();
    expect((await t.app.inject('/readyz')).statusCode).toBe(200);
  });
});
