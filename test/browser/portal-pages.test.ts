// SPDX-License-Identifier: Apache-2.0
// The developer portal's other pages in chromium: the API reference (Swagger UI over openapi/, under the page's
// CSP), the team page (an invitation e-mailed through the outbox and accepted by the invitee), and the team's
// sandbox data (a test PSU created with its one-time password, a bad amount refused, and the reset).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSkip, launchChromium } from '../support/browser.js';
import { portalDeveloper, verificationToken } from '../support/portal-client.js';
import { startPaymentsSandbox, type PaymentsSandbox } from '../support/payments-sandbox.js';

const PASSWORD = 'a long test passphrase';

describe('developer portal pages', { skip: browserSkip }, () => {
  let sandbox: PaymentsSandbox;
  let browser: Browser;
  let base: string;

  before(async () => {
    [sandbox, browser] = await Promise.all([startPaymentsSandbox(), launchChromium()]);
    base = sandbox.lango.urls.public!;
  });
  after(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  async function signedInPage(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/portal/signin`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.click('#signin');
    await page.waitForURL(/\/portal\/dashboard$/);
    return { context, page };
  }

  it('renders the Berlin Group contract with Swagger UI, without a CSP violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) violations.push(message.text()); });
    await page.goto(`${base}/portal/reference`);
    await page.waitForSelector('.opblock-summary-path');
    const paths = await page.$$eval('.opblock-summary-path', (nodes) => nodes.map((node) => node.getAttribute('data-path') ?? node.textContent ?? ''));
    assert.ok(paths.some((path) => path.includes('/v1/consents')), paths.slice(0, 5).join(', '));
    assert.ok(paths.some((path) => path.includes('/v1/accounts')), 'the accounts endpoints');
    assert.deepEqual(violations, []);
    await page.close();
  });

  it('an owner invites a teammate by e-mail; the teammate joins and sees the team', async () => {
    await portalDeveloper(base, 'owner@pages.example', 'Pages Team', PASSWORD);
    await portalDeveloper(base, 'mate@pages.example', 'Mate Solo', PASSWORD);
    const owner = await signedInPage('owner@pages.example');
    await owner.page.click('text=Team');
    await owner.page.fill('input[name=email]', 'mate@pages.example');
    await owner.page.click('#invite');
    await owner.page.waitForSelector('.notice');

    const { messages } = (await (await fetch(`${base}/sandbox/outbox?recipient=mate@pages.example`)).json()) as { messages: { template: string; text: string }[] };
    const link = /https?:\/\/\S+\/portal\/invitations\/accept\?token=[\w-]+/.exec(messages.find((message) => message.template === 'portal-invitation')?.text ?? '')?.[0];
    assert.ok(link, 'an invitation link in the outbox');
    const mate = await signedInPage('mate@pages.example');
    await mate.page.goto(link);
    await mate.page.click('#accept-invitation');
    await mate.page.waitForURL(/\/portal\/dashboard$/);
    assert.equal(await mate.page.textContent('#team-name'), 'Pages Team');
    await mate.page.click('text=Team');
    assert.match(await mate.page.textContent('table') ?? '', /owner@pages\.example.*mate@pages\.example|mate@pages\.example.*owner@pages\.example/s);
    await owner.context.close();
    await mate.context.close();
  });

  it("creates a team PSU with its password shown once, refuses a bad amount, and resets the team's account", async () => {
    await portalDeveloper(base, 'psus@pages.example', 'PSU Team', PASSWORD);
    const { context, page } = await signedInPage('psus@pages.example');
    await page.click('text=Sandbox data');
    await page.fill('#psu-username', 'neema');
    await page.fill('#psu-full-name', 'Neema Test');
    await page.fill('#psu-opening-balance', '12.345');
    await page.click('#create-psu');
    assert.match(await page.textContent('#error') ?? '', /AMOUNT_INVALID/);
    await page.fill('#psu-opening-balance', '250000.00');
    await page.click('#create-psu');
    await page.waitForSelector('#created-password');
    assert.ok(((await page.textContent('#created-password')) ?? '').length >= 12);
    const row = await page.textContent('tr.team-psu') ?? '';
    assert.match(row, /Neema Test/);
    assert.match(row, /250000\.00 TZS/);
    await page.goto(`${base}/portal/sandbox`);
    assert.equal(await page.locator('#created-password').count(), 0, 'the password is shown once');
    await page.click('#reset-sandbox');
    assert.match(await page.textContent('.notice') ?? '', /Reset: 1 accounts restored/);
    assert.match(await page.textContent('tr.team-psu .balance') ?? '', /^250000\.00$/);
    await context.close();
  });

  it('a verification link opened twice shows a clear message, and a signed-out visitor is sent to sign in', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/portal/dashboard`);
    assert.match(page.url(), /\/portal\/signin\?next=/);
    await fetch(`${base}/portal/api/v1/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'twice@pages.example', password: PASSWORD, name: 'Twice', organisationName: 'Twice Ltd' }) });
    const token = await verificationToken(base, 'twice@pages.example');
    for (const expected of [/#verified|confirmed/, /already been used/]) {
      await page.goto(`${base}/portal/verify-email?token=${token}`);
      await page.click('#confirm');
      assert.match(await page.content(), expected);
    }
    await page.close();
  });
});
