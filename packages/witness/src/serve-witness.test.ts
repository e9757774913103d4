import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_ADD_CHECKPOINT_REQUEST_BYTES } from '@jmm/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestLog, type TestLog } from '../test/support/test-log.ts';
import { generateWitnessKey } from './generate-witness-key.ts';
import { openWitness } from './open-witness.ts';
import { serveWitness, type WitnessServer } from './serve-witness.ts';
import type { Witness } from './witness.types.ts';

let stateDir: string;
let log: TestLog;
let witness: Witness;
let server: WitnessServer;
const onError = vi.fn();

beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'jmm-witness-http-'));
  log = await createTestLog();
  log.append(9);
  witness = await openWitness({
    stateDir,
    signerKey: generateWitnessKey('witness.example/w1').signerKey,
    logs: [{ origin: log.origin, verifierKey: log.verifierKey }],
  });
  server = await serveWitness(witness, { host: '127.0.0.1', port: 0, onError });
});

afterEach(async () => {
  await server.close();
  await witness.close();
  await rm(stateDir, { recursive: true, force: true });
});

const post = (body: string | Uint8Array<ArrayBuffer>) =>
  fetch(`${server.url}/add-checkpoint`, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });

describe('serveWitness', () => {
  it('listens on the port it was given, or a free one for 0', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
  });

  it('answers POST /add-checkpoint with the cosignature line', async () => {
    const response = await post(await log.request(0, 9));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/^— witness\.example\/w1 [A-Za-z0-9+/]+=*\n$/);
  });

  it("passes the witness's refusals through, 409 with text/x.tlog.size", async () => {
    const response = await post(await log.request(3, 9));
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('text/x.tlog.size');
    expect(await response.text()).toBe('0\n');
  });

  it('answers 400 to a body that is not UTF-8', async () => {
    expect((await post(Uint8Array.of(0x6f, 0x6c, 0x64, 0xff))).status).toBe(400);
  });

  it('answers 413 to a body over the request bound, without reading it all', async () => {
    const response = await post(new Uint8Array(MAX_ADD_CHECKPOINT_REQUEST_BYTES + 1));
    expect(response.status).toBe(413);
  });

  it('answers GET / with one health line naming its key', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`jmm witness ${witness.verifierKey}\n`);
  });

  it('serves nothing else', async () => {
    expect((await fetch(`${server.url}/add-checkpoint`)).status).toBe(405);
    expect((await fetch(`${server.url}/checkpoint`)).status).toBe(404);
    expect((await fetch(`${server.url}/`, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('answers 500 when the witness fails, and nothing is cosigned', async () => {
    await witness.close();
    const response = await post(await log.request(0, 9));
    expect(response.status).toBe(500);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'closed' }));
    expect(witness.latestSize(log.origin)).toBeUndefined();
  });
});
