import { access } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ServerError } from '../server-error.ts';

/** Vite names every file under assets/ after a hash of its content, so a name never changes meaning. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and the other unhashed files name the current build: a browser revalidates them every time. */
const REVALIDATE = 'no-cache';

/** Paths the API, the log and the probes own: never answered with the web app, so a wrong URL is a clear 404. */
const RESERVED_PREFIXES = ['/api/', '/log/'];
const RESERVED_PATHS = new Set(['/api', '/log', '/healthz', '/readyz']);

/**
 * File paths the server will look up: what a Vite build produces. Anything else (percent-escapes, `..`, control
 * characters) is refused before the file system is asked, on top of @fastify/static's own root confinement.
 */
const SERVABLE_PATH = /^(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)+$/;

/**
 * Shown instead of the app when the web root holds no index.html (the app was never built). No inline style or
 * script: the strict CSP (security.ts) applies to it as to the app.
 */
const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>JMM: the web app is not built</title></head>
<body>
<h1>The web app is not built</h1>
<p>This server serves the JMM API, but its web app has not been built. Run <code>npm run build -w @jmm/web</code>
and reload this page.</p>
<p>The API and its documentation are at <a href="/api/docs">/api/docs</a>; the log is at
<a href="/log/checkpoint">/log/checkpoint</a>.</p>
</body>
</html>
`;

function isReserved(pathname: string): boolean {
  return RESERVED_PATHS.has(pathname) || RESERVED_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/**
 * What a build's files end in. Only these name a file: the app's own routes may hold dots (`/compose/incident.report`,
 * statement types are dotted), so "has a dot" is not a test for "is a file".
 */
const FILE_EXTENSION = /\.(?:html|js|mjs|css|map|json|svg|png|ico|webp|jpg|woff2?|ttf|txt|webmanifest)$/;

/** Whether a GET of `pathname` is a route of the single-page app: not reserved, and naming no file. */
export function isAppRoute(pathname: string): boolean {
  return !isReserved(pathname) && !FILE_EXTENSION.test(pathname) && !pathname.includes('/.');
}

/**
 * Serves the built web app (DESIGN.md §7) from `webRoot`: its files as they are, and index.html for every other
 * GET outside the API, the log and the probes that names no file, so that deep links (`/incidents/sha256:…`)
 * load the app, which routes them itself. The routes of the API are more specific than `/*`, so they win; an
 * unknown `/api/…` path still gets the problem+json 404.
 */
export function createWebAppPlugin(webRoot: string): FastifyPluginAsync {
  const root = resolve(webRoot);
  const assetsDir = join(root, 'assets') + sep;
  return async (app) => {
    await app.register(fastifyStatic, {
      root,
      // Only `reply.sendFile`: the route below decides what is a file and what is the app.
      serve: false,
      index: false,
      dotfiles: 'ignore',
      // The build writes Brotli and gzip copies of its text files (apps/web/vite.config.ts): sent to browsers that
      // accept them, which is most of what a slow link needs.
      preCompressed: true,
      // Cache-Control is set per file below, never by the defaults.
      cacheControl: false,
      // A missing build is reported by the page below, not by a warning at every start.
      suppressWarning: true,
      setHeaders: (reply, path) => {
        void reply.header('cache-control', path.startsWith(assetsDir) ? IMMUTABLE : REVALIDATE);
        // Module workers and `import()` need a JavaScript MIME type; older mime tables know no `.mjs`.
        if (path.endsWith('.mjs')) void reply.header('content-type', 'text/javascript; charset=utf-8');
      },
    });

    const sendIndex = async (reply: FastifyReply) => {
      try {
        await access(join(root, 'index.html'));
      } catch {
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(NOT_BUILT_PAGE);
      }
      return reply.sendFile('index.html');
    };

    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      if (isReserved(pathname)) throw new ServerError('not_found', `no route GET ${pathname}`);
      if (isAppRoute(pathname)) return sendIndex(reply);
      if (!SERVABLE_PATH.test(pathname)) throw new ServerError('not_found', `no file ${pathname}`);
      // A file that is not there is passed to the not-found handler by @fastify/static: a problem+json 404.
      return reply.sendFile(pathname.slice(1));
    });
  };
}
