// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, prepareHash } from './transfer-hash.js';

describe('prepare hash', () => {
  it('is the same for the same content whatever the key order, and differs for other content', () => {
    const a = { transferId: 't', amount: { currency: 'TZS', amount: '10' }, expiration: 'x' };
    const b = { expiration: 'x', amount: { amount: '10', currency: 'TZS' }, transferId: 't' };
    assert.equal(canonicalJson(a), '{"amount":{"amount":"10","currency":"TZS"},"expiration":"x","transferId":"t"}');
    assert.equal(prepareHash(a), prepareHash(b));
    assert.match(prepareHash(a), /^[0-9a-f]{64}$/);
    assert.notEqual(prepareHash(a), prepareHash({ ...a, amount: { currency: 'TZS', amount: '10.5' } }));
  });
});
