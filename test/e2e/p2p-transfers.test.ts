// SPDX-License-Identifier: Apache-2.0
// Person-to-person payments across sandbox banks, end to end: the demo channel app of the manifest, the hub's
// flows on both sides, the switch and Fineract simulators, all over HTTP on loopback. Money is checked where it
// lives: Fineract balances and journal entries, and the switch's positions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addAmounts, toMinorUnits, fromMinorUnits } from '../../platform/money/index.js';
import { poll } from '../support/poll.js';
import { startPaymentsSandbox, type Balance, type TransactionRequestAnswer, type TransferAnswer, type PaymentsSandbox, type SandboxAccountRef } from '../support/payments-sandbox.js';

const JOHN_BUFFALO = '27710101999';
const JUMA_LION = '27710102999';

const minor = (amount: string) => (amount.startsWith('-') ? -toMinorUnits(amount.slice(1), 'TZS') : toMinorUnits(amount, 'TZS'));
const signedDelta = (before: Balance, after: Balance) => minor(after.accountBalance) - minor(before.accountBalance);

describe('P2P transfers between sandbox banks', { timeout: 180_000 }, () => {
  let sandbox: PaymentsSandbox;
  let john: SandboxAccountRef;
  let juma: SandboxAccountRef;

  before(async () => {
    sandbox = await startPaymentsSandbox({ LANGO_FSPIOP_TIMEOUT_MS: '15000', LANGO_TRANSFER_EXPIRY_MS: '3000', LANGO_QUOTE_EXPIRY_MS: '1500', LANGO_FINERACT_TIMEOUT_MS: '300' });
    john = sandbox.account(JOHN_BUFFALO);
    juma = sandbox.account(JUMA_LION);
  });
  after(async () => sandbox?.stop());

  const positions = async () => new Map((await sandbox.switchAdmin<{ fspId: string; position: string }[]>('GET', '/participants')).body.map((participant) => [participant.fspId, minor(participant.position)]));

  it('moves exactly the amount and the fee from a Buffalo account to a Lion account by MSISDN', async () => {
    const [payerBefore, payeeBefore, positionsBefore] = [await sandbox.balance(john), await sandbox.balance(juma), await positions()];
    const payer = await sandbox.transfer(JOHN_BUFFALO, JUMA_LION, '1500.50');

    assert.equal(payer.status, 'COMPLETED', JSON.stringify(payer));
    assert.equal(payer.direction, 'OUTBOUND');
    assert.equal(payer.payee.fspId, juma.fspId);
    assert.equal(payer.payee.name, 'Juma Salim');
    // Buffalo's Fineract charges 0.5 % with a minimum of 100.00.
    assert.deepEqual(payer.payerFee, { amount: '100.00', currency: 'TZS' });

    const payee = await sandbox.settled('lion', payer.transactionId);
    assert.equal(payee.status, 'COMPLETED');
    assert.equal(payee.direction, 'INBOUND');
    assert.equal(payee.transferId, payer.transferId);

    const [payerAfter, payeeAfter, positionsAfter] = [await sandbox.balance(john), await sandbox.balance(juma), await positions()];
    assert.equal(signedDelta(payerBefore, payerAfter), -minor(addAmounts('TZS', '1500.50', '100')));
    assert.equal(signedDelta(payeeBefore, payeeAfter), minor('1500.50'));
    assert.equal(payerAfter.balanceOnHold, '0.00', 'no hold is left behind');
    assert.equal(payerAfter.availableBalance, payerAfter.accountBalance);
    assert.equal(positionsAfter.get(john.fspId)! - positionsBefore.get(john.fspId)!, minor('1500.50'));
    assert.equal(positionsAfter.get(juma.fspId)! - positionsBefore.get(juma.fspId)!, -minor('1500.50'));

    // Journal entries: the payer's withdrawal and fee, the payee's deposit, each booked once and balanced.
    const payerEntries = (await sandbox.journal(john)).filter((entry) => entry.transferCode === payer.transferId);
    const payeeEntries = (await sandbox.journal(juma)).filter((entry) => entry.transferCode === payer.transferId);
    const total = (entries: typeof payerEntries, type: string) => fromMinorUnits(entries.filter((entry) => entry.entryType === type).reduce((sum, entry) => sum + minor(entry.amount), 0n), 'TZS');
    assert.equal(total(payerEntries, 'DEBIT'), '1600.5');
    assert.equal(total(payerEntries, 'CREDIT'), '1600.5');
    assert.equal(new Set(payerEntries.map((entry) => entry.transactionId)).size, 2, 'one withdrawal and one fee');
    assert.equal(total(payeeEntries, 'CREDIT'), '1500.5');
    assert.equal(payeeEntries.length, 2, 'one deposit');

    const outbox = await (await fetch(`${sandbox.lango.urls.public}/sandbox/outbox`)).json() as { messages: { recipient: string; template: string; reference: string }[] };
    assert.ok(outbox.messages.some((message) => message.recipient === JOHN_BUFFALO && message.template === 'transfer-sent' && message.reference === payer.transactionId));
    assert.ok(outbox.messages.some((message) => message.recipient === JUMA_LION && message.template === 'transfer-received' && message.reference === payer.transactionId));
  });

  it('answers a repeated idempotency key with the first transfer and refuses it for other content', async () => {
    const body = { payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: JOHN_BUFFALO } }, payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: JUMA_LION } }, amount: { amount: '10', currency: 'TZS' } };
    const key = { 'x-idempotency-key': `key-${Date.now()}` };
    const first = await sandbox.channel.call('POST', '/channel/transfer', 'buffalo', body, key);
    const again = await sandbox.channel.call('POST', '/channel/transfer', 'buffalo', body, key);
    assert.equal(first.status, 202);
    assert.equal(again.status, 200);
    assert.equal(again.body.transactionId, first.body.transactionId);
    const other = await sandbox.channel.call('POST', '/channel/transfer', 'buffalo', { ...body, amount: { amount: '11', currency: 'TZS' } }, key);
    assert.equal(other.status, 409);
    await sandbox.settled('buffalo', String(first.body.transactionId));
  });

  it('refuses bad channel requests in the problem model and records nothing', async () => {
    const valid = { payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: JOHN_BUFFALO } }, payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: JUMA_LION } }, amount: { amount: '10', currency: 'TZS' } };
    const before = await sandbox.balance(john);
    const unauthenticated = await fetch(`${sandbox.lango.urls.channel}/channel/transfer`, { method: 'POST', headers: { 'content-type': 'application/json', 'platform-tenantid': 'buffalo' }, body: JSON.stringify(valid) });
    assert.equal(unauthenticated.status, 401);
    assert.match(unauthenticated.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const cases: [string, Record<string, string>, unknown, number, RegExp][] = [
      ['no tenant', {}, valid, 400, /Platform-TenantId/],
      ['unknown tenant', { 'platform-tenantid': 'zebra' }, valid, 404, /tenant/],
      ['float amount', { 'platform-tenantid': 'buffalo' }, { ...valid, amount: { amount: 10.5, currency: 'TZS' } }, 400, /amount/],
      ['too many decimals', { 'platform-tenantid': 'buffalo' }, { ...valid, amount: { amount: '10.001', currency: 'TZS' } }, 400, /decimals/],
      ['zero', { 'platform-tenantid': 'buffalo' }, { ...valid, amount: { amount: '0', currency: 'TZS' } }, 400, /more than zero/],
      ['other currency', { 'platform-tenantid': 'buffalo' }, { ...valid, amount: { amount: '10', currency: 'KES' } }, 400, /TZS/],
      ['bad MSISDN', { 'platform-tenantid': 'buffalo' }, { ...valid, payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: '+2771' } } }, 400, /MSISDN/],
      ['payer of another bank', { 'platform-tenantid': 'rhino' }, valid, 404, /not a customer/],
      ['bad idempotency key', { 'platform-tenantid': 'buffalo', 'x-idempotency-key': 'a b' }, valid, 400, /Idempotency/],
    ];
    for (const [name, headers, body, status, detail] of cases) {
      const { 'platform-tenantid': tenant = '', ...rest } = headers;
      const answer = await sandbox.channel.call<{ detail?: string; title?: string }>('POST', '/channel/transfer', tenant, body, rest);
      assert.equal(answer.status, status, `${name}: ${JSON.stringify(answer.body)}`);
      assert.match(`${answer.body.detail ?? ''} ${answer.body.title ?? ''}`, detail, name);
    }
    assert.equal((await sandbox.channel.call('GET', '/channel/transfer/no-such-transaction', 'buffalo')).status, 404);
    assert.deepEqual(await sandbox.balance(john), before);
  });

  it('registers a new MSISDN for an account, here and at the switch, and then pays to it', async () => {
    const savings = (sandbox.manifest.psus as { tenantId: string; username: string; accounts: { name: string; externalId: string }[] }[])
      .find((psu) => psu.tenantId === 'buffalo' && psu.username === 'john.smith')!.accounts.find((account) => account.name === 'Savings')!;
    const msisdn = '27710101888';
    const registered = await sandbox.channel.call<{ registrationId: string }>('POST', '/channel/partyRegistration', 'buffalo', { idType: 'MSISDN', idValue: msisdn, accountId: savings.externalId });
    assert.equal(registered.status, 202, JSON.stringify(registered.body));
    const done = await poll(() => sandbox.channel.call<{ status: string }>('GET', `/channel/partyRegistration/${registered.body.registrationId}`, 'buffalo'), (answer) => ['COMPLETED', 'FAILED'].includes(answer.body.status));
    assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
    const oracle = (await sandbox.switchAdmin<{ idType: string; idValue: string; fspId: string }[]>('GET', '/oracle')).body;
    assert.ok(oracle.some((entry) => entry.idValue === msisdn && entry.fspId === john.fspId), 'the switch\'s account lookup knows the new MSISDN');

    const account = { ...john, accountId: savings.externalId, msisdn };
    const before = await sandbox.balance(account);
    const result = await sandbox.transfer(JUMA_LION, msisdn, '321');
    assert.equal(result.status, 'COMPLETED', JSON.stringify(result));
    assert.equal(signedDelta(before, await sandbox.balance(account)), minor('321'));

    // The same MSISDN for another account of another bank is refused.
    const again = await sandbox.channel.call<{ registrationId: string }>('POST', '/channel/partyRegistration', 'rhino', { idType: 'MSISDN', idValue: msisdn, accountId: sandbox.account('27710203999').accountId });
    const refused = await poll(() => sandbox.channel.call<{ status: string; errorCode?: string }>('GET', `/channel/partyRegistration/${again.body.registrationId}`, 'rhino'), (answer) => ['COMPLETED', 'FAILED'].includes(answer.body.status));
    assert.equal(refused.body.status, 'FAILED');
    assert.equal(refused.body.errorCode, '3003');
  });

  it('settles a request to pay from a Lion payee once the Buffalo payer accepts it', async () => {
    const [payerBefore, payeeBefore] = [await sandbox.balance(john), await sandbox.balance(juma)];
    const requested = await sandbox.channel.call<TransactionRequestAnswer>('POST', '/channel/transactionRequest', 'lion', {
      payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: JOHN_BUFFALO } },
      payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: JUMA_LION } },
      amount: { amount: '2500', currency: 'TZS' }, note: 'Dinner',
    });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    const id = requested.body.transactionRequestId as string;

    const pending = await poll(() => sandbox.channel.call<TransactionRequestAnswer>('GET', `/channel/transactionRequest/${id}`, 'buffalo'), (answer) => answer.body.status === 'PENDING');
    assert.equal(pending.body.direction, 'INBOUND');
    assert.equal(pending.body.amount, '2500');
    const decided = await sandbox.channel.call('POST', `/channel/transactionRequest/${id}/decision`, 'buffalo', { accept: true });
    assert.equal(decided.status, 202);

    const done = await poll(() => sandbox.channel.call<TransactionRequestAnswer>('GET', `/channel/transactionRequest/${id}`, 'lion'), (answer) => ['COMPLETED', 'FAILED'].includes(answer.body.status));
    assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
    const transfer = await sandbox.settled('buffalo', done.body.transactionId!);
    assert.equal(transfer.status, 'COMPLETED');
    assert.equal(transfer.transactionRequestId, id);
    assert.equal(signedDelta(payerBefore, await sandbox.balance(john)), -minor('2600'));
    assert.equal(signedDelta(payeeBefore, await sandbox.balance(juma)), minor('2500'));
    const outbox = await (await fetch(`${sandbox.lango.urls.public}/sandbox/outbox?recipient=${JOHN_BUFFALO}`)).json() as { messages: { template: string; reference: string }[] };
    assert.ok(outbox.messages.some((message) => message.template === 'request-to-pay' && message.reference === id));
  });

  describe('failures end with the payer released and nothing booked twice', () => {
    const unchanged = async (account: SandboxAccountRef, before: Balance) => {
      const now = await sandbox.balance(account);
      assert.equal(now.accountBalance, before.accountBalance, `${account.msisdn} balance moved`);
      assert.equal(now.balanceOnHold, '0.00', `${account.msisdn} has a hold left`);
    };

    it('an unknown payee: 3204', async () => {
      const before = await sandbox.balance(john);
      const result = await sandbox.transfer(JOHN_BUFFALO, '27719999999', '100');
      assert.equal(result.status, 'FAILED');
      assert.equal(result.errorCode, '3204');
      await unchanged(john, before);
    });

    it('the payee\'s AMS does not answer: the lookup fails with 2003 and the payer is released', async () => {
      const [payerBefore, payeeBefore] = [await sandbox.balance(john), await sandbox.balance(juma)];
      await sandbox.fineractMode('lion', 'hang');
      try {
        const result = await sandbox.transfer(JOHN_BUFFALO, JUMA_LION, '200');
        assert.equal(result.status, 'FAILED');
        assert.equal(result.errorCode, '2003', JSON.stringify(result));
      } finally {
        await sandbox.fineractMode('lion', 'up');
      }
      await unchanged(john, payerBefore);
      await unchanged(juma, payeeBefore);
    });

    it('the switch rejects the transfer', async () => {
      const before = await sandbox.balance(john);
      await sandbox.switchAdmin('POST', '/faults', { kind: 'reject-transfer', errorCode: '3100', count: 1 });
      const result = await sandbox.transfer(JOHN_BUFFALO, JUMA_LION, '300');
      assert.equal(result.status, 'FAILED');
      assert.equal(result.errorCode, '3100');
      await unchanged(john, before);
    });

    it('the payer FSP\'s net debit cap is exceeded: 4001', async () => {
      const before = await sandbox.balance(john);
      const participant = ((await sandbox.switchAdmin('GET', '/participants')).body as { fspId: string; position: string; netDebitCap: string }[]).find((entry) => entry.fspId === john.fspId)!;
      await sandbox.switchAdmin('PUT', `/participants/${john.fspId}/ndc`, { netDebitCap: addAmounts('TZS', participant.position, '50') });
      try {
        const result = await sandbox.transfer(JOHN_BUFFALO, JUMA_LION, '400');
        assert.equal(result.status, 'FAILED');
        assert.equal(result.errorCode, '4001');
      } finally {
        await sandbox.switchAdmin('PUT', `/participants/${john.fspId}/ndc`, { netDebitCap: participant.netDebitCap });
      }
      await unchanged(john, before);
    });

    it('the transfer expires at the switch after the payee deposited: the payee\'s deposit is reversed', async () => {
      const [payerBefore, payeeBefore] = [await sandbox.balance(john), await sandbox.balance(juma)];
      await sandbox.switchAdmin('POST', '/faults', { kind: 'drop-fulfil', count: 1 });
      const result = await sandbox.transfer(JOHN_BUFFALO, JUMA_LION, '500');
      assert.equal(result.status, 'FAILED');
      assert.equal(result.errorCode, '3303');
      await unchanged(john, payerBefore);
      const payee = await poll(() => sandbox.channel.call<TransferAnswer>('GET', `/channel/transfer/${result.transactionId}`, 'lion'), (answer) => answer.body.stage === 'REVERSED');
      assert.equal(payee.body.status, 'FAILED');
      await unchanged(juma, payeeBefore);
    });

    it('the quote expires while a two-step payer thinks about it: 3302', async () => {
      const before = await sandbox.balance(john);
      const started = await sandbox.channel.call<TransferAnswer>('POST', '/channel/transfer', 'buffalo', {
        payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: JOHN_BUFFALO } }, payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: JUMA_LION } },
        amount: { amount: '600', currency: 'TZS' }, confirmationRequired: true,
      });
      const waiting = await poll(() => sandbox.channel.call<TransferAnswer>('GET', `/channel/transfer/${started.body.transactionId}`, 'buffalo'), (answer) => answer.body.stage === 'AWAITING_CONFIRMATION');
      assert.deepEqual(waiting.body.payeeFee, { amount: '0', currency: 'TZS' });
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      assert.equal((await sandbox.channel.call('POST', `/channel/transfer/${started.body.transactionId}/confirmation`, 'buffalo', { accept: true })).status, 202);
      const result = await sandbox.settled('buffalo', started.body.transactionId);
      assert.equal(result.status, 'FAILED');
      assert.equal(result.errorCode, '3302');
      await unchanged(john, before);
    });
  });

  it('sends and accepts only FSPIOP messages valid against the api-snippets v1.1 OpenAPI', async () => {
    // The switch checks every message Lango sends with the same OpenAPI and JWS rules as Lango's scheme listener,
    // and logs what it refused; what the switch sends to Lango is delivered only when Lango accepted it.
    const log = (await sandbox.switchAdmin<{ direction: string; method: string; path: string; outcome?: string }[]>('GET', '/messages?limit=1000')).body;
    const received = log.filter((entry) => entry.direction === 'received');
    const sent = log.filter((entry) => entry.direction === 'sent');
    assert.ok(received.length >= 20 && sent.length >= 20, `too few messages to judge: ${received.length} received, ${sent.length} sent`);
    assert.deepEqual(received.filter((entry) => entry.outcome?.startsWith('rejected')), []);
    assert.deepEqual(sent.filter((entry) => entry.outcome !== 'delivered'), []);
    for (const resource of ['parties', 'quotes', 'transfers', 'transactionRequests']) {
      assert.ok(received.some((entry) => entry.path.startsWith(`/${resource}`)), `no ${resource} message seen`);
    }
  });
});

