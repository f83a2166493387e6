// SPDX-License-Identifier: Apache-2.0
// The Berlin Group SCA approaches besides OAuth, with John Smith in chromium: decoupled (the TPP names the PSU, who
// approves the consent on the bank's PSU pages with a fresh one-time code) and redirect (`_links.scaRedirect` takes
// the PSU to the bank, which sends it back to the TPP's TPP-Redirect-URI after the approval).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkip } from '../support/browser.js';
import { startBerlinGroupStage, type BerlinGroupStage, type SandboxPsu } from '../support/berlin-group-stage.js';
import { poll } from '../support/poll.js';
import { PHONE_VIEWPORT, signInToDashboard } from '../support/psu-chromium.js';

const JUMA = '27710102999';
const TPP_DONE = 'https://demo-tpp.lango.test/done';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('Berlin Group decoupled and redirect approaches', { skip: browserSkip }, () => {
  let stage: BerlinGroupStage;
  let john: SandboxPsu;

  before(async () => {
    stage = await startBerlinGroupStage();
    john = stage.psu('buffalo', 'john.smith');
  });
  after(async () => {
    await stage?.stop();
  });

  const signIn = (page: Page) => signInToDashboard(page, 'buffalo', john, stage.otp);

  it('decoupled: the consent waits on John\'s dashboard; he approves it with a fresh code; the TPP reads his account', async () => {
    const { tpp } = stage;
    const household = john.accounts[0]!;
    const token = await tpp.clientToken('accounts');
    const created = await tpp.call<{ consentId: string }>('POST', '/v1/consents', {
      token, headers: { 'Platform-TenantId': 'buffalo', 'PSU-ID': john.username, 'PSU-IP-Address': '192.0.2.10' },
      body: { access: { balances: [{ bban: household.number }] }, recurringIndicator: true, validUntil: inDays(10), frequencyPerDay: 4, combinedServiceIndicator: false },
    });
    const { consentId } = created.body;
    const started = await tpp.call<{ authorisationId: string; scaStatus: string; psuMessage: string }>('POST', `/v1/consents/${consentId}/authorisations`, {
      token, headers: { 'TPP-Decoupled-Preferred': 'true', 'PSU-IP-Address': '192.0.2.10' },
    });
    assert.equal(started.status, 201);
    assert.equal(started.headers.get('aspsp-sca-approach'), 'DECOUPLED');
    assert.equal(started.body.scaStatus, 'received');
    assert.match(started.body.psuMessage, /approve/);

    const context = await stage.browser.newContext({ viewport: PHONE_VIEWPORT, locale: 'en-GB' });
    try {
      const page = await context.newPage();
      await page.goto(`${stage.sandbox.lango.urls.public}/psu/consents`);
      await signIn(page);
      await page.click(`#approve-${consentId}`);
      await page.fill('#otp', stage.otp);
      await page.click('#verify');
      await page.waitForSelector('.notice');
      assert.match(await page.locator('.notice').innerText(), /approved/);
    } finally {
      await context.close();
    }
    const sca = await tpp.call<{ scaStatus: string }>('GET', `/v1/consents/${consentId}/authorisations/${started.body.authorisationId}`, { token });
    assert.equal(sca.body.scaStatus, 'finalised');
    const balances = await tpp.call<{ balances: unknown[] }>('GET', `/v1/accounts/${household.id}/balances`, { token, headers: { 'Consent-ID': consentId, 'PSU-IP-Address': '192.0.2.10' } });
    assert.equal(balances.status, 200, 'the TPP\'s own token reads within the consent John approved');
    assert.equal(balances.body.balances.length, 2);
  });

  it('decoupled with a passkey: John approves the TPP\'s request with the passkey he added on his dashboard', async () => {
    const { tpp } = stage;
    const token = await tpp.clientToken('accounts');
    const created = await tpp.call<{ consentId: string }>('POST', '/v1/consents', {
      token, headers: { 'Platform-TenantId': 'buffalo', 'PSU-ID': john.username, 'PSU-IP-Address': '192.0.2.10' },
      body: { access: { accounts: [{ bban: john.accounts[1]!.number }] }, recurringIndicator: false, validUntil: inDays(1), frequencyPerDay: 1, combinedServiceIndicator: false },
    });
    const { consentId } = created.body;
    const context = await stage.browser.newContext({ viewport: PHONE_VIEWPORT, locale: 'en-GB' });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true } });
      await page.goto(`${stage.sandbox.lango.urls.public}/psu/consents`);
      await signIn(page);
      await page.click('#add-passkey');
      await page.locator('[role=status]').waitFor();
      await page.click(`#approve-${consentId}`);
      const usePasskey = page.locator('#use-passkey');
      await usePasskey.waitFor({ state: 'visible' });
      await usePasskey.click();
      await page.waitForSelector('.notice');
      assert.match(await page.locator('.notice').innerText(), /approved/);
    } finally {
      await context.close();
    }
    const status = await tpp.call<{ consentStatus: string }>('GET', `/v1/consents/${consentId}/status`, { token });
    assert.equal(status.body.consentStatus, 'valid');
  });

  it('redirect: scaRedirect takes John to his bank, he approves the payment, the bank sends him back; the payment settles', async () => {
    const { tpp } = stage;
    const token = await tpp.clientToken('payments');
    const created = await tpp.call<{ paymentId: string; _links: Record<string, { href: string }> }>('POST', '/v1/payments/mojaloop-credit-transfers', {
      token, headers: { 'Platform-TenantId': 'buffalo', 'TPP-Redirect-URI': TPP_DONE, 'PSU-IP-Address': '192.0.2.10' },
      body: { debtorAccount: { bban: john.accounts[0]!.number }, instructedAmount: { currency: 'TZS', amount: '42.00' }, creditorAccount: { msisdn: JUMA }, creditorName: 'Juma Salim' },
    });
    const { paymentId, _links: links } = created.body;
    assert.ok(links.scaRedirect, 'a redirect link for the PSU');

    const context = await stage.browser.newContext({ viewport: PHONE_VIEWPORT, locale: 'en-GB' });
    try {
      const page = await context.newPage();
      let back: URL | undefined;
      await page.route((url) => url.origin === new URL(TPP_DONE).origin, async (route) => {
        back = new URL(route.request().url());
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>TPP</title><p>done</p>' });
      });
      await page.goto(links.scaRedirect!.href);
      await signIn(page);
      assert.match(await page.locator(`#approve-${paymentId}`).locator('xpath=ancestor::li').innerText(), /42\.00/);
      await page.click(`#approve-${paymentId}`);
      await page.fill('#otp', stage.otp);
      await page.click('#verify');
      await poll(async () => back, (url) => url !== undefined, 10_000, 'the redirect back to the TPP');
      assert.equal(back!.href, TPP_DONE);
    } finally {
      await context.close();
    }
    const final = await poll(() => tpp.call<{ transactionStatus: string }>('GET', `/v1/payments/mojaloop-credit-transfers/${paymentId}/status`, { token }),
      (answer) => ['ACSC', 'RJCT'].includes(answer.body.transactionStatus), 30_000, 'payment final');
    assert.equal(final.body.transactionStatus, 'ACSC');
  });
});
