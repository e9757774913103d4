import type { Page } from 'playwright-core';

/** What went wrong in a page, as lines a person can read in a failed assertion. */
export interface PageProblems {
  /** Uncaught exceptions and unhandled rejections in the page. */
  readonly pageErrors: readonly string[];
  /** `console.error` calls, and what Chromium reports there itself: CSP violations, resources answering 4xx/5xx. */
  readonly consoleErrors: readonly string[];
  /** Requests that got no response at all (refused, aborted, blocked). */
  readonly failedRequests: readonly string[];
  /** All of the above, prefixed by kind; `expect(problems.all()).toEqual([])` shows every one. */
  all(): string[];
}

/** Starts collecting a page's problems; call it before the first `goto`. */
export function watchPageProblems(page: Page): PageProblems {
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  page.on('pageerror', (error) => {
    pageErrors.push(error.stack ?? `${error.name}: ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    consoleErrors.push(url === '' ? message.text() : `${message.text()} (${url}:${lineNumber + 1})`);
  });
  page.on('requestfailed', (request) => {
    // A read still in flight when the page navigates or reloads is aborted by the browser: not a failure of the
    // app (the live-update stream, open for the page's life, always ends so).
    if (request.method() === 'GET' && request.failure()?.errorText === 'net::ERR_ABORTED') return;
    failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
  });
  return {
    pageErrors,
    consoleErrors,
    failedRequests,
    all: () => [
      ...pageErrors.map((line) => `pageerror: ${line}`),
      ...consoleErrors.map((line) => `console.error: ${line}`),
      ...failedRequests.map((line) => `requestfailed: ${line}`),
    ],
  };
}
