// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fspiopValidator } from './fspiop-api.js';
import { buildMessage } from './fspiop-http-client.js';
import type { FspiopKeys, FspiopRequest } from './fspiop.js';
import { createIlp } from './ilp.js';
import {
  sampleAuthorizationPut, sampleErrorCallback, sampleParticipantsPost, sampleParticipantsPut, samplePartiesPut, sampleTransactionRequest,
  sampleTransactionRequestPut, sampleTransfer,
} from './samples.js';

const unsignedKeys: FspiopKeys = { signingKey: () => { throw new Error('unsigned'); }, verificationKey: () => undefined };
const transfer = sampleTransfer({ payerFsp: 'buffalo', payeeFsp: 'lion' }, createIlp('secret'));
const id = transfer.transferId;

/** Every message of a P2P transfer and its neighbours, as the client puts it on the wire. */
const MESSAGES: FspiopRequest[] = [
  { method: 'GET', resource: 'parties', path: '/parties/MSISDN/27710305999', source: 'buffalo' },
  { method: 'PUT', resource: 'parties', path: '/parties/MSISDN/27710305999', source: 'lion', destination: 'buffalo', body: samplePartiesPut('lion', '27710305999') },
  { method: 'PUT', resource: 'parties', path: '/parties/MSISDN/27710305999/error', source: 'lion', destination: 'buffalo', body: sampleErrorCallback('3204', 'Party not found') },
  { method: 'GET', resource: 'participants', path: '/participants/MSISDN/27710305999', source: 'buffalo' },
  { method: 'POST', resource: 'participants', path: '/participants/MSISDN/27710305999', source: 'lion', body: sampleParticipantsPost('lion') },
  { method: 'PUT', resource: 'participants', path: '/participants/MSISDN/27710305999', source: 'switch', destination: 'buffalo', body: sampleParticipantsPut('lion') },
  { method: 'POST', resource: 'quotes', path: '/quotes', source: 'buffalo', destination: 'lion', body: transfer.quoteRequest },
  { method: 'PUT', resource: 'quotes', path: `/quotes/${transfer.quoteId}`, source: 'lion', destination: 'buffalo', body: transfer.quoteResponse },
  { method: 'PUT', resource: 'quotes', path: `/quotes/${transfer.quoteId}/error`, source: 'lion', destination: 'buffalo', body: sampleErrorCallback() },
  { method: 'POST', resource: 'transfers', path: '/transfers', source: 'buffalo', destination: 'lion', body: transfer.transferPrepare },
  { method: 'PUT', resource: 'transfers', path: `/transfers/${id}`, source: 'lion', destination: 'buffalo', body: transfer.transferFulfil },
  { method: 'PATCH', resource: 'transfers', path: `/transfers/${id}`, source: 'switch', destination: 'lion', body: transfer.transferPatch },
  { method: 'GET', resource: 'transfers', path: `/transfers/${id}`, source: 'buffalo', destination: 'lion' },
  { method: 'POST', resource: 'transactionRequests', path: '/transactionRequests', source: 'rhino', destination: 'buffalo', body: sampleTransactionRequest('buffalo', 'rhino') },
  { method: 'PUT', resource: 'transactionRequests', path: `/transactionRequests/${id}`, source: 'buffalo', destination: 'rhino', body: sampleTransactionRequestPut() },
  { method: 'GET', resource: 'authorizations', path: `/authorizations/${id}?authenticationType=OTP&retriesLeft=2&amount=50&currency=TZS`, source: 'rhino', destination: 'buffalo' },
  { method: 'PUT', resource: 'authorizations', path: `/authorizations/${id}`, source: 'buffalo', destination: 'rhino', body: sampleAuthorizationPut() },
];

describe('FSPIOP v1.1 OpenAPI validation', () => {
  for (const message of MESSAGES) {
    it(`${message.method} ${message.path.replace(/[0-9a-f-]{36}/, '{ID}').split('?')[0]} as the client sends it is valid`, async () => {
      const validator = await fspiopValidator();
      const { headers, body } = buildMessage(message, false, unsignedKeys);
      assert.deepEqual(validator.validateRequest({ method: message.method, path: message.path, headers, body: body === undefined ? undefined : JSON.parse(body) }), []);
    });
  }

  it('names a missing mandatory element and a malformed one by their path', async () => {
    const validator = await fspiopValidator();
    const { headers } = buildMessage(MESSAGES[9]!, false, unsignedKeys);
    const { payeeFsp: _, ...withoutPayee } = transfer.transferPrepare;
    assert.deepEqual(validator.violations({ method: 'POST', path: '/transfers', headers, body: withoutPayee }), [{ path: 'body.payeeFsp', missing: true, message: 'body.payeeFsp is missing' }]);
    const [wrong] = validator.violations({ method: 'POST', path: '/transfers', headers, body: { ...transfer.transferPrepare, amount: { amount: '1.2.3', currency: 'TZS' } } });
    assert.equal(wrong?.path, 'body.amount.amount');
    assert.equal(wrong?.missing, false);
    assert.deepEqual(validator.violations({ method: 'POST', path: '/transfers', headers }), [{ path: 'body', missing: true, message: 'body is missing' }]);
    const { 'fspiop-source': __, ...anonymous } = headers;
    assert.deepEqual(validator.violations({ method: 'POST', path: '/transfers', headers: anonymous, body: transfer.transferPrepare }).map((violation) => violation.path), ['header.fspiop-source']);
  });

  it('loads the spec once per process', async () => {
    assert.equal(await fspiopValidator(), await fspiopValidator());
  });
});
