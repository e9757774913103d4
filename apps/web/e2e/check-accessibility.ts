import { writeFile } from 'node:fs/promises';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { testOutputPath } from './test-output-path.ts';

/** Impacts that fail a test; `minor` and `moderate` ones are only written to the report. */
const FAILING_IMPACTS: readonly axe.ImpactValue[] = ['serious', 'critical'];

export interface AccessibilityViolation {
  readonly id: string;
  readonly impact: axe.ImpactValue | undefined;
  readonly help: string;
  readonly helpUrl: string;
  /** A CSS selector per offending element (` >>> ` steps into a shadow root, ` | ` into a frame). */
  readonly targets: readonly string[];
}

/**
 * Runs axe-core's default rules on the page as it is now and throws, listing each one (id, impact, help,
 * targets), if any violation is serious or critical. Writes every violation to
 * test-output/accessibility/<name>.json and returns them all.
 *
 * Injection: axe's source goes in through `page.evaluate` (DevTools `Runtime.evaluate`), which the page's
 * Content-Security-Policy (`script-src 'self'`) does not govern, so the page is checked under the real policy.
 * A `<script>` tag from `page.addScriptTag({ content })` would be blocked, and a `bypassCSP: true` context would
 * no longer be testing what users get.
 */
export async function checkAccessibility(page: Page, name: string): Promise<AccessibilityViolation[]> {
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const { axe: pageAxe } = window as unknown as { axe: typeof axe };
    const results = await pageAxe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      targets: violation.nodes.map((node) =>
        node.target.map((step) => (typeof step === 'string' ? step : step.join(' >>> '))).join(' | '),
      ),
    }));
  });
  await writeReport(name, page.url(), violations);

  const failing = violations.filter((violation) => FAILING_IMPACTS.includes(violation.impact ?? null));
  if (failing.length > 0) {
    const lines = failing.map(
      (violation) =>
        `- ${violation.id} (${violation.impact}): ${violation.help} <${violation.helpUrl}>\n` +
        violation.targets.map((target) => `    at ${target}`).join('\n'),
    );
    throw new Error(
      `axe: ${failing.length} serious or critical accessibility violation(s) on ${name} (${page.url()}):\n${lines.join('\n')}`,
    );
  }
  return violations;
}

/** Every violation, serious or not, to test-output/accessibility/<name>.json for a person to read. */
async function writeReport(
  name: string,
  url: string,
  violations: readonly AccessibilityViolation[],
): Promise<void> {
  const path = await testOutputPath('accessibility', name, '.json');
  await writeFile(path, `${JSON.stringify({ url, violations }, null, 2)}\n`);
}
