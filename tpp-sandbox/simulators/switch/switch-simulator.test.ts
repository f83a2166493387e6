// SPDX-License-Identifier: Apache-2.0
// The switch simulator over real loopback HTTP with two fake DFSPs: what each FSP receives is the assertion.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { InboundFspiopMessage } from '../../../hub/index.js';
import type { ParticipantView, TransferView } from './switch-api.js';
import { errorCodeIn, eventually, ilpSecretPair, PAYEE, PAYER, prepareBody, startSwitchHarness, type SwitchHarness } from './switch-test-harness.js';
import type { LoggedMessage } from './message-log.js';

const isPut = (path: string) => (message: InboundFspiopMessage) => message.method === 'PUT' && message.uri === path;

describe('switch simulator', () => {
  let h: SwitchHarness;
  before(async () => {
    h = await startSwitchHarness();
    await h.simulator.registerIdentifier('MSISDN', '27710101999', PAYEE);
  });
  after(async () => h.close());

  async function positions(): Promise<Record<string, string>> {
    return Object.fromEntries((await h.simulator.participants()).map((participant) => [participant.fspId, participant.position]));
  }

  describe('account lookup', () => {
    it('routes GET /parties to the FSP the oracle names and the PUT back to the payer with the payee signature', async () => {
      await h.payer.send({ method: 'GET', resource: 'parties', path: '/parties/MSISDN/27710101999' });
      const lookup = await h.payee.waitFor((message) => message.method === 'GET' && message.uri === '/parties/MSISDN/27710101999');
      assert.equal(lookup.source, PAYER);
      assert.equal(lookup.destination, PAYEE);

      const party = { party: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: '27710101999', fspId: PAYEE }, name: 'John Smith' } };
      await h.payee.send({ method: 'PUT', resource: 'parties', path: '/parties/MSISDN/27710101999', destination: PAYER, body: party });
      const answer = await h.payer.waitFor(isPut('/parties/MSISDN/27710101999'));
      assert.equal(answer.source, PAYEE);
      assert.deepEqual(answer.body, party);
    });

    it('answers an identifier nobody serves with 3204 from the switch', async () => {
      await h.payer.send({ method: 'GET', resource: 'parties', path: '/parties/MSISDN/27700000000' });
      const error = await h.payer.waitFor(isPut('/parties/MSISDN/27700000000/error'));
      assert.equal(error.source, 'switch');
      assert.equal(errorCodeIn(error), '3204');
    });

    it('registers an identifier through POST /participants, refuses another owner with 3003 and answers GET /participants', async () => {
      await h.payee.send({ method: 'POST', resource: 'participants', path: '/participants/MSISDN/27710555999', body: { fspId: PAYEE, currency: 'TZS' } });
      const created = await h.payee.waitFor(isPut('/participants/MSISDN/27710555999'));
      assert.deepEqual(created.body, { fspId: PAYEE });

      await h.payer.send({ method: 'POST', resource: 'participants', path: '/participants/MSISDN/27710555999', body: { fspId: PAYER, currency: 'TZS' } });
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut('/participants/MSISDN/27710555999/error'))), '3003');

      await h.payer.send({ method: 'GET', resource: 'participants', path: '/participants/MSISDN/27710555999' });
      assert.deepEqual((await h.payer.waitFor(isPut('/participants/MSISDN/27710555999'))).body, { fspId: PAYEE });
      await h.payer.send({ method: 'GET', resource: 'participants', path: '/participants/MSISDN/27799999999' });
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut('/participants/MSISDN/27799999999/error'))), '3204');
      const oracle = await h.admin<{ idValue: string; fspId: string }[]>('GET', '/oracle');
      assert.ok(oracle.body.some((entry) => entry.idValue === '27710555999' && entry.fspId === PAYEE));
    });
  });

  describe('quotes', () => {
    it('forwards POST /quotes to the payee and PUT /quotes/{ID} back to the payer', async () => {
      const quoteId = randomUUID();
      const quote = {
        quoteId, transactionId: randomUUID(), amountType: 'SEND', amount: { amount: '100', currency: 'TZS' },
        payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: '27710101999', fspId: PAYEE } },
        payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: '27710305999', fspId: PAYER } },
        transactionType: { scenario: 'TRANSFER', initiator: 'PAYER', initiatorType: 'CONSUMER' },
      };
      await h.payer.send({ method: 'POST', resource: 'quotes', path: '/quotes', destination: PAYEE, body: quote });
      const request = await h.payee.waitFor((message) => message.resource === 'quotes' && message.method === 'POST' && (message.body as { quoteId: string }).quoteId === quoteId);
      assert.equal(request.source, PAYER);
      assert.deepEqual(request.body, quote);

      const { condition } = ilpSecretPair();
      const terms = { transferAmount: { amount: '100', currency: 'TZS' }, expiration: new Date(Date.now() + 60_000).toISOString(), ilpPacket: 'AYIBgQAAAAAAAASw', condition };
      await h.payee.send({ method: 'PUT', resource: 'quotes', path: `/quotes/${quoteId}`, destination: PAYER, body: terms });
      const answer = await h.payer.waitFor(isPut(`/quotes/${quoteId}`));
      assert.equal(answer.source, PAYEE);
      assert.deepEqual(answer.body, terms);
    });

    it('answers a quote for an FSP that is not a participant with 3201', async () => {
      const quoteId = randomUUID();
      await h.payer.send({
        method: 'POST', resource: 'quotes', path: '/quotes', destination: 'nobodyfsp',
        body: {
          quoteId, transactionId: randomUUID(), amountType: 'SEND', amount: { amount: '1', currency: 'TZS' },
          payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: '1' } }, payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: '2' } },
          transactionType: { scenario: 'TRANSFER', initiator: 'PAYER', initiatorType: 'CONSUMER' },
        },
      });
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut(`/quotes/${quoteId}/error`))), '3201');
    });
  });

  describe('transfers', () => {
    it('commits a fulfilled transfer: payer position up by the amount, payee down, fulfil forwarded to the payer', async () => {
      const before = await positions();
      const { fulfilment, condition } = ilpSecretPair();
      const prepare = prepareBody({ amount: '100.5', condition });
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      const forwarded = await h.payee.waitFor((message) => message.method === 'POST' && (message.body as { transferId: string }).transferId === prepare.transferId);
      assert.equal(forwarded.source, PAYER);
      assert.deepEqual(forwarded.body, prepare);
      // The payer's own signature and headers, not the switch's (the switch holds no payer key to sign with).
      assert.equal(forwarded.headers['fspiop-source'], PAYER);
      assert.equal(forwarded.headers['fspiop-uri'], '/transfers');
      assert.match(forwarded.headers['fspiop-signature'] ?? '', /protectedHeader/);
      assert.equal((await h.simulator.participant(PAYER))!.position, add(before[PAYER]!, '100.5'));

      const fulfil = { transferState: 'COMMITTED', fulfilment, completedTimestamp: new Date().toISOString() };
      await h.payee.send({ method: 'PUT', resource: 'transfers', path: `/transfers/${prepare.transferId}`, destination: PAYER, body: fulfil });
      const committed = await h.payer.waitFor(isPut(`/transfers/${prepare.transferId}`));
      assert.equal(committed.source, PAYEE);
      assert.deepEqual(committed.body, fulfil);
      const after = await positions();
      assert.equal(after[PAYER], add(before[PAYER]!, '100.5'));
      assert.equal(after[PAYEE], add(before[PAYEE]!, '-100.5'));
      const stored = await h.admin<TransferView>('GET', `/transfers/${prepare.transferId}`);
      assert.equal(stored.body.state, 'COMMITTED');
      assert.equal(stored.body.amount, '100.5');

      // The payer recovering after a crash asks the switch.
      await h.payer.send({ method: 'GET', resource: 'transfers', path: `/transfers/${prepare.transferId}` });
      await eventually(() => h.payer.received.filter(isPut(`/transfers/${prepare.transferId}`)).find((message) => message.source === 'switch'));
      const state = h.payer.received.filter(isPut(`/transfers/${prepare.transferId}`)).find((message) => message.source === 'switch')!;
      assert.deepEqual(state.body, { transferState: 'COMMITTED', fulfilment, completedTimestamp: fulfil.completedTimestamp });

      // A resend of the same prepare gets the result again; a modified one gets 3106.
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      await eventually(() => h.payer.received.filter(isPut(`/transfers/${prepare.transferId}`)).filter((message) => message.source === 'switch').length === 2 || undefined);
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: { ...prepare, amount: { amount: '100.6', currency: 'TZS' } } });
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut(`/transfers/${prepare.transferId}/error`))), '3106');
      assert.equal(h.payee.received.filter((message) => message.method === 'POST' && (message.body as { transferId: string }).transferId === prepare.transferId).length, 1);
      assert.deepEqual(await positions(), after);
    });

    it('notifies a payee that answered RESERVED with PATCH /transfers/{ID} once committed', async () => {
      const { fulfilment, condition } = ilpSecretPair();
      const prepare = prepareBody({ amount: '1', condition });
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      await h.payee.waitFor((message) => message.method === 'POST' && (message.body as { transferId: string }).transferId === prepare.transferId);
      const completedTimestamp = new Date().toISOString();
      await h.payee.send({ method: 'PUT', resource: 'transfers', path: `/transfers/${prepare.transferId}`, destination: PAYER, body: { transferState: 'RESERVED', fulfilment, completedTimestamp } });
      await h.payer.waitFor(isPut(`/transfers/${prepare.transferId}`));
      const notification = await h.payee.waitFor((message) => message.method === 'PATCH' && message.uri === `/transfers/${prepare.transferId}`);
      assert.equal(notification.source, 'switch');
      assert.deepEqual(notification.body, { completedTimestamp, transferState: 'COMMITTED' });
      assert.equal((await h.simulator.transfer(prepare.transferId))!.state, 'COMMITTED');
    });

    it('answers GET /transfers for an unknown id with 3208', async () => {
      const transferId = randomUUID();
      await h.payer.send({ method: 'GET', resource: 'transfers', path: `/transfers/${transferId}` });
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut(`/transfers/${transferId}/error`))), '3208');
    });

    it('aborts on a fulfilment that does not hash to the condition, telling both FSPs, and releases the position', async () => {
      const before = await positions();
      const prepare = prepareBody();
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      await h.payee.waitFor((message) => message.method === 'POST' && (message.body as { transferId: string }).transferId === prepare.transferId);
      await h.payee.send({ method: 'PUT', resource: 'transfers', path: `/transfers/${prepare.transferId}`, destination: PAYER, body: { transferState: 'COMMITTED', fulfilment: ilpSecretPair().fulfilment, completedTimestamp: new Date().toISOString() } });
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut(`/transfers/${prepare.transferId}/error`))), '3100');
      assert.equal(errorCodeIn(await h.payee.waitFor(isPut(`/transfers/${prepare.transferId}/error`))), '3100');
      assert.deepEqual(await positions(), before);
      assert.equal((await h.simulator.transfer(prepare.transferId))!.state, 'ABORTED');
    });

    it('aborts a transfer the payee rejects and forwards the payee error to the payer', async () => {
      const before = await positions();
      const prepare = prepareBody();
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      await h.payee.waitFor((message) => message.method === 'POST' && (message.body as { transferId: string }).transferId === prepare.transferId);
      await h.payee.send({ method: 'PUT', resource: 'transfers', path: `/transfers/${prepare.transferId}/error`, destination: PAYER, body: { errorInformation: { errorCode: '5104', errorDescription: 'Transaction declined' } } });
      const error = await h.payer.waitFor(isPut(`/transfers/${prepare.transferId}/error`));
      assert.equal(error.source, PAYEE);
      assert.equal(errorCodeIn(error), '5104');
      await eventually(async () => (await h.simulator.transfer(prepare.transferId))?.state === 'ABORTED' || undefined);
      assert.deepEqual(await positions(), before);
    });

    it('expires a transfer the payee never fulfils: 3303 to payer and payee, position released', async () => {
      const before = await positions();
      const prepare = prepareBody({ expiresInMs: 400 });
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      await h.payee.waitFor((message) => message.method === 'POST' && (message.body as { transferId: string }).transferId === prepare.transferId);
      assert.equal((await h.simulator.participant(PAYER))!.position, add(before[PAYER]!, '100.5'));
      // A resend while the transfer is in progress is ignored: nothing reserved twice, nothing forwarded twice.
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      assert.equal((await h.simulator.participant(PAYER))!.position, add(before[PAYER]!, '100.5'));
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut(`/transfers/${prepare.transferId}/error`))), '3303');
      assert.equal(errorCodeIn(await h.payee.waitFor(isPut(`/transfers/${prepare.transferId}/error`))), '3303');
      assert.deepEqual(await positions(), before);
      assert.equal((await h.simulator.transfer(prepare.transferId))!.errorCode, '3303');
      assert.equal(h.payee.received.filter((message) => message.method === 'POST' && (message.body as { transferId: string }).transferId === prepare.transferId).length, 1);
      assert.equal(h.payer.received.filter(isPut(`/transfers/${prepare.transferId}/error`)).length, 1);
    });

    it('refuses a prepare over the net debit cap with 4001 and reserves nothing', async () => {
      const before = await positions();
      await h.admin('PUT', `/participants/${PAYER}/ndc`, { netDebitCap: add(before[PAYER]!, '50') });
      const exactlyAtCap = prepareBody({ amount: '50' });
      const prepare = prepareBody({ amount: '50.01' });
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut(`/transfers/${prepare.transferId}/error`))), '4001');
      assert.deepEqual(await positions(), before);
      assert.ok(!h.payee.received.some((message) => (message.body as { transferId?: string } | undefined)?.transferId === prepare.transferId));
      // Up to the cap itself is allowed.
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: exactlyAtCap });
      await h.payee.waitFor((message) => message.method === 'POST' && (message.body as { transferId: string }).transferId === exactlyAtCap.transferId);
      assert.equal((await h.simulator.participant(PAYER))!.position, add(before[PAYER]!, '50'));
      await h.payee.send({ method: 'PUT', resource: 'transfers', path: `/transfers/${exactlyAtCap.transferId}/error`, destination: PAYER, body: { errorInformation: { errorCode: '5100', errorDescription: 'Generic payee error' } } });
      await h.payer.waitFor(isPut(`/transfers/${exactlyAtCap.transferId}/error`));
      await eventually(async () => (await h.simulator.participant(PAYER))!.position === before[PAYER] || undefined);
      await h.admin('PUT', `/participants/${PAYER}/ndc`, { netDebitCap: '1000' });
    });

    it('refuses a prepare already past its expiration with 3303', async () => {
      const prepare = prepareBody({ expiresInMs: -1000 });
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut(`/transfers/${prepare.transferId}/error`))), '3303');
    });
  });

  describe('request to pay', () => {
    it('routes transaction requests and authorizations by FSPIOP-Destination, and 3201 for an unknown one', async () => {
      const transactionRequestId = randomUUID();
      const request = {
        transactionRequestId,
        payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: '27710101999', fspId: PAYEE } },
        payer: { partyIdType: 'MSISDN', partyIdentifier: '27710305999', fspId: PAYER },
        amount: { amount: '20', currency: 'TZS' },
        transactionType: { scenario: 'TRANSFER', initiator: 'PAYEE', initiatorType: 'CONSUMER' },
      };
      await h.payee.send({ method: 'POST', resource: 'transactionRequests', path: '/transactionRequests', destination: PAYER, body: request });
      const received = await h.payer.waitFor((message) => message.resource === 'transactionRequests' && message.method === 'POST');
      assert.equal(received.source, PAYEE);
      assert.deepEqual(received.body, request);

      await h.payer.send({ method: 'PUT', resource: 'transactionRequests', path: `/transactionRequests/${transactionRequestId}`, destination: PAYEE, body: { transactionRequestState: 'RECEIVED' } });
      assert.deepEqual((await h.payee.waitFor(isPut(`/transactionRequests/${transactionRequestId}`))).body, { transactionRequestState: 'RECEIVED' });

      await h.payer.send({ method: 'GET', resource: 'authorizations', path: `/authorizations/${transactionRequestId}?authenticationType=OTP&retriesLeft=2&amount=20&currency=TZS`, destination: PAYEE });
      const authorization = await h.payee.waitFor((message) => message.resource === 'authorizations' && message.method === 'GET');
      assert.equal(authorization.uri, `/authorizations/${transactionRequestId}?authenticationType=OTP&retriesLeft=2&amount=20&currency=TZS`);

      await h.payee.send({ method: 'POST', resource: 'transactionRequests', path: '/transactionRequests', destination: 'nobodyfsp', body: { ...request, transactionRequestId: randomUUID() } });
      assert.equal(errorCodeIn(await h.payee.waitFor((message) => message.resource === 'transactionRequests' && message.kind === 'error')), '3201');
    });
  });

  describe('faults', () => {
    it('reject-transfer answers the next prepare with the given error instead of forwarding it', async () => {
      const before = await positions();
      assert.equal((await h.admin('POST', '/faults', { kind: 'reject-transfer', errorCode: '4100' })).status, 201);
      const prepare = prepareBody();
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut(`/transfers/${prepare.transferId}/error`))), '4100');
      assert.deepEqual(await positions(), before);
      assert.deepEqual((await h.admin('GET', '/faults')).body, []);
    });

    it('drop-fulfil swallows the fulfil so the transfer expires at the switch', async () => {
      const before = await positions();
      await h.admin('POST', '/faults', { kind: 'drop-fulfil' });
      const { fulfilment, condition } = ilpSecretPair();
      const prepare = prepareBody({ condition, expiresInMs: 600 });
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      await h.payee.waitFor((message) => message.method === 'POST' && (message.body as { transferId: string }).transferId === prepare.transferId);
      await h.payee.send({ method: 'PUT', resource: 'transfers', path: `/transfers/${prepare.transferId}`, destination: PAYER, body: { transferState: 'COMMITTED', fulfilment, completedTimestamp: new Date().toISOString() } });
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut(`/transfers/${prepare.transferId}/error`))), '3303');
      assert.ok(!h.payer.received.some(isPut(`/transfers/${prepare.transferId}`)));
      assert.deepEqual(await positions(), before);
    });

    it('DELETE /faults clears them', async () => {
      await h.admin('POST', '/faults', { kind: 'delay', ms: 10, count: 3 });
      assert.equal((await h.admin<unknown[]>('GET', '/faults')).body.length, 1);
      assert.equal((await h.admin('DELETE', '/faults')).status, 204);
      assert.deepEqual((await h.admin('GET', '/faults')).body, []);
      assert.equal((await h.admin('POST', '/faults', { kind: 'explode' })).status, 400);
    });
  });

  describe('admin API', () => {
    it('lists participants with decimal cap and position, and registers an external DFSP with its endpoint', async () => {
      const listed = await h.admin<ParticipantView[]>('GET', '/participants');
      assert.deepEqual(listed.body.map((participant) => participant.fspId), [PAYEE, PAYER]);
      assert.equal(listed.body.find((participant) => participant.fspId === PAYER)!.netDebitCap, '1000');
      const put = await h.admin<ParticipantView>('PUT', '/participants/extfsp', { name: 'External', currency: 'TZS', netDebitCap: '250.25', endpoint: 'http://127.0.0.1:4000/' });
      assert.equal(put.status, 200);
      assert.deepEqual(put.body, { fspId: 'extfsp', name: 'External', endpoint: 'http://127.0.0.1:4000', currency: 'TZS', netDebitCap: '250.25', position: '0' });
      assert.equal((await h.admin('PUT', '/participants/extfsp', { currency: 'TZS', netDebitCap: '1.234' })).status, 400);
      assert.equal((await h.admin('PUT', '/participants/nobody/ndc', { netDebitCap: '1' })).status, 404);
      assert.equal((await h.admin('GET', `/transfers/${randomUUID()}`)).status, 404);
    });

    it('logs what it received and sent', async () => {
      const messages = await h.admin<LoggedMessage[]>('GET', '/messages?limit=500');
      assert.ok(messages.body.some((message) => message.direction === 'received' && message.resource === 'transfers' && message.method === 'POST' && message.source === PAYER));
      assert.ok(messages.body.some((message) => message.direction === 'sent' && message.errorCode === '3303' && message.destination === PAYEE && message.outcome === 'delivered'));
      assert.equal((await h.admin<LoggedMessage[]>('GET', '/messages?limit=2')).body.length, 2);
    });
  });

  describe('restart', () => {
    it('keeps participants, positions and reservations, and re-arms the expiry of a reserved transfer', async () => {
      const before = await positions();
      const prepare = prepareBody({ expiresInMs: 1500 });
      await h.payer.send({ method: 'POST', resource: 'transfers', path: '/transfers', destination: PAYEE, body: prepare });
      await h.payee.waitFor((message) => message.method === 'POST' && (message.body as { transferId: string }).transferId === prepare.transferId);
      await h.restart();
      assert.equal(h.simulator.stats().armedExpiries, 1);
      assert.equal((await h.simulator.transfer(prepare.transferId))!.state, 'RESERVED');
      assert.equal((await h.simulator.participant(PAYER))!.position, add(before[PAYER]!, '100.5'));
      assert.equal(errorCodeIn(await h.payer.waitFor(isPut(`/transfers/${prepare.transferId}/error`), 5000)), '3303');
      assert.equal(errorCodeIn(await h.payee.waitFor(isPut(`/transfers/${prepare.transferId}/error`), 5000)), '3303');
      assert.deepEqual(await positions(), before);
    });
  });
});

/** Exact decimal addition of two TZS amounts (tests only; cents as bigint). */
function add(a: string, b: string): string {
  const cents = (value: string) => {
    const negative = value.startsWith('-');
    const [whole, fraction = ''] = value.replace('-', '').split('.');
    const result = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
    return negative ? -result : result;
  };
  const sum = cents(a) + cents(b);
  const magnitude = sum < 0n ? -sum : sum;
  const fraction = (magnitude % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return `${sum < 0n ? '-' : ''}${magnitude / 100n}${fraction ? `.${fraction}` : ''}`;
}
