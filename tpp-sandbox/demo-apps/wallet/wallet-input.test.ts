// SPDX-License-Identifier: Apache-2.0
// What the wallet's forms let through to the channel API: exact decimal amounts and E.164 numbers, or a sentence.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAmount, checkMsisdn, checkNote, displayAmount } from './wallet-input.js';

describe('wallet form input', () => {
  it('turns typed amounts into FSPIOP amounts without floats', () => {
    for (const [typed, amount] of [['1500', '1500'], ['1,500.50', '1500.5'], [' 0.10 ', '0.1'], ['007', '7'], ['12345678901234567.89', '12345678901234567.89']]) {
      assert.deepEqual(checkAmount(typed, 'TZS'), { ok: true, value: amount }, typed);
    }
  });

  it('refuses signs, letters, too many decimals and zero with a sentence', () => {
    const refusal = (typed: string | undefined) => {
      const checked = checkAmount(typed, 'TZS');
      assert.equal(checked.ok, false, String(typed));
      return checked.ok ? '' : checked.error;
    };
    assert.match(refusal('1.234'), /at most 2 decimals: 1\.234 has 3/);
    assert.match(refusal('-5'), /in digits/);
    assert.match(refusal('1e3'), /in digits/);
    assert.match(refusal(''), /in digits/);
    assert.match(refusal(undefined), /in digits/);
    assert.match(refusal('0.00'), /more than zero/);
    assert.match(refusal('1234567890123456789012'), /too large/);
  });

  it('accepts E.164 numbers written the usual ways, and short notes', () => {
    assert.deepEqual(checkMsisdn('+255 712-345 678'), { ok: true, value: '255712345678' });
    assert.equal(checkMsisdn('0712345678').ok, false);
    assert.equal(checkMsisdn('27710204999; DROP').ok, false);
    assert.deepEqual(checkNote('  '), { ok: true, value: undefined });
    assert.equal(checkNote('x'.repeat(129)).ok, false);
  });

  it('shows amounts with grouped thousands and the currency\'s decimals', () => {
    assert.equal(displayAmount('350000', 'TZS'), '350,000.00');
    assert.equal(displayAmount('1500.5', 'TZS'), '1,500.50');
    assert.equal(displayAmount('-1234.56', 'TZS'), '-1,234.56');
    assert.equal(displayAmount('1500', 'UGX'), '1,500');
  });
});
