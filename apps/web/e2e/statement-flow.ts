import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { checkAccessibility, openAppPage, saveScreenshot, type PageProblems } from './browser.ts';

/**
 * Steps of the end-to-end flow, written against the app's structure (data-field, data-member, form hrefs) rather
 * than its words, so the same steps run in every language.
 */
export interface FlowPage {
  readonly page: Page;
  readonly problems: PageProblems;
  /** Screenshot and accessibility names are prefixed with it (e.g. the language). */
  readonly label: string;
}

/** Signs in with the demo's "sign in as" button for `member` ("org/member"), in the given language. */
export async function signInAsDemoMember(flow: FlowPage, member: string, language: string): Promise<void> {
  const { page, problems } = flow;
  await openAppPage(page, '/sign-in', problems);
  await page.locator('header select').first().selectOption(language);
  await page.locator(`button[data-member="${member}"]`).click();
  await page.waitForURL('**/inbox');
  await page.locator('main h1').first().waitFor();
}

/** Fills the text, number, datetime and select fields of an open form by their data-field names. */
export async function fillFields(page: Page, values: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const field = page.locator(`[data-field="${name}"]`);
    // Forms load on demand: wait for the field before asking what kind of input it is.
    await field.waitFor();
    const select = field.locator('select');
    if ((await select.count()) > 0) await select.first().selectOption(value);
    else await field.locator('input, textarea').first().fill(value);
  }
}

/** Submits the open form and waits until the browser has verified the statement's inclusion proof. */
export async function signAndSubmit(flow: FlowPage, step: string): Promise<string> {
  const { page } = flow;
  await checkAccessibility(page, `${flow.label}-form-${step}`);
  // Submitted from the keyboard, as a member without a mouse would: focus the button and press Enter. (A
  // pointer click can land on a neighbour when late-loading parts of the form, like the map, shift the layout.)
  const submitButton = page.locator('form button[type="submit"]');
  await submitButton.focus();
  await page.keyboard.press('Enter');
  const result = page.locator('[data-logged-digest]');
  await result.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
    await saveScreenshot(page, `${flow.label}-failed-${step}`);
    const submit = page.locator('form button[type="submit"]');
    const state =
      (await submit.count()) > 0
        ? `submit button "${await submit.innerText()}", disabled: ${await submit.isDisabled()}`
        : 'no form';
    const alerts = [
      state,
      ...flow.problems.all(),
      ...(await page.locator('main [role="alert"], main .field-error').allInnerTexts()),
    ];
    throw new Error(`step ${step}: the statement was not logged. The page's errors:\n${alerts.join('\n')}`, {
      cause: error,
    });
  });
  // The badge is shown only once the proof was checked against a checkpoint this browser verified.
  await expect(page.locator('[data-logged-digest] .badge-verified').count()).resolves.toBe(1);
  await saveScreenshot(page, `${flow.label}-logged-${step}`);
  const digest = await result.getAttribute('data-logged-digest');
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  return digest!;
}

/** Opens a record page and follows the action link to the form for `type`. */
export async function openAction(
  flow: FlowPage,
  recordPath: string,
  type: string,
  step: string,
): Promise<void> {
  const { page, problems } = flow;
  await openAppPage(page, recordPath, problems);
  const link = page.locator(`main a[href^="/compose/${type}?"]`).first();
  await link.waitFor();
  await checkAccessibility(page, `${flow.label}-record-${step}`);
  await saveScreenshot(page, `${flow.label}-record-${step}`);
  await link.click();
  await page.locator('form button[type="submit"]').waitFor();
}

/** Every badge on the page settles; none may say "not verified". Returns how many verified. */
export async function countVerifiedBadges(page: Page): Promise<number> {
  await expect.poll(() => page.locator('.badge-checking').count(), { timeout: 30_000 }).toBe(0);
  expect(await page.locator('.badge-failed').count()).toBe(0);
  return page.locator('.badge-verified').count();
}
