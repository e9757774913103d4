import type { Page } from 'playwright-core';
import { testOutputPath } from './test-output-path.ts';

/**
 * Writes a full-page PNG of `page` to test-output/screenshots/<name>.png, once its web fonts have loaded, for a
 * person to look at; returns the path.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const path = await testOutputPath('screenshots', name, '.png');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}
