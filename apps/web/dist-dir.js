// Where the built web application lives, for the server that serves it at `/` (DESIGN.md §7). Plain
// JavaScript so that a Node process can resolve it without the web app's TypeScript or browser code.
import { fileURLToPath } from 'node:url';

export const WEB_DIST_DIR = fileURLToPath(new URL('./dist/', import.meta.url));
