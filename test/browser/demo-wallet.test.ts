// SPDX-License-Identifier: Apache-2.0
// The Lion Mobile Wallet demo app in chromium at phone size, on the whole barebone sandbox: Juma Salim (Lion) signs
// in, sends money to Neema Kimaro (Elephant) after confirming the fee, approves a request to pay, asks John Smith
// (Buffalo) for money, and reads his history; a bad amount moves nothing. Money is checked where it lives (Fineract).
// First, the two channel API endpoints the wallet reads its balance and history from.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { toMinorUnits } from '../../platform/money/index.js';
import { browserSkip, launchChromium } from '../support/browser.js';
import { poll } from '../support/poll.js';
import { startPaymentsSandbox, type Balance, type PaymentsSandbox, type SandboxAccountRef, type TransactionRequestAnswer } from '../support/payments-sandbox.js';

const JUMA = '27710102999';
const NEEMA = '27710204999';
const JOHN = '27710101999';

/** Signed minor units of a decimal string (Fineract balances may carry a leading `-`). */
const minor = (amount: string) => (amount.startsWith('-') ? -toMinorUnits(amount.slice(1), 'TZS') : toMinorUnits(amount, 'TZS'));
const delta = (before: Balance, after: Balance) => minor(after.accountBalance) - minor(before.accountBalance);

interface AccountAnswer {
  accountId: string;
  currency: string;
  balance: { available: string; ledger: string };
}
interface StatementAnswer {
  total: number;
  offset: number;
  limit: number;
  entries: { direction: string; amount: string; currency: string; kind: string; transactionId?: string; counterparty?: { idValue: string; fspId?: string; name?: string } }[];
}

let sandbox: PaymentsSandbox;
let juma: SandboxAccountRef;
let neema: SandboxAccountRef;
let john: SandboxAccountRef;

before(async () => {
  sandbox = await startPaymentsSandbox();
  [juma, neema, john] = [sandbox.account(JUMA), sandbox.account(NEEMA), sandbox.account(JOHN)];
});
after(async () => sandbox?.stop());

describe('channel API: an account\'s balance and statement', { timeout: 120_000 }, () => {
  it('needs a channel token', async () => {
    for (const path of [`/channel/accounts/MSISDN/${JUMA}`, `/channel/accounts/MSISDN/${JUMA}/transactions`]) {
      const answer = await fetch(`${sandbox.lango.urls.channel}${path}`, { headers: { 'platform-tenantid': 'lion' } });
      assert.equal(answer.status, 401, path);
      assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
    }
  });

  it('answers the balance of the tenant\'s customer as decimal strings, equal to the core banking\'s', async () => {
    const answer = await sandbox.channel.call<AccountAnswer>('GET', `/channel/accounts/MSISDN/${JUMA}`, 'lion');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const fineract = await sandbox.balance(juma);
    assert.equal(answer.body.accountId, juma.accountId);
    assert.equal(answer.body.currency, 'TZS');
    assert.equal(typeof answer.body.balance.available, 'string');
    assert.equal(typeof answer.body.balance.ledger, 'string');
    assert.equal(minor(answer.body.balance.ledger), minor(fineract.accountBalance));
    assert.equal(minor(answer.body.balance.available), minor(fineract.availableBalance));
    const byAccount = await sandbox.channel.call<AccountAnswer>('GET', `/channel/accounts/ACCOUNT_ID/${juma.accountId}`, 'lion');
    assert.equal(byAccount.status, 200);
    assert.deepEqual(byAccount.body, answer.body);
  });

  it('answers 404 for another bank\'s customer and an unknown number, 400 for a bad query', async () => {
    const cases: [string, string, number, string][] = [
      ['another bank\'s MSISDN', `/channel/accounts/MSISDN/${NEEMA}`, 404, 'NOT_FOUND'],
      ['another bank\'s MSISDN, statement', `/channel/accounts/MSISDN/${NEEMA}/transactions`, 404, 'NOT_FOUND'],
      ['unknown MSISDN', '/channel/accounts/MSISDN/27719999999', 404, 'NOT_FOUND'],
      ['unknown account', '/channel/accounts/ACCOUNT_ID/no-such-account', 404, 'NOT_FOUND'],
      ['unsupported idType', `/channel/accounts/EMAIL/${JUMA}`, 400, 'VALIDATION_FAILED'],
      ['limit 0', `/channel/accounts/MSISDN/${JUMA}/transactions?limit=0`, 400, 'VALIDATION_FAILED'],
      ['limit not a number', `/channel/accounts/MSISDN/${JUMA}/transactions?limit=ten`, 400, 'VALIDATION_FAILED'],
      ['negative offset', `/channel/accounts/MSISDN/${JUMA}/transactions?offset=-1`, 400, 'VALIDATION_FAILED'],
    ];
    for (const [name, path, status, code] of cases) {
      const answer = await sandbox.channel.call<{ code?: string }>('GET', path, 'lion');
      assert.equal(answer.status, status, `${name}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.code, code, name);
    }
    // Elephant reads its own customer.
    assert.equal((await sandbox.channel.call('GET', `/channel/accounts/MSISDN/${NEEMA}`, 'elephant')).status, 200);
  });

  it('lists a hub payment on both sides with its counterparty and the payer\'s fee, amounts as strings', async () => {
    const paid = await sandbox.transfer(JOHN, JUMA, '1234.5');
    assert.equal(paid.status, 'COMPLETED', JSON.stringify(paid));
    await sandbox.settled('lion', paid.transactionId);

    const lion = await sandbox.channel.call<StatementAnswer>('GET', `/channel/accounts/MSISDN/${JUMA}/transactions?limit=5`, 'lion');
    assert.equal(lion.status, 200, JSON.stringify(lion.body));
    assert.equal(lion.body.limit, 5);
    const credit = lion.body.entries.find((entry) => entry.transactionId === paid.transactionId);
    assert.ok(credit, 'the deposit is listed');
    assert.equal(credit.direction, 'CREDIT');
    assert.equal(typeof credit.amount, 'string');
    assert.equal(minor(credit.amount), minor('1234.5'));
    assert.equal(credit.counterparty?.idValue, JOHN);
    assert.equal(credit.counterparty?.fspId, john.fspId);

    const buffalo = await sandbox.channel.call<StatementAnswer>('GET', `/channel/accounts/MSISDN/${JOHN}/transactions`, 'buffalo');
    const debits = buffalo.body.entries.filter((entry) => entry.transactionId === paid.transactionId);
    assert.equal(debits.length, 2, 'the withdrawal and its fee');
    assert.ok(debits.every((entry) => entry.direction === 'DEBIT' && entry.counterparty?.idValue === JUMA));
    assert.equal(debits.reduce((sum, entry) => sum + minor(entry.amount), 0n), minor('1234.5') + minor(paid.payerFee!.amount));

    const second = await sandbox.channel.call<StatementAnswer>('GET', `/channel/accounts/MSISDN/${JOHN}/transactions?offset=1&limit=1`, 'buffalo');
    assert.equal(second.body.entries.length, 1);
    assert.deepEqual(second.body.entries[0], buffalo.body.entries[1], 'offset pages through the same order');
    assert.equal(second.body.total, buffalo.body.total);
  });
});

describe('Lion Mobile Wallet in chromium at phone size', { skip: browserSkip, timeout: 240_000 }, () => {
  let browser: Browser;
  let page: Page;
  let walletUrl: string;

  before(async () => {
    browser = await launchChromium();
    walletUrl = (sandbox.manifest.links as { demoWallet: string }).demoWallet;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    page = await context.newPage();
  });
  after(async () => browser?.close());

  const pageBalance = async () => minor((await page.getAttribute('[data-testid=balance]', 'data-amount'))!);
  const home = async () => {
    await page.goto(walletUrl);
    await page.waitForSelector('[data-testid=balance]');
  };

  it('Juma signs in with his number and the sandbox PIN and sees Fineract\'s balance', async () => {
    const answer = await page.goto(walletUrl);
    assert.match(answer!.headers()['content-security-policy'] ?? '', /default-src 'none'/);
    assert.match(await page.textContent('#demo-notice') ?? '', /Demo sign-in/);
    await page.selectOption('#msisdn', JUMA);
    await page.fill('#pin', '000000');
    await page.click('#sign-in');
    assert.match(await page.textContent('#form-error') ?? '', /do not match/);

    await page.selectOption('#msisdn', JUMA);
    await page.fill('#pin', (sandbox.manifest.sca as { otp: string }).otp);
    await page.click('#sign-in');
    await page.waitForSelector('[data-testid=balance]');
    assert.match(await page.textContent('#holder') ?? '', /Juma Salim/);
    assert.equal(await pageBalance(), minor((await sandbox.balance(juma)).availableBalance));
  });

  it('sends 1500 TZS to Neema at Elephant: shows the fee, pays after confirming, and both balances move', async () => {
    await home();
    const [pageBefore, jumaBefore, neemaBefore] = [await pageBalance(), await sandbox.balance(juma), await sandbox.balance(neema)];
    await page.click('#go-send');
    await page.fill('#to', NEEMA);
    await page.fill('#amount', '1500');
    await page.fill('#note', 'Wallet lunch');
    await page.click('#continue');

    // The quote: nothing has moved yet.
    await page.waitForSelector('#confirm', { timeout: 30_000 });
    const transactionId = page.url().split('/transfers/')[1]!;
    assert.match(await page.textContent('#counterparty') ?? '', /Neema Kimaro/);
    const fee = minor((await page.getAttribute('[data-testid=fee]', 'data-amount'))!);
    assert.ok(fee > 0n, 'Lion charges a fee');
    assert.equal(minor((await page.getAttribute('[data-testid=total]', 'data-amount'))!), minor('1500') + fee);
    assert.equal(delta(jumaBefore, await sandbox.balance(juma)), 0n);

    await page.click('#confirm');
    await page.waitForSelector('[data-testid=transfer-status][data-status=COMPLETED], [data-testid=transfer-status][data-status=FAILED]', { timeout: 30_000 });
    assert.equal(await page.getAttribute('[data-testid=transfer-status]', 'data-status'), 'COMPLETED', await page.textContent('#transfer-status') ?? '');

    const jumaAfter = await sandbox.balance(juma);
    assert.equal(delta(jumaBefore, jumaAfter), -(minor('1500') + fee));
    const neemaAfter = await poll(() => sandbox.balance(neema), (balance) => balance.accountBalance !== neemaBefore.accountBalance, 20_000, 'Neema credited');
    assert.equal(delta(neemaBefore, neemaAfter), minor('1500'));

    await page.click('#back-home');
    await page.waitForSelector('[data-testid=balance]');
    assert.equal(await pageBalance(), pageBefore - minor('1500') - fee);
    assert.equal(await pageBalance(), minor(jumaAfter.availableBalance));
    assert.ok(await page.locator(`[data-testid=entry][data-transaction-id="${transactionId}"][data-direction=DEBIT]`).count() >= 1, 'recent activity lists it');
  });

  it('refuses a bad amount with a plain message and moves nothing', async () => {
    const [before, statementBefore] = [await sandbox.balance(juma), await sandbox.channel.call<StatementAnswer>('GET', `/channel/accounts/MSISDN/${JUMA}/transactions?limit=1`, 'lion')];
    for (const [amount, message] of [['1.234', /at most 2 decimals/], ['-5', /in digits/], ['0', /more than zero/]] as const) {
      await page.goto(`${walletUrl}send`);
      await page.fill('#to', NEEMA);
      await page.fill('#amount', amount);
      await page.click('#continue');
      await page.waitForSelector('#form-error');
      assert.match(await page.textContent('#form-error') ?? '', message, amount);
      assert.equal(await page.inputValue('#amount'), amount, 'the form keeps what was typed');
      assert.equal(await page.locator('#confirm').count(), 0);
    }
    // A post without the session's CSRF token (another site's form) is refused before anything is sent.
    const forged = await page.request.post(`${walletUrl}send`, { form: { to: NEEMA, amount: '10' }, maxRedirects: 0 });
    assert.equal(forged.status(), 403);
    assert.deepEqual(await sandbox.balance(juma), before);
    const statementAfter = await sandbox.channel.call<StatementAnswer>('GET', `/channel/accounts/MSISDN/${JUMA}/transactions?limit=1`, 'lion');
    assert.equal(statementAfter.body.total, statementBefore.body.total, 'no booking');
  });

  it('Juma approves Neema\'s request to pay in the wallet; both balances move', async () => {
    const [jumaBefore, neemaBefore] = [await sandbox.balance(juma), await sandbox.balance(neema)];
    // Neema asks from her own bank's app (Elephant's channel).
    const asked = await sandbox.channel.call<TransactionRequestAnswer>('POST', '/channel/transactionRequest', 'elephant', {
      payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: JUMA } },
      payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: NEEMA } },
      amount: { amount: '2500', currency: 'TZS' }, note: 'Taxi share',
    });
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    const id = asked.body.transactionRequestId;

    const row = `[data-testid=incoming-request][data-request-id="${id}"]`;
    await poll(async () => {
      await page.goto(`${walletUrl}requests`);
      return page.locator(`${row}[data-status=PENDING]`).count();
    }, (count) => count === 1, 20_000, 'the request reaches the wallet');
    // The request names the payee by number and bank; the name comes with the payee lookup once paid.
    assert.match(await page.textContent(row) ?? '', new RegExp(`${NEEMA} · Elephant Bank`));
    await page.click(`#open-${id}`);
    assert.match(await page.textContent('#counterparty') ?? '', new RegExp(NEEMA));
    await page.click('#approve');
    await page.waitForSelector('[data-testid=transfer-status][data-status=COMPLETED], [data-testid=transfer-status][data-status=FAILED]', { timeout: 30_000 });
    assert.equal(await page.getAttribute('[data-testid=transfer-status]', 'data-status'), 'COMPLETED', await page.textContent('#transfer-status') ?? '');
    const fee = minor((await page.getAttribute('[data-testid=fee]', 'data-amount'))!);

    assert.equal(delta(jumaBefore, await sandbox.balance(juma)), -(minor('2500') + fee));
    const done = await poll(() => sandbox.channel.call<TransactionRequestAnswer>('GET', `/channel/transactionRequest/${id}`, 'elephant'), (answer) => ['COMPLETED', 'FAILED'].includes(answer.body.status));
    assert.equal(done.body.status, 'COMPLETED');
    assert.equal(delta(neemaBefore, await sandbox.balance(neema)), minor('2500'));

    await home();
    assert.equal(await pageBalance(), minor((await sandbox.balance(juma)).availableBalance));
    assert.equal(await page.locator('#pending-requests').count(), 0, 'nothing left to approve');
  });

  it('Juma asks John at Buffalo for money; once John\'s bank app accepts, the wallet shows it paid', async () => {
    const before = await sandbox.balance(juma);
    await page.goto(`${walletUrl}request`);
    await page.fill('#from', JOHN);
    await page.fill('#amount', '700.25');
    await page.fill('#note', 'Concert ticket');
    await page.click('#send-request');
    await page.waitForSelector('[data-testid=request-status]');
    const id = page.url().split('/requests/')[1]!;

    const pending = await poll(() => sandbox.channel.call<TransactionRequestAnswer>('GET', `/channel/transactionRequest/${id}`, 'buffalo'), (answer) => answer.body.status === 'PENDING');
    assert.equal(pending.body.amount, '700.25');
    assert.equal((await sandbox.channel.call('POST', `/channel/transactionRequest/${id}/decision`, 'buffalo', { accept: true })).status, 202);

    await page.waitForSelector('[data-testid=request-status][data-status=COMPLETED], [data-testid=request-status][data-status=FAILED]', { timeout: 30_000 });
    assert.equal(await page.getAttribute('[data-testid=request-status]', 'data-status'), 'COMPLETED');
    assert.equal(delta(before, await sandbox.balance(juma)), minor('700.25'));

    await page.goto(`${walletUrl}requests`);
    assert.equal(await page.getAttribute(`[data-testid=sent-request][data-request-id="${id}"]`, 'data-status'), 'COMPLETED');
  });

  it('history lists the transfers with their counterparties', async () => {
    await page.goto(`${walletUrl}history`);
    const entries = await page.locator('[data-testid=entry]').evaluateAll((items) => items.map((item) => ({
      direction: item.getAttribute('data-direction'), kind: item.getAttribute('data-kind'), text: item.textContent ?? '',
    })));
    assert.ok(entries.some((entry) => entry.direction === 'DEBIT' && /To Neema Kimaro/.test(entry.text) && /1,500\.00/.test(entry.text)), 'the payment to Neema');
    assert.ok(entries.some((entry) => entry.direction === 'DEBIT' && /To Neema Kimaro/.test(entry.text) && /2,500\.00/.test(entry.text)), 'the approved request');
    assert.ok(entries.some((entry) => entry.direction === 'CREDIT' && new RegExp(`From ${JOHN} · Buffalo Bank`).test(entry.text) && /700\.25/.test(entry.text)), 'John\'s payment');
    assert.ok(entries.some((entry) => /^Fee/.test(entry.text.trim())), 'the fees');
  });

  it('signs out and no longer shows the balance', async () => {
    await home();
    await page.click('#sign-out');
    await page.waitForSelector('#sign-in');
    await page.goto(`${walletUrl}history`);
    assert.equal(await page.locator('[data-testid=entry]').count(), 0);
    assert.equal(await page.locator('#sign-in').count(), 1);
  });
});
