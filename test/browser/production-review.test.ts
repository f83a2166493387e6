// SPDX-License-Identifier: Apache-2.0
// The bank's review of production access in chromium on the whole sandbox: a developer-portal team asks Buffalo
// and Lion to let its application into production; Buffalo's operator sees Buffalo's request but may not decide
// it (no button, and the API refuses), and never sees Lion's; Buffalo's supervisor approves on the "Production
// access" page, Lion's supervisor rejects, and the team reads both decisions on the portal — the approval also
// stands in the operations audit trail. A decided request cannot be decided again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkip, launchChromium } from '../support/browser.js';
import { operatorInChromium, signInOperator, type OperationsManifest } from '../support/operations-client.js';
import { startPaymentsSandbox, type PaymentsSandbox } from '../support/payments-sandbox.js';
import { portalDeveloper, type PortalDeveloper } from '../support/portal-client.js';

interface ProductionRequest { id: string; tenantId: string; status: string; decidedBy?: string; decisionReason?: string }
interface AuditEntry { action?: string; actor?: string; subject?: string; reason?: string; tenantId?: string }

const PASSWORD = 'a long test passphrase';
const APPROVAL_REASON = 'Penetration test and contract signed';
const REJECTION_REASON = 'No contract with Lion yet';

let sandbox: PaymentsSandbox;
let browser: Browser;
let operationsUrl: string;
let publicUrl: string;
let manifest: OperationsManifest;
let team: PortalDeveloper;
let applicationId: string;
let buffaloRequest: ProductionRequest;
let lionRequest: ProductionRequest;

before(async () => {
  if (browserSkip) return;
  [sandbox, browser] = await Promise.all([startPaymentsSandbox(), launchChromium()]);
  operationsUrl = sandbox.lango.urls.operations!;
  publicUrl = sandbox.lango.urls.public!;
  manifest = sandbox.manifest as unknown as OperationsManifest;
  team = await portalDeveloper(publicUrl, 'lead@kilimo-pay.example', 'Kilimo Pay Ltd', PASSWORD);
  const app = await team.call<{ id: string }>('POST', '/apps', { name: 'Kilimo budget', roles: ['AIS'], redirectUris: ['https://x.lango.test/cb'] });
  assert.equal(app.status, 201, JSON.stringify(app.body));
  applicationId = app.body.id;
  const ask = async (tenantId: string) => {
    const asked = await team.call<ProductionRequest>('POST', `/apps/${applicationId}/production`, { tenantId, note: `Farmers' budgets from ${tenantId} accounts` });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    assert.equal(asked.body.status, 'PENDING');
    return asked.body;
  };
  buffaloRequest = await ask('buffalo');
  lionRequest = await ask('lion');
});
after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/** A fresh browser context signed in as the operator, on the production access page by the nav (a sign-in lands on transfers). */
async function signIn(username: string): Promise<Page> {
  const page = await operatorInChromium(browser, manifest, operationsUrl, username);
  await page.click('#nav-applications');
  await page.waitForURL(`${operationsUrl}/applications`);
  await page.waitForSelector('body[data-ready=true]');
  assert.equal(await page.textContent('#operator-name'), username);
  return page;
}

const pendingRow = (page: Page, request: ProductionRequest) => page.locator(`[data-testid=production-row][data-request-id="${request.id}"]`);
const decidedRow = (page: Page, request: ProductionRequest) => page.locator(`[data-testid=decided-row][data-request-id="${request.id}"]`);

/** Approves or rejects the request from its row with the reason; returns the outcome the page shows after reloading. */
async function decide(page: Page, request: ProductionRequest, decision: 'approve' | 'reject', reason: string): Promise<string | null> {
  await pendingRow(page, request).locator(`[data-testid=${decision}]`).click();
  await page.fill('#decision-reason', reason);
  await page.click('#decision-submit');
  await page.waitForSelector('#decision-result');
  return page.getAttribute('#decision-result', 'data-status');
}

/** The team's view of its application's production requests, by bank. */
async function portalView(): Promise<Map<string, ProductionRequest>> {
  const answer = await team.call<{ requests: ProductionRequest[] }>('GET', `/apps/${applicationId}/production`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return new Map(answer.body.requests.map((request) => [request.tenantId, request]));
}

describe('operations UI: production access review', { skip: browserSkip }, () => {
  it('a Buffalo operator sees the Buffalo request but cannot decide it, and never sees the Lion request', async () => {
    const page = await signIn('ops.operator');
    assert.equal(await page.getAttribute('#nav-applications', 'aria-current'), 'page');
    const row = pendingRow(page, buffaloRequest);
    assert.equal(await row.count(), 1, 'the Buffalo request is listed');
    const text = (await row.textContent())!;
    for (const shown of ['Kilimo Pay Ltd', 'Kilimo budget', 'buffalo', "Farmers' budgets from buffalo accounts"]) assert.ok(text.includes(shown), `${shown} in: ${text}`);
    assert.equal(await row.getAttribute('data-can-decide'), 'false');
    assert.equal(await row.locator('[data-testid=approve]').count(), 0, 'no Approve button for an operator');
    assert.equal(await row.locator('[data-testid=reject]').count(), 0, 'no Reject button for an operator');
    assert.equal(await pendingRow(page, lionRequest).count(), 0, "Lion's request is not shown to Buffalo");
    assert.equal(await page.locator('[data-testid=production-row][data-tenant=lion], [data-testid=decided-row][data-tenant=lion]').count(), 0);

    const api = await signInOperator(manifest, operationsUrl, 'ops.operator');
    const listed = await api.call<{ items: ProductionRequest[] }>('GET', '/production-requests');
    assert.ok(!listed.body.items.some((request) => request.id === lionRequest.id), 'nor by the API');
    const refused = await api.call<{ code?: string }>('POST', `/production-requests/${buffaloRequest.id}/decision`, { approve: true, reason: 'an operator tries anyway' });
    assert.equal(refused.status, 404, refused.text);
    assert.equal((await portalView()).get('buffalo')?.status, 'PENDING', 'the refused decision changed nothing');
    await page.context().close();
  });

  it('the Buffalo supervisor approves with a reason: the portal shows it, the audit trail keeps it', async () => {
    const page = await signIn('ops.supervisor');
    assert.equal(await pendingRow(page, lionRequest).count(), 0, "Lion's request is not shown to Buffalo's supervisor either");
    assert.equal(await pendingRow(page, buffaloRequest).getAttribute('data-can-decide'), 'true');
    assert.equal(await decide(page, buffaloRequest, 'approve', APPROVAL_REASON), 'APPROVED');
    assert.equal(await pendingRow(page, buffaloRequest).count(), 0, 'no longer waiting');
    const decided = decidedRow(page, buffaloRequest);
    assert.equal(await decided.getAttribute('data-status'), 'APPROVED');
    const text = (await decided.textContent())!;
    assert.ok(text.includes(APPROVAL_REASON) && text.includes('operator:ops.supervisor'), text);

    const portal = (await portalView()).get('buffalo');
    assert.equal(portal?.status, 'APPROVED');
    assert.equal(portal?.decisionReason, APPROVAL_REASON);
    assert.equal(portal?.decidedBy, 'operator:ops.supervisor');
    assert.equal((await portalView()).get('lion')?.status, 'PENDING', "Lion's request waits for Lion");

    const api = await signInOperator(manifest, operationsUrl, 'ops.supervisor');
    const audit = await api.call<{ items: AuditEntry[] }>('GET', '/audit?kind=operator-action&size=200');
    assert.equal(audit.status, 200, audit.text);
    const entry = audit.body.items.find((item) => item.action === 'production-access.approve' && item.subject === applicationId);
    assert.ok(entry, `a production-access.approve entry in ${audit.text}`);
    assert.equal(entry.actor, 'operator:ops.supervisor');
    assert.equal(entry.tenantId, 'buffalo');
    assert.equal(entry.reason, APPROVAL_REASON);
    await page.context().close();
  });

  it('the Lion supervisor rejects the Lion request in its own session; a decided request cannot be decided again', async () => {
    const page = await signIn('ops.lion.supervisor');
    assert.equal(await pendingRow(page, buffaloRequest).count() + await decidedRow(page, buffaloRequest).count(), 0, "Buffalo's request is not shown to Lion");
    assert.equal(await decide(page, lionRequest, 'reject', REJECTION_REASON), 'REJECTED');
    assert.equal(await decidedRow(page, lionRequest).getAttribute('data-status'), 'REJECTED');

    const portal = await portalView();
    assert.equal(portal.get('lion')?.status, 'REJECTED');
    assert.equal(portal.get('lion')?.decisionReason, REJECTION_REASON);
    assert.equal(portal.get('buffalo')?.status, 'APPROVED');

    // The team signs in to the portal in chromium and reads both decisions on its application's page.
    const portalPage = await (await browser.newContext()).newPage();
    await portalPage.goto(`${publicUrl}/portal/signin`);
    await portalPage.fill('#email', team.email);
    await portalPage.fill('#password', PASSWORD);
    await portalPage.click('#signin');
    await portalPage.waitForURL(/\/portal\/dashboard$/);
    await portalPage.goto(`${publicUrl}/portal/apps/${applicationId}`);
    const statuses = (await portalPage.locator('#production td.production-status').allTextContents()).map((status) => status.trim()).sort();
    assert.deepEqual(statuses, ['APPROVED', 'REJECTED']);
    await portalPage.context().close();

    const lion = await signInOperator(manifest, operationsUrl, 'ops.lion.supervisor');
    const again = await lion.call('POST', `/production-requests/${lionRequest.id}/decision`, { approve: true, reason: 'changed my mind' });
    assert.equal(again.status, 404, again.text);
    const buffalo = await signInOperator(manifest, operationsUrl, 'ops.supervisor');
    const twice = await buffalo.call('POST', `/production-requests/${buffaloRequest.id}/decision`, { approve: false, reason: 'second thoughts' });
    assert.equal(twice.status, 404, twice.text);
    assert.deepEqual([...(await portalView()).values()].map((request) => request.status).sort(), ['APPROVED', 'REJECTED'], 'the decisions stand');
    await page.context().close();
  });
});
