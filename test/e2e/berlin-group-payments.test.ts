// SPDX-License-Identifier: Apache-2.0
// The rest of PIS and PIIS through the Berlin Group API: a bulk payment signed once, a signing basket of two
// payments, cancellation while it is still possible (and not after), and funds confirmation for a TPP with the
// PIIS role. Every answer is checked against the official NextGenPSD2 v1.3.12 specification.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type SqlDatabase } from '../../platform/store/index.js';
import { toMinorUnits } from '../../platform/money/index.js';
import { registerOtherTpp } from '../support/berlin-group-other-tpp.js';
import { startBerlinGroupStage, type BerlinGroupStage, type SandboxPsu } from '../support/berlin-group-stage.js';
import { browserSkip } from '../support/browser.js';
import { poll } from '../support/poll.js';

const JUMA = '27710102999';
const BARAKA = '27710203999';
const NEEMA = '27710204999';
const PSU_PRESENT = { 'PSU-IP-Address': '192.0.2.10' };

describe('Berlin Group bulk payments, signing baskets, cancellation and funds confirmation', { skip: browserSkip }, () => {
  let stage: BerlinGroupStage;
  let john: SandboxPsu;
  let database: SqlDatabase;
  let token: string;

  before(async () => {
    stage = await startBerlinGroupStage();
    john = stage.psu('buffalo', 'john.smith');
    database = await openDatabase({ dataDir: stage.sandbox.dataDir });
    token = await stage.tpp.clientToken('payments');
  });
  after(async () => {
    await database?.close();
    await stage?.stop();
  });

  const initiate = async (service: string, body: Record<string, unknown>) => {
    const answer = await stage.tpp.call<{ paymentId: string; transactionStatus: string }>('POST', `/v1/${service}/mojaloop-credit-transfers`, {
      token, headers: { 'Platform-TenantId': 'buffalo', ...PSU_PRESENT }, body,
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.paymentId;
  };
  const single = (msisdn: string, name: string, amount: string) => ({
    debtorAccount: { bban: john.accounts[0]!.number }, instructedAmount: { currency: 'TZS', amount }, creditorAccount: { msisdn }, creditorName: name,
  });
  const finalStatus = (service: string, paymentId: string) => poll(
    () => stage.tpp.call<{ transactionStatus: string }>('GET', `/v1/${service}/mojaloop-credit-transfers/${paymentId}/status`, { token }),
    (answer) => ['ACSC', 'RJCT', 'PART', 'CANC'].includes(answer.body.transactionStatus), 30_000, `${paymentId} final`,
  );
  const balanceOf = (msisdn: string) => stage.sandbox.balance(stage.sandbox.account(msisdn)).then((balance) => toMinorUnits(balance.accountBalance, 'TZS'));

  it('an on-us credit transfer from John\'s Buffalo household account to his savings account is booked inside Buffalo', async () => {
    const [household, savings] = [john.accounts[0]!, john.accounts[1]!];
    const balance = (externalId: string) => stage.sandbox.balance({ tenantId: 'buffalo', accountId: externalId } as never).then((read) => toMinorUnits(read.accountBalance, 'TZS'));
    const [fromBefore, toBefore] = [await balance(household.externalId), await balance(savings.externalId)];
    const created = await stage.tpp.call<{ paymentId: string }>('POST', '/v1/payments/on-us-credit-transfers', {
      token, headers: { 'Platform-TenantId': 'buffalo', ...PSU_PRESENT },
      body: { debtorAccount: { bban: household.number }, instructedAmount: { currency: 'TZS', amount: '2500.00' }, creditorAccount: { bban: savings.number }, creditorName: 'John Smith' },
    });
    assert.equal(created.status, 201);
    const { paymentId } = created.body;
    await stage.authorise(`PIS:${paymentId}`, 'buffalo', john);
    const final = await poll(() => stage.tpp.call<{ transactionStatus: string }>('GET', `/v1/payments/on-us-credit-transfers/${paymentId}/status`, { token }),
      (answer) => ['ACSC', 'RJCT'].includes(answer.body.transactionStatus), 30_000, 'on-us payment final');
    assert.equal(final.body.transactionStatus, 'ACSC');
    // Buffalo's fee rule (0.5 %, at least 100.00) applies to the payer.
    assert.equal(fromBefore - await balance(household.externalId), toMinorUnits('2500.00', 'TZS') + toMinorUnits('100.00', 'TZS'));
    assert.equal(await balance(savings.externalId) - toBefore, toMinorUnits('2500.00', 'TZS'));

    const elsewhere = await stage.tpp.call<{ tppMessages: { code: string }[] }>('POST', '/v1/payments/on-us-credit-transfers', {
      token, headers: { 'Platform-TenantId': 'buffalo', ...PSU_PRESENT },
      body: { debtorAccount: { bban: household.number }, instructedAmount: { currency: 'TZS', amount: '1.00' }, creditorAccount: { bban: '0399999999' }, creditorName: 'Nobody' },
    });
    assert.equal(elsewhere.status, 400, 'an account of no one at this bank');
    assert.equal(elsewhere.body.tppMessages[0]!.code, 'FORMAT_ERROR');

    // More than the account holds: the AMS refuses the hold, nothing is booked, the payment is rejected.
    const [fromNow, toNow] = [await balance(household.externalId), await balance(savings.externalId)];
    const tooMuch = await stage.tpp.call<{ paymentId: string }>('POST', '/v1/payments/on-us-credit-transfers', {
      token, headers: { 'Platform-TenantId': 'buffalo', ...PSU_PRESENT },
      body: { debtorAccount: { bban: household.number }, instructedAmount: { currency: 'TZS', amount: '99999999.00' }, creditorAccount: { bban: savings.number }, creditorName: 'John Smith' },
    });
    await stage.authorise(`PIS:${tooMuch.body.paymentId}`, 'buffalo', john);
    const refused = await poll(() => stage.tpp.call<{ transactionStatus: string }>('GET', `/v1/payments/on-us-credit-transfers/${tooMuch.body.paymentId}/status`, { token }),
      (answer) => ['ACSC', 'RJCT'].includes(answer.body.transactionStatus), 30_000, 'refused on-us payment final');
    assert.equal(refused.body.transactionStatus, 'RJCT');
    assert.deepEqual([await balance(household.externalId), await balance(savings.externalId)], [fromNow, toNow]);
    const hold = await stage.sandbox.balance({ tenantId: 'buffalo', accountId: household.externalId } as never);
    assert.equal(hold.balanceOnHold, '0.00', 'no hold left behind');
  });

  it('a bulk payment of two credit transfers, signed once by John, settles both', async () => {
    const [baraka, neema] = [await balanceOf(BARAKA), await balanceOf(NEEMA)];
    const paymentId = await initiate('bulk-payments', {
      batchBookingPreferred: false, debtorAccount: { bban: john.accounts[0]!.number },
      payments: [
        { instructedAmount: { currency: 'TZS', amount: '300.00' }, creditorAccount: { msisdn: BARAKA }, creditorName: 'Baraka Mwakyusa' },
        { instructedAmount: { currency: 'TZS', amount: '450.25' }, creditorAccount: { msisdn: NEEMA }, creditorName: 'Neema Kimaro' },
      ],
    });
    await stage.authorise(`PIS:${paymentId}`, 'buffalo', john, {
      onConsentPage: async (page) => {
        const text = await page.locator('main').innerText();
        assert.match(text, /300\.00/);
        assert.match(text, /450\.25/);
      },
    });
    assert.equal((await finalStatus('bulk-payments', paymentId)).body.transactionStatus, 'ACSC');
    assert.equal(await balanceOf(BARAKA) - baraka, toMinorUnits('300.00', 'TZS'));
    assert.equal(await balanceOf(NEEMA) - neema, toMinorUnits('450.25', 'TZS'));
  });

  it('a signing basket of two payments: one SCA, both payments settle', async () => {
    const juma = await balanceOf(JUMA);
    const first = await initiate('payments', single(JUMA, 'Juma Salim', '100.00'));
    const second = await initiate('payments', single(JUMA, 'Juma Salim', '200.00'));
    const basket = await stage.tpp.call<{ basketId: string; transactionStatus: string }>('POST', '/v1/signing-baskets', {
      token, headers: PSU_PRESENT, body: { paymentIds: [first, second] },
    });
    assert.equal(basket.status, 201);
    assert.equal(basket.body.transactionStatus, 'RCVD');
    const { basketId } = basket.body;
    const started = await stage.tpp.call<{ authorisationId: string; scaStatus: string }>('POST', `/v1/signing-baskets/${basketId}/authorisations`, { token, headers: PSU_PRESENT });
    assert.equal(started.status, 201);

    await stage.authorise(`PIS:${basketId}`, 'buffalo', john);
    const status = await stage.tpp.call<{ transactionStatus: string }>('GET', `/v1/signing-baskets/${basketId}/status`, { token });
    assert.equal(status.body.transactionStatus, 'ACTC');
    const sca = await stage.tpp.call<{ scaStatus: string }>('GET', `/v1/signing-baskets/${basketId}/authorisations/${started.body.authorisationId}`, { token });
    assert.equal(sca.body.scaStatus, 'finalised');
    for (const paymentId of [first, second]) assert.equal((await finalStatus('payments', paymentId)).body.transactionStatus, 'ACSC');
    assert.equal(await balanceOf(JUMA) - juma, toMinorUnits('300.00', 'TZS'));

    const again = await stage.tpp.call('POST', '/v1/signing-baskets', { token, headers: PSU_PRESENT, body: { paymentIds: [first] } });
    assert.equal(again.status, 409, 'a settled payment is not signed again');
  });

  it('cancels a payment not yet signed, and refuses to cancel one already settled', async () => {
    const waiting = await initiate('payments', single(JUMA, 'Juma Salim', '50.00'));
    const cancelled = await stage.tpp.call('DELETE', `/v1/payments/mojaloop-credit-transfers/${waiting}`, { token });
    assert.equal(cancelled.status, 204);
    const status = await stage.tpp.call<{ transactionStatus: string }>('GET', `/v1/payments/mojaloop-credit-transfers/${waiting}/status`, { token });
    assert.equal(status.body.transactionStatus, 'CANC');

    const settled = await initiate('payments', single(JUMA, 'Juma Salim', '60.00'));
    await stage.authorise(`PIS:${settled}`, 'buffalo', john);
    assert.equal((await finalStatus('payments', settled)).body.transactionStatus, 'ACSC');
    const late = await stage.tpp.call<{ tppMessages: { code: string }[] }>('DELETE', `/v1/payments/mojaloop-credit-transfers/${settled}`, { token });
    assert.equal(late.status, 405);
    assert.equal(late.body.tppMessages[0]!.code, 'CANCELLATION_INVALID');
  });

  it('a payment the PSU refuses ends RJCT and moves no money', async () => {
    const before = await balanceOf(JUMA);
    const refused = await initiate('payments', single(JUMA, 'Juma Salim', '70.00'));
    await assert.rejects(stage.authorise(`PIS:${refused}`, 'buffalo', john, { decision: 'deny' }));
    assert.equal((await finalStatus('payments', refused)).body.transactionStatus, 'RJCT');
    assert.equal(await balanceOf(JUMA), before);
  });

  it('a periodic payment runs as a standing order: today\'s execution settles, and one starting tomorrow can be cancelled', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const juma = await balanceOf(JUMA);
    const once = await initiate('periodic-payments', { ...single(JUMA, 'Juma Salim', '80.00'), startDate: today, endDate: today, frequency: 'Daily' });
    await stage.authorise(`PIS:${once}`, 'buffalo', john);
    assert.equal((await finalStatus('periodic-payments', once)).body.transactionStatus, 'ACSC');
    assert.equal(await balanceOf(JUMA) - juma, toMinorUnits('80.00', 'TZS'), 'one execution');

    const monthly = await initiate('periodic-payments', { ...single(JUMA, 'Juma Salim', '90.00'), startDate: tomorrow, frequency: 'Monthly', dayOfExecution: '1' });
    await stage.authorise(`PIS:${monthly}`, 'buffalo', john);
    await poll(() => stage.tpp.call<{ transactionStatus: string }>('GET', `/v1/periodic-payments/mojaloop-credit-transfers/${monthly}/status`, { token }),
      (answer) => answer.body.transactionStatus === 'ACSP', 10_000, 'standing order running');
    const read = await stage.tpp.call<Record<string, unknown>>('GET', `/v1/periodic-payments/mojaloop-credit-transfers/${monthly}`, { token });
    assert.equal(read.body.frequency, 'Monthly');
    const cancelled = await stage.tpp.call('DELETE', `/v1/periodic-payments/mojaloop-credit-transfers/${monthly}`, { token });
    assert.equal(cancelled.status, 204);
    assert.equal((await finalStatus('periodic-payments', monthly)).body.transactionStatus, 'CANC');

    const past = await stage.tpp.call<{ tppMessages: { code: string }[] }>('POST', '/v1/periodic-payments/mojaloop-credit-transfers', {
      token, headers: { 'Platform-TenantId': 'buffalo', ...PSU_PRESENT }, body: { ...single(JUMA, 'Juma Salim', '90.00'), startDate: '2020-01-01', frequency: 'Monthly' },
    });
    assert.equal(past.status, 400);
    assert.equal(past.body.tppMessages[0]!.code, 'EXECUTION_DATE_INVALID');
  });

  it('funds confirmation for a TPP with the PIIS role, on the account John consented to', async () => {
    const issuer = await registerOtherTpp(stage, database, { organizationIdentifier: 'PSDTZ-BOT-FUNDS0001', roles: ['PIIS'], certificateRoles: ['PSP_IC'] });
    const household = john.accounts[0]!;
    const tokens = await stage.authorise('fundsconfirmations', 'buffalo', john, {
      as: issuer, parameters: { authorization_details: JSON.stringify([{ type: 'funds_confirmation' }]) },
      onConsentPage: async (page) => {
        for (const box of await page.locator('input[name=account]').all()) await box.setChecked((await box.getAttribute('value')) === household.id);
      },
    });
    const ask = (amount: string, bban = household.number) => issuer.call<{ fundsAvailable: boolean }>('POST', '/v1/funds-confirmations', {
      token: tokens.access_token, body: { account: { bban }, instructedAmount: { currency: 'TZS', amount } },
    });
    assert.deepEqual((await ask('1000.00')).body, { fundsAvailable: true });
    assert.deepEqual((await ask('99999999.00')).body, { fundsAvailable: false });
    const other = await ask('1.00', john.accounts[1]!.number);
    assert.equal(other.status, 401, 'an account outside the consent');
  });
});
