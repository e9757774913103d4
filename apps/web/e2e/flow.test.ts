import { describe, expect, it } from 'vitest';
import { checkAccessibility, openAppPage, saveScreenshot, useBrowser } from './browser.ts';
import {
  countVerifiedBadges,
  fillFields,
  openAction,
  signAndSubmit,
  signInAsDemoMember,
  type FlowPage,
} from './statement-flow.ts';

/** A one-pixel PNG: the incident report's evidence file. */
const EVIDENCE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The mechanism's core flow, every step signed in the browser and verified in the log (issue 10): a party
 * reporter files an incident with evidence, the other party responds, a verifier approver opens a case, an
 * analyst files a finding, one approver dissents and two concur, a mediator releases it, a verifier approver
 * concurs with the release, and the public portal shows it. Run once in English and once in Urdu.
 */
describe.each([
  { language: 'en', dir: 'ltr' },
  { language: 'ur', dir: 'rtl' },
])('the incident-to-release flow in $language', ({ language, dir }) => {
  const browser = useBrowser();

  it('runs end to end in the browser, each statement verified in the log', async () => {
    const as = async (member: string): Promise<FlowPage> => {
      const { page, problems } = await browser.newPage();
      const flow = { page, problems, label: `${language}-${member.replace('/', '-')}` };
      await signInAsDemoMember(flow, member, language);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(dir);
      return flow;
    };
    const tag = `${language}-${Date.now().toString(36)}`;

    // 1. A Pakistani reporting officer files an allegation with evidence.
    const reporter = await as('pk/reporter-1');
    await openAppPage(reporter.page, '/compose/incident.report', reporter.problems);
    await fillFields(reporter.page, {
      kind: 'allegation',
      time_start: '2026-12-01T10:30',
      party: 'af',
      actor: 'unidentified armed group',
      narrative: `Shells landed near border post 14 (${tag}).`,
    });
    const coordinates = reporter.page.locator('[data-field="location"] input');
    await coordinates.nth(0).fill('34.05');
    await coordinates.nth(1).fill('71.12');
    await reporter.page
      .locator('[data-field="evidence"] input[type="file"]')
      .setInputFiles({ name: 'crater.png', mimeType: 'image/png', buffer: EVIDENCE_PNG });
    await reporter.page.locator('[data-field="evidence"] .evidence-list li').waitFor();
    // The map loads on demand and grows the form when it arrives; submit once the layout has settled.
    await reporter.page.locator('[data-field="location"] canvas').waitFor();
    await saveScreenshot(reporter.page, `${language}-incident-form`);
    const incident = await signAndSubmit(reporter, 'incident');

    // 2. The other party responds.
    const liaison = await as('af/liaison-1');
    await openAction(liaison, `/incidents/${incident}`, 'incident.response', 'respond');
    await fillFields(liaison.page, {
      position: 'dispute',
      narrative: 'No fire came from our side on that day.',
    });
    await signAndSubmit(liaison, 'response');

    // 3. A verifier approver admits the allegation: a case with a team and a deadline.
    const approvers = [await as('ver/approver-1'), await as('ver/approver-2'), await as('ver/approver-3')];
    await openAction(approvers[0]!, `/incidents/${incident}`, 'case.open', 'open-case');
    await fillFields(approvers[0]!.page, {
      decision: 'admit',
      reason: 'Credible, serious, within the mandate.',
      analysts: 'ver/analyst-1',
      finding_by: '2027-01-15T12:00',
    });
    await signAndSubmit(approvers[0]!, 'case');

    // 4. An analyst of the case team files a graded finding.
    const analyst = await as('ver/analyst-1');
    await openAction(analyst, `/incidents/${incident}`, 'case.finding', 'finding');
    await fillFields(analyst.page, {
      determination: 'confirmed',
      attribution_party: 'af',
      attribution_degree: 'largely_attributable',
      summary: 'Crater analysis and imagery confirm shelling from across the border.',
    });
    const finding = await signAndSubmit(analyst, 'finding');

    // 5. One approver dissents, two concur: the finding is final, the dissent on record.
    await openAction(approvers[0]!, `/findings/${finding}`, 'endorse', 'dissent');
    await fillFields(approvers[0]!.page, {
      position: 'dissent',
      text: 'The imagery does not show the firing point.',
    });
    await signAndSubmit(approvers[0]!, 'dissent');
    for (const [i, approver] of approvers.slice(1).entries()) {
      await openAction(approver, `/findings/${finding}`, 'endorse', `concur-${i + 2}`);
      await fillFields(approver.page, { position: 'concur' });
      await signAndSubmit(approver, `concur-${i + 2}`);
    }
    await openAppPage(approvers[2]!.page, `/findings/${finding}`, approvers[2]!.problems);
    await expect.poll(() => approvers[2]!.page.locator('.endorsements li').count()).toBe(3);
    expect(await approvers[2]!.page.locator('.endorsements li.dissent blockquote').innerText()).toContain(
      'firing point',
    );
    expect(await countVerifiedBadges(approvers[2]!.page)).toBe(4);
    await checkAccessibility(approvers[2]!.page, `${language}-finding`);
    await saveScreenshot(approvers[2]!.page, `${language}-finding`);

    // 6. A mediator releases an agreed public summary of the final finding; a verifier approver concurs.
    const mediator = await as('med-a/admin');
    await openAction(mediator, `/findings/${finding}`, 'release', 'release');
    const title = `Shelling near border post 14 confirmed (${tag})`;
    await fillFields(mediator.page, {
      title,
      summary: 'The verification team confirmed shelling near border post 14.',
    });
    const release = await signAndSubmit(mediator, 'release');
    await openAppPage(approvers[1]!.page, `/incidents/${incident}`, approvers[1]!.problems);
    await approvers[1]!.page.locator(`main a[href*="endorses:${release}"]`).click();
    await fillFields(approvers[1]!.page, { position: 'concur' });
    await signAndSubmit(approvers[1]!, 'release-concur');

    // 7. The public portal shows the release, verified in the log by the public reader's own browser.
    const { page: publicPage, problems } = await browser.newPage();
    await openAppPage(publicPage, '/', problems);
    await publicPage.locator('header select').first().selectOption(language);
    const card = publicPage.locator(`[data-release="${release}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.innerText()).toContain(title);
    await expect.poll(() => card.locator('.badge-verified').count(), { timeout: 30_000 }).toBe(1);
    await checkAccessibility(publicPage, `${tag}-portal`);
    await saveScreenshot(publicPage, `${language}-public-portal`);

    if (dir === 'rtl') {
      // The layout really mirrors: the brand starts at the right edge and the navigation runs right to left.
      const layout = await publicPage.evaluate(() => {
        const links = [...document.querySelectorAll('nav ul li')].map((item) => item.getBoundingClientRect());
        const brand = document.querySelector('.brand')!.getBoundingClientRect();
        return {
          firstNav: links[0]!.left,
          lastNav: links[links.length - 1]!.left,
          brandRight: brand.right,
          width: window.innerWidth,
        };
      });
      expect(layout.firstNav).toBeGreaterThan(layout.lastNav);
      expect(layout.brandRight).toBeGreaterThan(layout.width / 2);
    }
    expect(problems.all()).toEqual([]);
  });
});
