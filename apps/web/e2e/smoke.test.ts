import { describe, expect, it } from 'vitest';
import { checkAccessibility, openAppPage, saveScreenshot, useBrowser } from './browser.ts';
import { jmmServerInfo } from './jmm-server-info.ts';

/** The served app: it loads, renders without errors, is accessible, and the server's routing around it holds. */
describe('the web app served by jmm serve', () => {
  const browser = useBrowser();

  it('answers / with the app: HTML that loads a script', async () => {
    const response = await fetch(jmmServerInfo().url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html\b/);
    expect(await response.text()).toMatch(/<script\b[^>]*\bsrc="[^"]+"/);
  });

  describe.each([
    { path: '/', name: 'public-portal' },
    { path: '/sign-in', name: 'sign-in' },
  ])('$path', ({ path, name }) => {
    it('renders a main landmark and a heading without errors or failed requests', async () => {
      const { page, problems } = browser;
      await openAppPage(page, path, problems);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      await saveScreenshot(page, name);
      expect(problems.all()).toEqual([]);
    });

    it('has no serious or critical accessibility violations', async () => {
      const { page, problems } = browser;
      await openAppPage(page, path, problems);
      await checkAccessibility(page, name);
    });
  });

  describe('when a deep link is opened and reloaded', () => {
    it('the server answers it with the app, which renders the route', async () => {
      const { page, problems } = browser;
      const first = await openAppPage(page, '/incidents', problems);
      expect(first?.status()).toBe(200);
      const again = await page.reload();
      expect(again?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/incidents');
      await page.getByRole('main').waitFor();
      expect(problems.all()).toEqual([]);
    });
  });

  describe('when an API route does not exist', () => {
    it('answers 404 with problem+json, not the app', async () => {
      const response = await fetch(new URL('api/v1/does-not-exist', jmmServerInfo().url));
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
      expect(await response.json()).toMatchObject({ status: 404, code: 'not_found' });
    });
  });
});
