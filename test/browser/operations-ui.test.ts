// SPDX-License-Identifier: Apache-2.0
// The back office in chromium on the whole barebone sandbox: operators of the manifest sign in through the consent
// server's operations client, find a transfer by the payer's MSISDN and read its path and task list, repair
// transfers stuck on an incident (an account of the payee's core banking down beyond the retries) with Retry and
// Force Fail, and recall a completed transfer with the payee bank's supervisor approving. A viewer gets no action
// button and the API refuses them too. Balances come from the Fineract simulator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkip, launchChromium } from '../support/browser.js';
import { operatorInChromium, signInOperator, stuckOnUsTransfer, type OperationsCaller, type OperationsManifest } from '../support/operations-client.js';
import { poll } from '../support/poll.js';
import { startPaymentsSandbox, type PaymentsSandbox, type SandboxAccountRef } from '../support/payments-sandbox.js';

const JOHN = '27710101999';
const JUMA = '27710102999';

let sandbox: PaymentsSandbox;
let browser: Browser;
let operationsUrl: string;
let manifest: OperationsManifest;
let savings: SandboxAccountRef;

before(async () => {
  if (browserSkip) return;
  [sandbox, browser] = await Promise.all([startPaymentsSandbox({ LANGO_RETRY_BACKOFF_MS: '5' }), launchChromium()]);
  operationsUrl = sandbox.lango.urls.operations!;
  manifest = sandbox.manifest as unknown as OperationsManifest;
  const psus = sandbox.manifest.psus as { tenantId: string; username: string; accounts: { id: string; externalId: string }[] }[];
  const john = psus.find((psu) => psu.tenantId === 'buffalo' && psu.username === 'john.smith')!;
  savings = { tenantId: 'buffalo', fspId: 'in01tn01', accountId: john.accounts.find((account) => account.id === 'buffalo-1002')!.externalId, msisdn: '', owner: 'John Smith' };
});
after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/** A fresh browser context signed in as the operator, on the transfers page. */
async function signIn(username: string): Promise<Page> {
  const page = await operatorInChromium(browser, manifest, operationsUrl, username);
  assert.equal(await page.textContent('#operator-name'), username);
  return page;
}

async function openTransfer(page: Page, processInstanceKey: string): Promise<void> {
  await page.goto(`${operationsUrl}/transfers/${processInstanceKey}`);
  await page.waitForSelector('body[data-ready=true]');
  await page.waitForSelector('#diagram[data-ready]');
}

const setAccountMode = (account: SandboxAccountRef, mode: 'up' | 'unavailable') => sandbox.fineractMode(account.tenantId, mode, [account.accountId]);

/** John pays his savings account inside Buffalo while its ledger is down: the deposit runs out of retries (incident). */
const stuckTransfer = (api: OperationsCaller, amount: string) => stuckOnUsTransfer(sandbox, api, JOHN, savings, amount);

/** Clicks an action button, gives the reason, submits, and returns the outcome's status (EXECUTED, PENDING_APPROVAL, …). */
async function act(page: Page, action: string, reason: string): Promise<string | null> {
  await page.click(`#action-${action}`);
  await page.fill('#action-reason', reason);
  await page.click('#action-submit');
  await page.waitForSelector('#action-result');
  return page.getAttribute('#action-result', 'data-status');
}

describe('operations UI on the sandbox', { skip: browserSkip }, () => {
  it('an operator finds a transfer by payer MSISDN, opens it and sees the path taken and the task list', async () => {
    const paid = await sandbox.transfer(JOHN, JUMA, '1234.50');
    assert.equal(paid.status, 'COMPLETED');
    const page = await signIn('ops.operator');
    await page.fill('#filter-payerId', JOHN);
    await page.click('#search');
    await page.waitForURL(/payerId=27710101999/);
    await page.waitForSelector('body[data-ready=true]');
    const row = page.locator('[data-testid=transfer-row]', { hasText: paid.transactionId });
    await row.waitFor();
    assert.match((await row.textContent())!, /1234\.5/);
    await row.locator('[data-testid=transfer-link]').click();
    await page.waitForURL(/\/transfers\/\d+$/);
    await page.waitForSelector('#diagram[data-ready]');
    assert.equal(await page.getAttribute('#diagram', 'data-ready'), 'true');
    assert.equal(await page.textContent('#payer-fields dd[data-field=idValue]'), JOHN);
    assert.equal(await page.textContent('#payee-fields dd[data-field=idValue]'), JUMA);
    for (const step of ['party-lookup', 'block-funds', 'prepare', 'commit', 'end-completed']) {
      assert.equal(await page.locator(`.djs-element.lango-completed[data-element-id="${step}"]`).count(), 1, `${step} drawn as done`);
    }
    assert.equal(await page.locator('.djs-element.lango-failed').count(), 0);
    assert.equal(await page.locator('.djs-connection.lango-taken[data-element-id="commit-to-completed"]').count(), 1);
    const tasks = await page.locator('[data-testid=task-row]').allTextContents();
    assert.ok(tasks.some((task) => task.includes('Commit withdrawal')), tasks.join(' | '));
    assert.ok(tasks.length >= 10);
    await page.context().close();
  });

  it('Retry completes a transfer stuck on an incident once the payee account is back; Force Fail releases the payer\'s funds', async () => {
    const api = await signInOperator(manifest, operationsUrl, 'ops.operator');
    const page = await signIn('ops.operator');

    const stuck = await stuckTransfer(api, '1000');
    await openTransfer(page, stuck.processInstanceKey);
    assert.equal(await page.locator('.djs-element.lango-failed[data-element-id="deposit"]').count(), 1, 'the failed step is red');
    assert.match((await page.textContent('#incidents-table'))!, /JOB_NO_RETRIES/);
    await setAccountMode(savings, 'up');
    assert.equal(await act(page, 'retry', 'the savings ledger is back up'), 'EXECUTED');
    assert.equal((await sandbox.settled('buffalo', stuck.transactionId)).status, 'COMPLETED');
    await poll(async () => { await openTransfer(page, stuck.processInstanceKey); return page.locator('.djs-element.lango-completed[data-element-id="end"]').count(); },
      (count) => count === 1, 15_000, 'the detail page shows the transfer completed');

    const johnBefore = await sandbox.balance(sandbox.account(JOHN));
    const second = await stuckTransfer(api, '700');
    assert.notEqual((await sandbox.balance(sandbox.account(JOHN))).balanceOnHold, johnBefore.balanceOnHold, 'the payer\'s funds are held');
    await openTransfer(page, second.processInstanceKey);
    assert.equal(await act(page, 'force-fail', 'savings account closed, customer told'), 'EXECUTED');
    assert.equal((await sandbox.settled('buffalo', second.transactionId)).status, 'FAILED');
    const johnAfter = await sandbox.balance(sandbox.account(JOHN));
    assert.equal(johnAfter.accountBalance, johnBefore.accountBalance);
    assert.equal(johnAfter.balanceOnHold, johnBefore.balanceOnHold, 'the hold is released');
    await setAccountMode(savings, 'up');
    await page.context().close();
  });

  it('a Recall asked by one operator is approved by another and moves the money back; the first cannot approve it', async () => {
    const johnBefore = await sandbox.balance(sandbox.account(JOHN));
    const paid = await sandbox.transfer(JOHN, JUMA, '2000');
    const api = await signInOperator(manifest, operationsUrl, 'ops.operator');
    const found = await poll(() => api.call<{ items: { processInstanceKey: string }[] }>('GET', `/transfers?transactionId=${paid.transactionId}&state=COMPLETED`),
      (answer) => answer.body.items.length === 1, 10_000, 'the completed transfer');
    const key = found.body.items[0]!.processInstanceKey;

    const requester = await signIn('ops.operator');
    await openTransfer(requester, key);
    assert.equal(await act(requester, 'recall', 'paid to the wrong wallet'), 'PENDING_APPROVAL');
    await requester.goto(`${operationsUrl}/approvals`);
    await requester.waitForSelector('body[data-ready=true]');
    const own = requester.locator('[data-testid=approval-row][data-action=recall]');
    assert.equal(await own.getAttribute('data-can-decide'), 'false');
    assert.equal(await own.locator('[data-testid=approve]').count(), 0, 'no approve button on one\'s own request');
    const actionId = (await own.getAttribute('data-action-id'))!;
    assert.equal((await api.call('POST', `/approvals/${actionId}/approve`, { reason: 'approving myself' })).status, 403, 'and the API refuses it');

    const approver = await signIn('ops.lion.supervisor');
    await approver.goto(`${operationsUrl}/approvals`);
    await approver.waitForSelector('body[data-ready=true]');
    const row = approver.locator(`[data-testid=approval-row][data-action-id="${actionId}"]`);
    assert.equal(await row.getAttribute('data-can-decide'), 'true');
    await row.locator('[data-testid=approve]').click();
    await approver.fill('#decision-reason', 'Juma confirmed the mistake');
    await approver.click('#decision-submit');
    await approver.waitForSelector('#decision-result');
    assert.equal(await approver.getAttribute('#decision-result', 'data-status'), 'EXECUTED');

    await poll(async () => Number((await sandbox.balance(sandbox.account(JOHN))).accountBalance), (balance) => balance === Number(johnBefore.accountBalance) - 100,
      20_000, 'John has the 2000.00 back (the fee of his payment stays charged)');
    await requester.context().close();
    await approver.context().close();
  });

  it('a viewer sees no action button, and the API refuses the actions too', async () => {
    const stuck = await stuckTransfer(await signInOperator(manifest, operationsUrl, 'ops.operator'), '150');
    const page = await signIn('ops.viewer');
    await openTransfer(page, stuck.processInstanceKey);
    assert.equal(await page.locator('.djs-element.lango-failed[data-element-id="deposit"]').count(), 1, 'the viewer sees the failed step');
    assert.equal(await page.locator('[id^=action-]').count(), 0, 'but no action');
    const viewer = await signInOperator(manifest, operationsUrl, 'ops.viewer');
    for (const action of ['retry', 'force-fail', 'force-complete']) {
      assert.equal((await viewer.call('POST', `/transfers/${stuck.processInstanceKey}/actions`, { action, reason: 'a viewer tries anyway' })).status, 403, action);
    }
    // Leave nothing stuck: an operator fails it.
    const operator = await signInOperator(manifest, operationsUrl, 'ops.operator');
    assert.equal((await operator.call('POST', `/transfers/${stuck.processInstanceKey}/actions`, { action: 'force-fail', reason: 'clean-up after the test' })).status, 200);
    await setAccountMode(savings, 'up');
    await page.context().close();
  });
});
