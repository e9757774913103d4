import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { jmmServerInfo } from './jmm-server-info.ts';
import { watchPageProblems, type PageProblems } from './page-problems.ts';

export { checkAccessibility, type AccessibilityViolation } from './check-accessibility.ts';
export { openAppPage } from './open-app-page.ts';
export { saveScreenshot } from './save-screenshot.ts';
export { watchPageProblems, type PageProblems } from './page-problems.ts';

/** Debian's `chromium` package (STACK.md): a browser is never downloaded (`npx playwright install` is not used). */
export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

/**
 * Exactly the project's flags. No sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
 * The rest keep Chromium from talking to anything but the server under test.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One headless Chromium; close it when done (useBrowser does). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: [...CHROMIUM_ARGS] });
}

export interface TestContextOptions extends BrowserContextOptions {
  /** BCP 47 locale of navigator.language and Accept-Language; `en` unless given. */
  readonly locale?: string;
}

/**
 * A fresh, isolated context (its own cookies, IndexedDB, sessionStorage): one per test, so no test sees
 * another's session or keys. Fixed time zone, viewport and reduced motion keep screenshots comparable.
 */
export function newTestContext(browser: Browser, options: TestContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'en',
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
    colorScheme: 'light',
    ...options,
  });
}

export interface BrowserFixture {
  readonly browser: Browser;
  /** This test's context, with `baseURL` set to the server's URL: `page.goto('/sign-in')` works. */
  readonly context: BrowserContext;
  readonly page: Page;
  /** Page errors, console errors and failed requests of `page` so far. */
  readonly problems: PageProblems;
  /** Another page in a new context (another person): closed after the test. */
  newPage(options?: TestContextOptions): Promise<{ page: Page; problems: PageProblems }>;
}

/**
 * Registers vitest hooks in the calling file or `describe`: one Chromium for the file, and before each test a
 * fresh context and page on the JMM server. Read the fixture's properties inside tests, not at registration.
 */
export function useBrowser(options: TestContextOptions = {}): BrowserFixture {
  let browser: Browser | undefined;
  let current: { context: BrowserContext; page: Page; problems: PageProblems } | undefined;
  let extra: BrowserContext[] = [];
  const open = async (contextOptions: TestContextOptions) => {
    if (browser === undefined)
      throw new Error('useBrowser: the browser is not launched (used outside a test?)');
    const context = await newTestContext(browser, {
      baseURL: jmmServerInfo().url,
      ...options,
      ...contextOptions,
    });
    const page = await context.newPage();
    return { context, page, problems: watchPageProblems(page) };
  };
  const inTest = () => {
    if (current === undefined)
      throw new Error('useBrowser: read the page inside a test, not at registration');
    return current;
  };

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    current = await open({});
  });
  afterEach(async () => {
    await Promise.all([current?.context.close(), ...extra.map((context) => context.close())]);
    current = undefined;
    extra = [];
  });

  return {
    get browser() {
      if (browser === undefined) throw new Error('useBrowser: the browser is not launched');
      return browser;
    },
    get context() {
      return inTest().context;
    },
    get page() {
      return inTest().page;
    },
    get problems() {
      return inTest().problems;
    },
    newPage: async (contextOptions = {}) => {
      const opened = await open(contextOptions);
      extra.push(opened.context);
      return { page: opened.page, problems: opened.problems };
    },
  };
}
