import { describe, expect, it } from 'vitest';
import { checkAccessibility, openAppPage, saveScreenshot, useBrowser } from './browser.ts';
import { countVerifiedBadges, signInAsDemoMember } from './statement-flow.ts';

/** Every main screen, as a member and as the public: renders, is accessible, and its screenshot is written. */
const MEMBER_PAGES = [
  '/inbox',
  '/incidents',
  '/exchanges',
  '/cases',
  '/commitments',
  '/dashboard',
  '/log-explorer',
  '/admin',
];

describe.each(['en', 'ur'])('the main screens in %s', (language) => {
  const browser = useBrowser();

  it('render without errors and without serious accessibility violations, for a member', async () => {
    const { page, problems } = browser;
    await signInAsDemoMember({ page, problems, label: language }, 'ver/approver-1', language);
    for (const path of MEMBER_PAGES) {
      await openAppPage(page, path, problems);
      await page.locator('main h1').first().waitFor();
      // Wait for the screen's data (no "Loading…" left) before judging it.
      await expect.poll(() => page.locator('main .loading').count(), { timeout: 30_000 }).toBe(0);
      await checkAccessibility(page, `${language}${path.replaceAll('/', '-')}`);
      await saveScreenshot(page, `${language}${path.replaceAll('/', '-')}`);
    }
    expect(problems.all()).toEqual([]);
  });

  it('show a record with its full history, every statement verified in the log', async () => {
    const { page, problems } = browser;
    await signInAsDemoMember({ page, problems, label: language }, 'ver/approver-1', language);
    await openAppPage(page, '/incidents', problems);
    await page.locator('main table.records tbody tr a').first().click();
    await page.locator('.history-item').first().waitFor();
    expect(await countVerifiedBadges(page)).toBe(await page.locator('.history-item').count());
    await checkAccessibility(page, `${language}-record`);
    await saveScreenshot(page, `${language}-record`);
    expect(problems.all()).toEqual([]);
  });
});

describe('the public portal on a slow link', () => {
  const browser = useBrowser();

  it('loads under 250 KB of compressed JavaScript (map and charts load on demand)', async () => {
    const { page, problems } = browser;
    const scripts: Promise<number>[] = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() === 'script')
        scripts.push(request.sizes().then((sizes) => sizes.responseBodySize));
    });
    await openAppPage(page, '/', problems);
    await page.locator('main h2').first().waitFor();
    await page.waitForLoadState('networkidle');
    const bytes = (await Promise.all(scripts)).reduce((sum, size) => sum + size, 0);
    console.log(`public portal: ${scripts.length} scripts, ${(bytes / 1024).toFixed(1)} KB compressed`);
    expect(scripts.length).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(250 * 1024);
    expect(problems.all()).toEqual([]);
  });

  it('lists the demo’s published reports, and each PDF is a PDF anyone may open', async () => {
    const { page, problems } = browser;
    await openAppPage(page, '/', problems);
    const reports = page.locator('.report-list > li');
    await reports.first().waitFor();
    // Six synthetic months, each with a public report; the public is never shown a mechanism report.
    expect(await reports.count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('.report-list [data-audience="mechanism"]').count()).toBe(0);
    const pdfLinks = page.locator('.report-list a[type="application/pdf"][target="_blank"]');
    expect(await pdfLinks.count()).toBeGreaterThanOrEqual(6);
    const response = await page.request.get((await pdfLinks.first().getAttribute('href'))!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    expect(new TextDecoder().decode((await response.body()).subarray(0, 5))).toBe('%PDF-');
    await saveScreenshot(page, 'public-portal-reports');
    expect(problems.all()).toEqual([]);
  });
});
