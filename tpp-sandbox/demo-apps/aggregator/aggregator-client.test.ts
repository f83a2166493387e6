// SPDX-License-Identifier: Apache-2.0
// The reference client on its own, against the whole sandbox, for what the browser test cannot reach: a PSU token
// about to expire is renewed with the refresh token before a read, and a read under a deleted consent comes back
// as the bank's refusal with its tppMessages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkip, launchChromium } from '../../../test/support/browser.js';
import { startPaymentsSandbox, type PaymentsSandbox } from '../../../test/support/payments-sandbox.js';
import { PHONE_VIEWPORT, decideAtBank } from '../../../test/support/psu-chromium.js';
import { AGGREGATOR_CALLBACK_PATH } from '../../demo-clients.js';
import { openAggregatorClient, type AggregatorClient, type BankConnection, type PendingAuthorisation } from './aggregator-client.js';
import { BankRefusedError } from './errors.js';

describe('aggregator client', { skip: browserSkip }, () => {
  let sandbox: PaymentsSandbox;
  let browser: Browser;
  let client: AggregatorClient;

  before(async () => {
    [sandbox, browser] = await Promise.all([startPaymentsSandbox(), launchChromium()]);
    client = await openAggregatorClient({ manifestUrl: `${sandbox.lango.urls.public}/sandbox/manifest.json` });
  });
  after(async () => {
    await client?.close();
    await browser?.close();
    await sandbox?.stop();
  });

  /** John allows at `bank` in chromium; the URL the bank sent the browser back to (the request is not followed here). */
  async function johnAllows(pending: PendingAuthorisation, bank: string): Promise<URL> {
    const john = (sandbox.manifest.psus as { tenantId: string; username: string; password: string; otp: string }[]).find((psu) => psu.tenantId === bank && psu.username === 'john.smith')!;
    const context = await browser.newContext({ viewport: PHONE_VIEWPORT });
    try {
      const page = await context.newPage();
      // The callback is on Lango's own origin (the public listener), so it is caught by path, not by origin.
      const callback = new Promise<URL>((resolve) => page.on('request', (request) => {
        if (request.url().includes(AGGREGATOR_CALLBACK_PATH)) resolve(new URL(request.url()));
      }));
      await page.goto(pending.url.href);
      await decideAtBank(page, john);
      return await callback;
    } finally {
      await context.close();
    }
  }

  it('renews an expiring PSU token with the refresh token, and reports a deleted consent in the bank\'s words', async () => {
    const consentId = await client.createConsent('buffalo', '192.0.2.10');
    const pending = await client.startAuthorisation(`AIS:${consentId}`, 'buffalo', `${sandbox.lango.urls.public}${AGGREGATOR_CALLBACK_PATH}`);
    const tokens = await client.finishAuthorisation(await johnAllows(pending, 'buffalo'), pending);
    assert.ok(tokens.refreshToken, 'a refresh token comes with the PSU\'s token');
    const connection: BankConnection = { bank: 'buffalo', consentId, tokens: { ...tokens, expiresAt: Date.now() } };

    const accounts = await client.accounts(connection, '192.0.2.10');
    assert.ok(accounts.length > 0);
    assert.notEqual(connection.tokens.accessToken, tokens.accessToken, 'the token was renewed before the read');
    assert.equal(connection.tokens.refreshToken, tokens.refreshToken, 'no rotation: the refresh token stays');
    assert.ok(connection.tokens.expiresAt > Date.now() + 60_000);

    await client.deleteConsent(consentId);
    assert.equal(await client.consentStatus(consentId), 'terminatedByTpp');
    await assert.rejects(client.accounts(connection, '192.0.2.10'), (error: unknown) => error instanceof BankRefusedError && error.status === 401 && error.messages.length > 0);
  });
});
