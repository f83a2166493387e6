// SPDX-License-Identifier: Apache-2.0
// The deck's demo TPP aggregator in chromium at phone size, on the whole sandbox: the fintech's user signs in,
// connects John Smith's Buffalo and Rhino banks (John logs in at each bank, types the one-time code and allows),
// sees the accounts of both with Fineract's balances, removes Rhino (its consent ends at the bank), and pays Lion's
// Juma from John's Buffalo account; John signs the payment at Buffalo and the money moves. A bad amount never
// reaches the bank, and a refusal by the bank is shown in its own words.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { toMinorUnits } from '../../platform/money/index.js';
import { browserSkip, launchChromium } from '../support/browser.js';
import { berlinGroupTpp, type BerlinGroupTpp, type BgDemoTpp } from '../support/berlin-group-tpp.js';
import { poll } from '../support/poll.js';
import { fineractBalance, startPaymentsSandbox, type PaymentsSandbox } from '../support/payments-sandbox.js';
import { PHONE_VIEWPORT, decideAtBank } from '../support/psu-chromium.js';

interface ManifestPsu {
  tenantId: string;
  username: string;
  password: string;
  otp: string;
  fullName: string;
  accounts: { id: string; number: string; externalId: string; name: string; currency: string; msisdn: string | null }[];
}

describe('demo TPP aggregator', { skip: browserSkip }, () => {
  let sandbox: PaymentsSandbox;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let tpp: BerlinGroupTpp;
  let aggregator: string;
  let psus: ManifestPsu[];

  const psu = (tenantId: string, username: string) => psus.find((candidate) => candidate.tenantId === tenantId && candidate.username === username)!;
  const fineract = (tenantId: string, externalId: string) => fineractBalance(sandbox.lango.urls.simulators!, tenantId, externalId);
  const minor = (amount: string) => toMinorUnits(amount, 'TZS');

  before(async () => {
    [sandbox, browser] = await Promise.all([startPaymentsSandbox(), launchChromium()]);
    const urls = sandbox.lango.urls as Record<string, string>;
    tpp = await berlinGroupTpp(sandbox.manifest.demoTpp as BgDemoTpp, { public: urls.public!, publicTls: urls.publicTls!, caPem: readFileSync(join(sandbox.dataDir, 'tls', 'ca.pem'), 'utf8') });
    aggregator = (sandbox.manifest.links as { demoAggregator: string }).demoAggregator;
    psus = sandbox.manifest.psus as ManifestPsu[];
    context = await browser.newContext({ viewport: PHONE_VIEWPORT, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await sandbox?.stop();
  });

  /** At the bank's pages the browser was sent to: John logs in, types the one-time code, looks, and allows. */
  async function atTheBank(who: ManifestPsu, onConsentPage?: (consentPage: Page) => Promise<void>): Promise<void> {
    await page.waitForSelector('#username');
    assert.ok(!page.url().startsWith(aggregator), `the PSU is at the bank's pages, not the aggregator's: ${page.url()}`);
    await decideAtBank(page, { ...who, ...(onConsentPage && { onConsentPage }) });
  }

  async function connect(bank: string, who: ManifestPsu): Promise<void> {
    await page.goto(`${aggregator}banks`);
    await page.click(`#connect-${bank}`);
    await atTheBank(who, async (consentPage) => {
      const offered = await consentPage.locator('input[name=account]').evaluateAll((boxes) => boxes.map((box) => (box as unknown as { value: string }).value));
      assert.deepEqual(offered.sort(), who.accounts.map((account) => account.id).sort(), 'the bank offers the PSU its own accounts to share');
    });
    await page.waitForURL(`${aggregator}accounts`);
  }

  /** The accounts page's rows of a bank: resource id → balances as shown. */
  async function shownAccounts(bank: string): Promise<Map<string, { available: string; booked: string }>> {
    const rows = await page.locator(`section[data-bank="${bank}"] tr[data-account]`).evaluateAll((items) => items.map((row) => ({
      id: row.getAttribute('data-account')!,
      available: row.querySelector('[data-balance=interimAvailable]')!.textContent!.trim(),
      booked: row.querySelector('[data-balance=interimBooked]')!.textContent!.trim(),
    })));
    return new Map(rows.map((row) => [row.id, { available: row.available, booked: row.booked }]));
  }

  it('tppuser signs in with the published credentials (a wrong password is refused)', async () => {
    const signInPage = await page.goto(aggregator);
    assert.equal(signInPage?.status(), 200);
    assert.match(await page.locator('main').innerText(), /tppuser \/ tppuser-pass-1/, 'the demo credentials are published on the page');
    assert.match(signInPage!.headers()['content-security-policy']!, /default-src 'none'/);
    await page.fill('#username', 'tppuser');
    await page.fill('#password', 'not-the-password');
    const refused = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/sign-in')), page.click('#sign-in')]).then(([response]) => response);
    assert.equal(refused.status(), 401);
    assert.match(await page.locator('#errors').innerText(), /username or password is not right/);

    await page.fill('#username', 'tppuser');
    await page.fill('#password', 'tppuser-pass-1');
    await page.click('#sign-in');
    await page.waitForURL(`${aggregator}banks`);
    const banks = await page.locator('section[data-bank]').evaluateAll((items) => items.map((item) => item.getAttribute('data-bank')));
    assert.deepEqual(banks.sort(), (sandbox.manifest.banks as { tenantId: string }[]).map((bank) => bank.tenantId).sort(), 'every bank of the manifest is offered');
    assert.equal(await page.locator('section[data-bank=buffalo] .state').innerText(), 'Not connected');
  });

  it('connects Buffalo and Rhino through each bank\'s consent pages and shows John\'s accounts of both with Fineract\'s balances', async () => {
    const [buffaloJohn, rhinoJohn] = [psu('buffalo', 'john.smith'), psu('rhino', 'john.smith')];
    await connect('buffalo', buffaloJohn);
    await connect('rhino', rhinoJohn);
    assert.match(await page.locator('[role=status]').innerText(), /Rhino Bank is connected/);

    for (const [bank, john] of [['buffalo', buffaloJohn], ['rhino', rhinoJohn]] as const) {
      const shown = await shownAccounts(bank);
      assert.deepEqual([...shown.keys()].sort(), john.accounts.map((account) => account.id).sort(), `every account John shared at ${bank}`);
      for (const account of john.accounts) {
        const held = await fineract(bank, account.externalId);
        assert.deepEqual(shown.get(account.id), { available: `${held.availableBalance} TZS`, booked: `${held.accountBalance} TZS` }, `${account.id} shows Fineract's balances`);
      }
    }
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.ok(overflow <= 0, `the accounts page fits a phone's width (overflows by ${overflow}px)`);

    // The detail view of one account: its number and balances as the bank has them.
    const household = buffaloJohn.accounts[0]!;
    await page.click(`tr[data-account="${household.id}"] a`);
    assert.match(await page.locator('#account-details').innerText(), new RegExp(household.number));
    const held = await fineract('buffalo', household.externalId);
    assert.match(await page.locator('#balances tr[data-balance=interimBooked]').innerText(), new RegExp(`${held.accountBalance.replace('.', '\\.')} TZS`));

    await page.goto(`${aggregator}banks`);
    assert.equal(await page.locator('section[data-bank=buffalo] .state').innerText(), 'Connected');
    assert.equal(await page.locator('section[data-bank=rhino] .state').innerText(), 'Connected');
  });

  it('removing Rhino ends its consent at the bank and its accounts disappear', async () => {
    await page.goto(`${aggregator}banks`);
    const consentId = (await page.locator('section[data-bank=rhino] [data-consent-id]').innerText()).trim();
    const token = await tpp.clientToken('accounts');
    const before = await tpp.call<{ consentStatus: string }>('GET', `/v1/consents/${consentId}/status`, { token, via: 'tls' });
    assert.equal(before.body.consentStatus, 'valid');

    await page.click('#remove-rhino');
    await page.waitForURL(`${aggregator}banks`);
    assert.match(await page.locator('[role=status]').innerText(), /Rhino Bank was removed/);
    assert.equal(await page.locator('section[data-bank=rhino] .state').innerText(), 'Not connected');
    const after = await tpp.call<{ consentStatus: string }>('GET', `/v1/consents/${consentId}/status`, { token, via: 'tls' });
    assert.equal(after.body.consentStatus, 'terminatedByTpp', 'the bank ended the consent');

    await page.goto(`${aggregator}accounts`);
    assert.equal(await page.locator('section[data-bank=rhino]').count(), 0, 'no Rhino section');
    assert.equal((await shownAccounts('buffalo')).size, psu('buffalo', 'john.smith').accounts.length, 'Buffalo\'s accounts stay');
  });

  it('John denies at Rhino: Rhino stays not connected and the page says why', async () => {
    const rhinoJohn = psu('rhino', 'john.smith');
    await page.goto(`${aggregator}banks`);
    await page.click('#connect-rhino');
    await page.waitForSelector('#username');
    await decideAtBank(page, { ...rhinoJohn, decision: 'deny' });
    await page.waitForSelector('#errors');
    assert.ok(page.url().startsWith(`${sandbox.lango.urls.public}/demo/aggregator/callback?`), page.url());
    assert.match(await page.locator('#errors').innerText(), /You did not allow it at Rhino Bank/);
    assert.equal(await page.locator('section[data-bank=rhino] .state').innerText(), 'Not connected');
  });

  it('pays Lion\'s Juma from John\'s Buffalo account: John signs at Buffalo, the status page shows it settled and the money moved', async () => {
    const household = psu('buffalo', 'john.smith').accounts[0]!;
    const juma = (sandbox.manifest.msisdns as { msisdn: string; tenantId: string; owner: string }[]).find((entry) => entry.owner === 'Juma Salim')!;
    const payee = sandbox.account(juma.msisdn);
    const [payerBefore, payeeBefore] = await Promise.all([fineract('buffalo', household.externalId), sandbox.balance(payee)]);

    await page.goto(`${aggregator}pay`);
    await page.selectOption('#from', `buffalo/${household.id}`);
    await page.selectOption('#product', 'mojaloop-credit-transfers');
    await page.fill('#creditor', juma.msisdn);
    await page.fill('#creditorName', 'Juma Salim');
    await page.fill('#amount', '1500.00');
    await page.fill('#reference', 'Dinner');
    await page.click('#pay');
    await atTheBank(psu('buffalo', 'john.smith'), async (consentPage) => {
      const text = await consentPage.locator('main').innerText();
      assert.match(text, /1500\.00/, 'John sees the amount he signs');
      assert.match(text, /Juma Salim/, 'and the payee');
    });
    await page.waitForURL(new RegExp(`${aggregator}payments/`));
    // The page refreshes itself until the status is final.
    await page.locator('#payment-status[data-final=true]').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#payment-status').getAttribute('data-status'), 'ACSC');
    assert.match(await page.locator('#payment-amount').innerText(), /1500\.00 TZS/);

    const payeeAfter = await poll(() => sandbox.balance(payee), (held) => held.accountBalance !== payeeBefore.accountBalance, 20_000, 'Juma credited');
    assert.equal(minor(payeeAfter.accountBalance) - minor(payeeBefore.accountBalance), minor('1500.00'), 'Juma gets the amount');
    const payerAfter = await fineract('buffalo', household.externalId);
    // John pays the amount and Buffalo's fee (0.5 %, at least 100.00).
    assert.equal(minor(payerBefore.accountBalance) - minor(payerAfter.accountBalance), minor('1500.00') + minor('100.00'));

    await page.goto(`${aggregator}accounts`);
    assert.equal((await shownAccounts('buffalo')).get(household.id)?.booked, `${payerAfter.accountBalance} TZS`, 'the accounts page shows the new balance');
  });

  it('a bad amount is refused on the page, field by field, and nothing reaches the bank (nor does a form without its CSRF token)', async () => {
    const household = psu('buffalo', 'john.smith').accounts[0]!;
    const held = await fineract('buffalo', household.externalId);
    for (const [amount, message] of [['12.345', /at most 2 decimals/], ['abc', /digits with a decimal point/], ['0.00', /more than zero/]] as const) {
      await page.goto(`${aggregator}pay`);
      await page.selectOption('#from', `buffalo/${household.id}`);
      await page.fill('#creditor', '27710102999');
      await page.fill('#creditorName', 'Juma Salim');
      await page.fill('#amount', amount);
      const [answer] = await Promise.all([page.waitForResponse((response) => response.url() === `${aggregator}pay` && response.request().method() === 'POST'), page.click('#pay')]);
      assert.equal(answer.status(), 400, amount);
      assert.equal(page.url(), `${aggregator}pay`, 'the browser stays on the form, it is not sent to the bank');
      assert.match(await page.locator('#amount-error').innerText(), message);
      assert.equal(await page.locator('#amount').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.inputValue('#amount'), amount, 'what was typed is kept to correct');
    }
    // A form post without the session's CSRF token (another site's form, say) is refused before anything else.
    const forged = await page.request.post(`${aggregator}pay`, { form: { from: `buffalo/${household.id}`, product: 'mojaloop-credit-transfers', creditor: '27710102999', creditorName: 'Juma Salim', amount: '10.00' }, maxRedirects: 0 });
    assert.equal(forged.status(), 403);
    assert.deepEqual(await fineract('buffalo', household.externalId), held, 'no money moved');
  });

  it('a payee the bank does not know: the bank\'s refusal is shown in its words', async () => {
    const household = psu('buffalo', 'john.smith').accounts[0]!;
    await page.goto(`${aggregator}pay`);
    await page.selectOption('#from', `buffalo/${household.id}`);
    await page.selectOption('#product', 'on-us-credit-transfers');
    await page.fill('#creditor', '0199999999');
    await page.fill('#creditorName', 'Nobody');
    await page.fill('#amount', '10.00');
    await page.click('#pay');
    await page.waitForSelector('#errors');
    assert.equal(page.url(), `${aggregator}pay`);
    assert.match(await page.locator('#errors').innerText(), /Buffalo Bank refused: FORMAT_ERROR: .+/);
  });
});
