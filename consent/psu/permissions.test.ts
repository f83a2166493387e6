// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from './i18n/en.js';
import { sw } from './i18n/sw.js';
import { describeConsent, describeRequest, permissionWords } from './permissions.js';

const PAYMENT = { type: 'payment_initiation', instructedAmount: { currency: 'TZS', amount: '15000' }, creditorName: 'Amina Mushi' };

describe('permissions in plain language', () => {
  it('stores what a request allows as words, details narrowing their scope', () => {
    assert.deepEqual(permissionWords(['accounts'], []), ['accounts', 'balances', 'transactions']);
    assert.deepEqual(permissionWords(['accounts'], [{ type: 'account_information', actions: ['balances'] }]), ['balances']);
    assert.deepEqual(permissionWords(['payments', 'AIS:abc'], [PAYMENT]), ['payments']);
  });

  it('says a payment with its amount and payee, and identity only when openid is asked', () => {
    assert.deepEqual(describeRequest(['openid'], ['payments'], [PAYMENT], en), ['Make one payment of TZS 15000 to Amina Mushi', 'Know who you are at this bank']);
    assert.deepEqual(describeRequest([], ['accounts'], [], sw), ['Kuona majina na namba za akaunti zako', 'Kuona salio lako', 'Kuona miamala yako']);
  });

  it('describes a stored consent of any scheme from its words', () => {
    assert.deepEqual(describeConsent({ scopes: ['balances', 'funds-confirmation', 'unknown'], accounts: [] }, en), ['See your balances', 'Check whether you have enough money for a payment']);
  });
});
