// SPDX-License-Identifier: Apache-2.0
// The payment form as the user fills it: what becomes a Berlin Group initiation, and what is sent back to correct.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { amountProblem, readPaymentForm, type PaymentFormValues, type SourceAccount } from './payment-form.js';

const household: SourceAccount = { bank: 'buffalo', bankName: 'Buffalo Bank', account: { resourceId: 'buffalo-1001', bban: '0100001001', currency: 'TZS', name: 'Household' } };
const filled: PaymentFormValues = { from: 'buffalo/buffalo-1001', product: 'mojaloop-credit-transfers', creditor: '27710102999', creditorName: 'Juma Salim', amount: '1500.50', reference: '' };

describe('payment form', () => {
  it('reads a complete form into an initiation, the amount kept as the string typed', () => {
    const order = readPaymentForm(filled, [household]);
    assert.ok(!Array.isArray(order));
    assert.equal(order.product, 'mojaloop-credit-transfers');
    assert.deepEqual(order.initiation, {
      debtorAccount: { bban: '0100001001' }, instructedAmount: { currency: 'TZS', amount: '1500.50' },
      creditorAccount: { msisdn: '27710102999' }, creditorName: 'Juma Salim',
    });
    const onUs = readPaymentForm({ ...filled, product: 'on-us-credit-transfers', creditor: '0100001002', reference: 'Savings' }, [household]);
    assert.ok(!Array.isArray(onUs));
    assert.deepEqual(onUs.initiation.creditorAccount, { bban: '0100001002' });
    assert.equal(onUs.initiation.remittanceInformationUnstructured, 'Savings');
  });

  it('accepts amounts with up to the currency\'s decimals and refuses the rest in words', () => {
    for (const good of ['1', '0.01', '1500', '1500.5', '99999999999999.99']) assert.equal(amountProblem(good, 'TZS'), undefined, good);
    assert.match(amountProblem('12.345', 'TZS')!, /at most 2 decimals/);
    for (const bad of ['abc', '1,500.00', '1 500', '-5', '+5', '1e3', '01.00', '.5', '5.', '0x10', '123456789012345']) assert.match(amountProblem(bad, 'TZS')!, /digits with a decimal point/, bad);
    assert.match(amountProblem('0.00', 'TZS')!, /more than zero/);
    assert.match(amountProblem('', 'TZS')!, /Enter an amount/);
    assert.match(amountProblem('100.5', 'JPY')!, /JPY amounts have no decimals/);
  });

  it('names every field to correct, and an account that is not one of the user\'s', () => {
    const problems = readPaymentForm({ from: 'rhino/rhino-1001', product: 'cash', creditor: '', creditorName: '', amount: 'abc', reference: 'x'.repeat(141) }, [household]);
    assert.ok(Array.isArray(problems));
    assert.deepEqual(problems.map((problem) => problem.field), ['from', 'product', 'creditorName', 'amount', 'reference']);
    const badPhone = readPaymentForm({ ...filled, creditor: '0712345678' }, [household]);
    assert.ok(Array.isArray(badPhone));
    assert.deepEqual(badPhone.map((problem) => [problem.code, problem.field]), [['FORM_INVALID', 'creditor']]);
  });
});
