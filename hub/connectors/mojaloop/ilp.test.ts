// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIlp, fulfilmentMatches } from './ilp.js';
import { sampleTransfer } from './samples.js';

describe('ILP v1 condition and fulfilment', () => {
  const payee = createIlp('lion-ilp-secret');
  const transfer = sampleTransfer({ payerFsp: 'buffalo', payeeFsp: 'lion', amount: { amount: '1500.5', currency: 'TZS' } }, payee);

  it('lets the payee fulfil at transfer time from the packet alone, and the fulfilment meets the quoted condition', () => {
    const fulfilment = payee.fulfilmentFor(transfer.transferPrepare.ilpPacket);
    assert.equal(fulfilment, transfer.fulfilment);
    assert.ok(fulfilmentMatches(fulfilment, transfer.transferPrepare.condition));
    assert.ok(payee.fulfilmentMatches(fulfilment, transfer.quoteResponse.condition));
  });

  it('carries the quote in the packet: ids, parties and the transfer amount', () => {
    const transaction = payee.decode(transfer.quoteResponse.ilpPacket);
    assert.equal(transaction.quoteId, transfer.quoteId);
    assert.equal(transaction.transactionId, transfer.transactionId);
    assert.deepEqual(transaction.amount, { amount: '1500.5', currency: 'TZS' });
    assert.equal(transaction.payee.partyIdInfo.fspId, 'lion');
    assert.equal(transaction.payer.partyIdInfo.partyIdentifier, '27710101999');
  });

  it('refuses a fulfilment from another secret or a malformed one', () => {
    const other = createIlp('someone-else').fulfilmentFor(transfer.transferPrepare.ilpPacket);
    assert.equal(fulfilmentMatches(other, transfer.transferPrepare.condition), false);
    assert.equal(fulfilmentMatches('short', transfer.transferPrepare.condition), false);
    assert.equal(fulfilmentMatches(transfer.fulfilment, 'not a condition'), false);
  });

  it('refuses a packet that is not ILP', () => {
    assert.throws(() => payee.decode('bm90IGFuIGlscCBwYWNrZXQ'));
  });
});
