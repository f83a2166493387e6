// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorizationDetailsTypes, shapeProblem } from './authorization-details.js';

class InvalidAuthorizationDetails extends Error {
  error = 'invalid_authorization_details';
  status = 400;
}

const PAYMENT = { type: 'payment_initiation', instructedAmount: { currency: 'TZS', amount: '15000.5' }, creditorName: 'Amina Mushi', creditorAccount: { msisdn: '27710305999' } };

describe('authorization_details shapes (RFC 9396)', () => {
  it('accepts the documented shapes', () => {
    assert.equal(shapeProblem('account_information', { type: 'account_information', actions: ['accounts', 'balances'], frequencyPerDay: 4, recurringIndicator: true }), undefined);
    assert.equal(shapeProblem('payment_initiation', PAYMENT), undefined);
    assert.equal(shapeProblem('funds_confirmation', { type: 'funds_confirmation', accounts: [{ accountId: 'buffalo-1001' }] }), undefined);
  });

  it('names what is wrong', () => {
    assert.match(shapeProblem('account_information', { type: 'account_information' })!, /actions is required/);
    assert.match(shapeProblem('account_information', { type: 'account_information', actions: ['wire'] })!, /actions must list/);
    assert.match(shapeProblem('account_information', { type: 'account_information', actions: ['accounts'], validUntil: '2001-01-01' })!, /in the past/);
    assert.match(shapeProblem('account_information', { type: 'account_information', actions: ['accounts'], frequencyPerDay: 0 })!, /frequencyPerDay/);
    for (const amount of ['-1', '1e3', '0', '01.5', '1.50', 1500]) {
      assert.match(shapeProblem('payment_initiation', { ...PAYMENT, instructedAmount: { currency: 'TZS', amount } })!, /instructedAmount.amount/, String(amount));
    }
    assert.match(shapeProblem('payment_initiation', { ...PAYMENT, creditorAccount: { iban: 'X', msisdn: '1' } })!, /exactly one/);
    assert.match(shapeProblem('payment_initiation', { ...PAYMENT, debtorPin: '1234' })!, /unknown member debtorPin/);
  });

  it('refuses a type outside the client roles, and every type for a first-party client', () => {
    const types = authorizationDetailsTypes(InvalidAuthorizationDetails);
    const ais = { clientId: 'a', softwareRoles: ['AIS'] };
    assert.throws(() => types.payment_initiation!.validate(undefined, PAYMENT, ais), /outside the client's roles \(AIS\)/);
    assert.doesNotThrow(() => types.payment_initiation!.validate(undefined, PAYMENT, { clientId: 'p', softwareRoles: ['PISP'] }));
    assert.throws(() => types.account_information!.validate(undefined, { type: 'account_information', actions: ['accounts'] }, { clientId: 'c', langoFirstParty: true, softwareRoles: ['AIS'] }), InvalidAuthorizationDetails);
  });
});
