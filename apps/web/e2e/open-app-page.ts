import type { Page, Response } from 'playwright-core';
import type { PageProblems } from './page-problems.ts';

/**
 * Navigates to `path` (relative to the context's baseURL) and waits for the app's `main` landmark. If it does not
 * appear, the error says what the page did instead: the HTTP status, the page's problems and the start of its text
 * (a blank page with a pageerror reads very differently from a 404).
 */
export async function openAppPage(
  page: Page,
  path: string,
  problems?: PageProblems,
): Promise<Response | null> {
  const response = await page.goto(path);
  try {
    await page.getByRole('main').waitFor();
  } catch (error) {
    const text = await page
      .locator('body')
      .innerText()
      .catch(() => '');
    throw new Error(
      [
        `${path}: no main landmark rendered (HTTP ${response?.status() ?? 'no response'})`,
        ...(problems?.all() ?? []),
        `page text: ${JSON.stringify(text.slice(0, 300))}`,
      ].join('\n'),
      { cause: error },
    );
  }
  return response;
}
