// SPDX-License-Identifier: Apache-2.0
// The demo TPP of the manifest through the Berlin Group API, as a fintech and a PSU meet it: an AIS consent at
// Buffalo that John Smith authorises in chromium, his accounts, balances and transactions; then a payment from
// his Buffalo account to Lion's Juma by MSISDN, signed by John, that reaches ACSC with both Fineract balances
// moved exactly once. Every answer is checked against the official NextGenPSD2 v1.3.12 specification.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { verifyRequestSignature } from '../../gateway/index.js';
import { verifyIssuedBy } from '../../platform/crypto/index.js';
import { toMinorUnits } from '../../platform/money/index.js';
import { browserSkip } from '../support/browser.js';
import { startBerlinGroupStage, type BerlinGroupStage, type SandboxPsu } from '../support/berlin-group-stage.js';
import { poll } from '../support/poll.js';

const JUMA_MSISDN = '27710102999';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface Notification {
  body: Record<string, unknown>;
  signedBy: string | undefined;
}

/**
 * The TPP's notification endpoint: keeps what it receives, with the organisation of the seal that signed it. Its
 * very first request is answered 503, as a TPP's server being restarted would: the bank must try again.
 */
async function startNotificationEndpoint(caPem: () => string): Promise<{ url: string; received: Notification[]; refused: number; close(): Promise<void> }> {
  const received: Notification[] = [];
  const endpoint = { refused: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (endpoint.refused === 0) {
        endpoint.refused += 1;
        response.writeHead(503).end();
        return;
      }
      const body = Buffer.concat(chunks);
      let signedBy: string | undefined;
      try {
        const verified = verifyRequestSignature({ headers: request.headers, body });
        if (verifyIssuedBy(verified.certificatePem, [caPem()]) === 'valid') signedBy = verified.info.organizationIdentifier;
      } catch {
        signedBy = undefined;
      }
      received.push({ body: JSON.parse(body.toString('utf8')) as Record<string, unknown>, signedBy });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/notifications`,
    received,
    get refused() {
      return endpoint.refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Berlin Group AIS and PIS end to end', { skip: browserSkip }, () => {
  let stage: BerlinGroupStage;
  let john: SandboxPsu;
  let endpoint: Awaited<ReturnType<typeof startNotificationEndpoint>>;

  before(async () => {
    stage = await startBerlinGroupStage();
    john = stage.psu('buffalo', 'john.smith');
    endpoint = await startNotificationEndpoint(() => stage.caPem);
  });
  after(async () => {
    await endpoint?.close();
    await stage?.stop();
  });

  it('AIS: consent, John authorises in chromium, the TPP reads accounts, balances and transactions', async () => {
    const { tpp } = stage;
    const household = john.accounts[0]!;
    const savings = john.accounts[1]!;
    const token = await tpp.clientToken('accounts');
    const created = await tpp.call<{ consentId: string; consentStatus: string; _links: Record<string, { href: string }> }>('POST', '/v1/consents', {
      token, headers: { 'Platform-TenantId': 'buffalo', 'PSU-IP-Address': '192.0.2.10', 'TPP-Notification-URI': endpoint.url },
      body: {
        access: { accounts: [{ bban: household.number }, { bban: savings.number }], balances: [{ bban: household.number }], transactions: [{ bban: household.number }] },
        recurringIndicator: true, validUntil: inDays(30), frequencyPerDay: 4, combinedServiceIndicator: false,
      },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.consentStatus, 'received');
    assert.equal(created.headers.get('aspsp-sca-approach'), 'REDIRECT');
    assert.match(created.body._links.scaOAuth!.href, /\/\.well-known\/oauth-authorization-server\/oauth$/);
    const consentId = created.body.consentId;

    const tokens = await stage.authorise(`AIS:${consentId}`, 'buffalo', john, {
      onConsentPage: async (page) => {
        const offered = await page.locator('input[name=account]').evaluateAll((boxes) => boxes.map((box) => (box as unknown as { value: string }).value));
        assert.deepEqual(offered.sort(), [household.id, savings.id].sort(), 'the consent page offers exactly the accounts of the consent');
      },
    });
    const status = await tpp.call<{ consentStatus: string }>('GET', `/v1/consents/${consentId}/status`, { token });
    assert.equal(status.body.consentStatus, 'valid');
    assert.equal(created.headers.get('aspsp-notification-support'), 'true');
    const told = await poll(async () => endpoint.received.filter((item) => item.body.consentId === consentId), (items) => items.length > 0, 10_000, 'consent notification');
    assert.deepEqual(told.map((item) => [item.body.consentStatus, item.signedBy]), [['valid', 'PSDTZ-BOT-LANGOASPSP']], 'the TPP is told, in a message signed with the bank\'s seal');
    assert.equal(endpoint.refused, 1, 'after a first attempt the TPP refused, the bank tried again');

    const read = { token: tokens.access_token, headers: { 'Consent-ID': consentId, 'PSU-IP-Address': '192.0.2.10' } };
    const list = await tpp.call<{ accounts: { resourceId: string; bban: string; currency: string; _links: Record<string, unknown> }[] }>('GET', '/v1/accounts?withBalance=false', read);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.accounts.map((account) => account.bban).sort(), [household.number, savings.number].sort());
    assert.ok(list.body.accounts.find((account) => account.resourceId === household.id)!._links.balances, 'balances link for the account with balance access');
    assert.equal(list.body.accounts.find((account) => account.resourceId === savings.id)!._links.balances, undefined, 'no balances link without that access');

    const balances = await tpp.call<{ balances: { balanceType: string; balanceAmount: { amount: string; currency: string } }[] }>('GET', `/v1/accounts/${household.id}/balances`, read);
    assert.equal(balances.status, 200);
    const fineract = await stage.sandbox.balance({ tenantId: 'buffalo', accountId: household.externalId } as never);
    assert.equal(balances.body.balances.find((balance) => balance.balanceType === 'interimAvailable')!.balanceAmount.amount, fineract.availableBalance);
    assert.equal(balances.body.balances.find((balance) => balance.balanceType === 'interimBooked')!.balanceAmount.amount, fineract.accountBalance);

    const transactions = await tpp.call<{ transactions: { booked: unknown[]; _links: Record<string, unknown> } }>('GET', `/v1/accounts/${household.id}/transactions?bookingStatus=booked&dateFrom=${inDays(-30)}`, read);
    assert.equal(transactions.status, 200);
    assert.ok(Array.isArray(transactions.body.transactions.booked));

    const notCovered = await tpp.call('GET', `/v1/accounts/${savings.id}/balances`, read);
    assert.equal(notCovered.status, 401);
    assert.equal((notCovered.body as { tppMessages: { code: string }[] }).tppMessages[0]!.code, 'CONSENT_INVALID');
  });

  it('PIS: a payment from John\'s Buffalo account to Lion\'s Juma by MSISDN reaches ACSC, both balances moved once', async () => {
    const { tpp, sandbox } = stage;
    const household = john.accounts[0]!;
    const payer = { tenantId: 'buffalo', accountId: household.externalId } as never;
    const payee = sandbox.account(JUMA_MSISDN);
    const [payerBefore, payeeBefore] = await Promise.all([sandbox.balance(payer), sandbox.balance(payee)]);

    const token = await tpp.clientToken('payments');
    const requestId = crypto.randomUUID();
    const initiation = {
      endToEndIdentification: 'lango-e2e-1', debtorAccount: { bban: household.number }, instructedAmount: { currency: 'TZS', amount: '1234.50' },
      creditorAccount: { msisdn: JUMA_MSISDN }, creditorName: 'Juma Salim', remittanceInformationUnstructured: 'Rent share',
    };
    const created = await tpp.call<{ paymentId: string; transactionStatus: string }>('POST', '/v1/payments/mojaloop-credit-transfers', {
      token, headers: { 'X-Request-ID': requestId, 'Platform-TenantId': 'buffalo', 'PSU-IP-Address': '192.0.2.10', 'TPP-Notification-URI': endpoint.url }, body: initiation,
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.transactionStatus, 'RCVD');
    const { paymentId } = created.body;

    // The same X-Request-ID again: the first answer, never a second payment.
    const replay = await tpp.call<{ paymentId: string }>('POST', '/v1/payments/mojaloop-credit-transfers', {
      token, headers: { 'X-Request-ID': requestId, 'Platform-TenantId': 'buffalo', 'PSU-IP-Address': '192.0.2.10', 'TPP-Notification-URI': endpoint.url }, body: initiation,
    });
    assert.equal(replay.status, 201);
    assert.equal(replay.body.paymentId, paymentId);

    await stage.authorise(`PIS:${paymentId}`, 'buffalo', john, {
      onConsentPage: async (page) => {
        const text = await page.locator('main').innerText();
        assert.match(text, /1234\.50/, 'the PSU sees the amount it signs');
        assert.match(text, /Juma Salim/, 'and the creditor');
      },
    });
    const final = await poll(() => tpp.call<{ transactionStatus: string }>('GET', `/v1/payments/mojaloop-credit-transfers/${paymentId}/status`, { token }),
      (answer) => ['ACSC', 'RJCT', 'PART'].includes(answer.body.transactionStatus), 30_000, 'payment final');
    assert.equal(final.body.transactionStatus, 'ACSC');

    const [payerAfter, payeeAfter] = await Promise.all([sandbox.balance(payer), sandbox.balance(payee)]);
    // The payer pays the amount and Buffalo's fee (0.5 %, at least 100.00); the payee gets the amount.
    const minor = (amount: string) => toMinorUnits(amount, 'TZS');
    assert.equal(minor(payerBefore.accountBalance) - minor(payerAfter.accountBalance), minor('1234.50') + minor('100.00'));
    assert.equal(minor(payeeAfter.accountBalance) - minor(payeeBefore.accountBalance), minor('1234.50'));
    assert.equal(payerAfter.balanceOnHold, payerBefore.balanceOnHold, 'no hold is left behind');
    const journal = await sandbox.journal(payee);
    const deposits = new Set(journal.filter((entry) => toMinorUnits(entry.amount, 'TZS') === minor('1234.50')).map((entry) => entry.transactionId));
    assert.equal(deposits.size, 1, 'the payee was credited by one booking');

    const told = await poll(async () => endpoint.received.filter((item) => item.body.paymentId === paymentId), (items) => items.some((item) => item.body.transactionStatus === 'ACSC'), 10_000, 'payment notifications');
    assert.deepEqual(told.map((item) => item.body.transactionStatus), ['ACTC', 'ACSP', 'ACSC'], 'each status change once, in order');
    assert.ok(told.every((item) => item.signedBy === 'PSDTZ-BOT-LANGOASPSP'));

    const read = await tpp.call<Record<string, unknown>>('GET', `/v1/payments/mojaloop-credit-transfers/${paymentId}`, { token });
    assert.equal(read.body.transactionStatus, 'ACSC');
    assert.deepEqual(read.body.creditorAccount, { msisdn: JUMA_MSISDN });
  });
});
