import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a test needs to know about the running server: plain strings, so it can cross `provide`/`inject`. */
export interface JmmServerInfo {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:40123/`. */
  readonly url: string;
  /** The server's fresh data directory (deleted at teardown). */
  readonly dataDir: string;
  /** `<dataDir>/demo-keys.json`: the demo members' signing keys, for "sign in as". */
  readonly demoKeysPath: string;
}

export interface JmmServer extends JmmServerInfo {
  /** SIGTERM (a graceful close drains the sequencer), SIGKILL if it has not exited in time; then deletes dataDir. */
  stop(): Promise<void>;
}

export interface StartJmmServerOptions {
  /** The built web app the server serves at `/`; apps/web/dist by default. */
  readonly webRoot?: string;
  /** Give up if the URL has not been printed by then (the demo takes ~20 s on 2 cores). A safety net only. */
  readonly startTimeoutMs?: number;
  /** Wait this long after SIGTERM before SIGKILL. */
  readonly stopTimeoutMs?: number;
}

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const WEB_DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const JMM_BIN = join(REPO_ROOT, 'apps/cli/bin/jmm.js');
/** `serve-command.ts` prints this once it listens. */
const LISTENING_LINE = /^JMM is serving \S+ at (http:\/\/\S+\/)$/m;
/** Output kept for failure messages. */
const OUTPUT_LIMIT = 64 * 1024;

/**
 * Starts `jmm serve --demo-if-empty` on a fresh data directory as a child process, on a port the OS picks
 * (`--port 0`: no window in which another process could take a port chosen beforehand), and resolves once it
 * has printed its URL and /readyz answers 200. Rejects with the server's output if it exits or times out first.
 */
export async function startJmmServer(options: StartJmmServerOptions = {}): Promise<JmmServer> {
  const webRoot = options.webRoot ?? WEB_DIST;
  if (!existsSync(join(webRoot, 'index.html'))) {
    throw new Error(
      `${webRoot}index.html does not exist: build the web app first (npm run build -w @jmm/web)`,
    );
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'jmm-e2e-'));
  const args = [JMM_BIN, 'serve', '--data', dataDir, '--port', '0', '--demo-if-empty', '--log-level', 'warn'];
  if (serveAcceptsWebRoot()) args.push('--web-root', webRoot);
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, JMM_WEB_ROOT: webRoot },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  // If the test runner dies without its teardown, do not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopChild(child, options.stopTimeoutMs ?? 15_000);
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    const url = await waitForUrl(child, output, options.startTimeoutMs ?? 240_000);
    await expectReady(url);
    return { url, dataDir, demoKeysPath: join(dataDir, 'demo-keys.json'), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The `--web-root` flag is newer than this harness; older CLIs take JMM_WEB_ROOT from the environment only. */
function serveAcceptsWebRoot(): boolean {
  const help = spawnSync(process.execPath, [JMM_BIN, 'serve', '--help'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return help.stdout.includes('--web-root');
}

interface CapturedOutput {
  stdout: string;
  stderr: string;
  describe(): string;
}

function captureOutput(child: ChildProcess): CapturedOutput {
  const captured: CapturedOutput = {
    stdout: '',
    stderr: '',
    describe: () =>
      `--- jmm serve stdout (tail) ---\n${captured.stdout}\n--- jmm serve stderr (tail) ---\n${captured.stderr}`,
  };
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    captured.stdout = (captured.stdout + text).slice(-OUTPUT_LIMIT);
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    captured.stderr = (captured.stderr + text).slice(-OUTPUT_LIMIT);
  });
  return captured;
}

function waitForUrl(child: ChildProcess, output: CapturedOutput, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout?.removeListener('data', onData);
      child.removeListener('exit', onExit);
      child.removeListener('error', onError);
      settle();
    };
    // Listeners added after captureOutput's, so `output.stdout` already holds this chunk.
    const onData = () => {
      const match = LISTENING_LINE.exec(output.stdout);
      if (match?.[1] !== undefined) {
        const url = match[1];
        finish(() => {
          resolve(url);
        });
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      finish(() => {
        reject(
          new Error(
            `jmm serve exited (code ${code}, signal ${signal}) before listening\n${output.describe()}`,
          ),
        );
      });
    };
    const onError = (error: Error) => {
      finish(() => {
        reject(
          new Error(`could not start jmm serve: ${error.message}\n${output.describe()}`, { cause: error }),
        );
      });
    };
    const timer = setTimeout(() => {
      finish(() => {
        reject(new Error(`jmm serve did not print its URL within ${timeoutMs} ms\n${output.describe()}`));
      });
    }, timeoutMs);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function expectReady(url: string): Promise<void> {
  const response = await fetch(new URL('readyz', url));
  if (response.status !== 200) {
    throw new Error(`${url}readyz answered ${response.status}: ${await response.text()}`);
  }
}

async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      resolve(true);
    }, timeoutMs);
  });
  if (await Promise.race([exited.then(() => false), timedOut])) {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}
