import { CliError } from './cli-error.ts';

const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** POSTs JSON to a JMM server and returns the parsed answer; problem documents become CliError('server'). */
export async function postJson(
  serverUrl: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<unknown> {
  let url: URL;
  try {
    url = new URL(path, serverUrl);
  } catch (cause) {
    throw new CliError(
      'usage',
      `--server must be a URL such as http://localhost:8080, not ${JSON.stringify(serverUrl)}`,
      { cause },
    );
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (cause) {
    throw new CliError('server', `cannot reach ${url.origin}: ${(cause as Error).message}`, { cause });
  }
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES)
    throw new CliError('server', 'the server answered with an oversized body');
  let parsed: unknown;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch (cause) {
    throw new CliError('server', `the server answered ${response.status} with a body that is not JSON`, {
      cause,
    });
  }
  if (!response.ok) {
    const problem = (parsed ?? {}) as { code?: string; detail?: string };
    throw new CliError('server', `${response.status} ${problem.code ?? 'error'}: ${problem.detail ?? text}`, {
      detail: parsed,
    });
  }
  return parsed;
}
