import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/build-app.ts';
import { startTestMechanism, type TestMechanism } from './test-mechanism.ts';

// The web app at `/` (DESIGN.md §7): a Vite build's files, index.html for the app's own routes, and the API's
// problem+json answers untouched.

const INDEX = '<!doctype html><title>JMM</title><script type="module" src="/assets/index-3f2a.js"></script>';

let t: TestMechanism;
let webRoot: string;
let web: FastifyInstance;
let unbuilt: FastifyInstance;

async function appWith(root: string): Promise<FastifyInstance> {
  return buildApp({ ...t.mechanism.services, config: { ...t.mechanism.services.config, webRoot: root } });
}

beforeAll(async () => {
  t = await startTestMechanism();
  webRoot = await mkdtemp(join(tmpdir(), 'jmm-web-root-'));
  await mkdir(join(webRoot, 'assets'));
  await writeFile(join(webRoot, 'index.html'), INDEX);
  await writeFile(join(webRoot, 'assets', 'index-3f2a.js'), 'console.log("jmm")');
  await writeFile(join(webRoot, 'assets', 'map-worker-9c1d.mjs'), 'self.onmessage = () => {}');
  await writeFile(join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(webRoot, '.env'), 'SECRET=1');
  await writeFile(join(webRoot, 'assets', 'index-3f2a.js.br'), brotliCompressSync('console.log("jmm")'));
  web = await appWith(webRoot);
  unbuilt = await appWith(join(webRoot, 'missing'));
});
afterAll(async () => {
  await web.close();
  await unbuilt.close();
  await t.close();
  await rm(webRoot, { recursive: true, force: true });
});

describe('the web app', () => {
  describe('when the web root holds a build', () => {
    it('answers / and deep links with index.html, never cached', async () => {
      // Statement types are dotted: a route like /compose/incident.report is the app's, not a file.
      for (const url of [
        '/',
        '/incidents/sha256:' + 'a'.repeat(64),
        '/admin/members?tab=keys',
        '/compose/incident.report',
      ]) {
        const answer = await web.inject(url);
        expect(answer.statusCode, url).toBe(200);
        expect(answer.headers['content-type']).toContain('text/html');
        expect(answer.headers['cache-control']).toBe('no-cache');
        expect(answer.body).toBe(INDEX);
      }
    });

    it('serves hashed assets with a long immutable cache, and .mjs as JavaScript', async () => {
      const script = await web.inject('/assets/index-3f2a.js');
      expect(script.statusCode).toBe(200);
      expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(script.headers['content-type']).toContain('javascript');
      const worker = await web.inject('/assets/map-worker-9c1d.mjs');
      expect(worker.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect((await web.inject('/favicon.svg')).headers['cache-control']).toBe('no-cache');
    });

    it("sends the build's Brotli copy of a file to a browser that accepts it", async () => {
      const answer = await web.inject({
        url: '/assets/index-3f2a.js',
        headers: { 'accept-encoding': 'br, gzip' },
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-encoding']).toBe('br');
      expect(answer.headers['content-type']).toContain('javascript');
      expect(answer.rawPayload).toEqual(brotliCompressSync('console.log("jmm")'));
    });

    it('keeps the strict CSP on the page', async () => {
      const csp = (await web.inject('/')).headers['content-security-policy']!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain("img-src 'self' data: blob:");
    });

    it('answers a missing file, a dotfile or a traversal with a problem 404, not the app', async () => {
      for (const url of ['/assets/gone-0000.js', '/.env', '/assets/..%2f.env', '/%2e%2e/etc/passwd.txt']) {
        const answer = await web.inject(url);
        expect(answer.statusCode, url).toBe(404);
        expect(answer.body).not.toContain('SECRET');
        expect(answer.body).not.toBe(INDEX);
      }
    });

    it('leaves the API, the log and the probes theirs: unknown paths there are problem+json 404s', async () => {
      for (const url of ['/api/v1/nothing', '/api/v1/nothing/deeper', '/log/nothing', '/api']) {
        const answer = await web.inject(url);
        expect(answer.statusCode, url).toBe(404);
        expect(answer.headers['content-type']).toContain('application/problem+json');
        expect(answer.json()).toMatchObject({ code: 'not_found' });
      }
      expect((await web.inject('/api/v1/mechanism')).json()).toMatchObject({
        origin: t.mechanism.services.engine.mechanismState.origin,
      });
      expect((await web.inject('/healthz')).json()).toEqual({ status: 'ok' });
      expect((await web.inject('/log/checkpoint')).headers['content-type']).toContain('text/plain');
    });
  });

  describe('when the web root holds no build', () => {
    it('answers / with a page that says how to build the web app', async () => {
      const answer = await unbuilt.inject('/');
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toContain('text/html');
      expect(answer.body).toContain('npm run build -w @jmm/web');
    });
  });

  describe('when no web root is configured', () => {
    it('serves the API alone: / is a problem 404', async () => {
      const answer = await t.app.inject('/');
      expect(answer.statusCode).toBe(404);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    });
  });
});
