// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addAmounts, formatMinorUnits, fromMinorUnits, sameAmount, toMinorUnits } from './money.js';

describe('money', () => {
  it('converts decimal strings to minor units and back without loss', () => {
    assert.equal(toMinorUnits('1500.5', 'TZS'), 150050n);
    assert.equal(toMinorUnits('0.10', 'TZS'), 10n);
    assert.equal(toMinorUnits('999999999999999999', 'TZS'), 99999999999999999900n);
    assert.equal(fromMinorUnits(150050n, 'TZS'), '1500.5');
    assert.equal(fromMinorUnits(150000n, 'TZS'), '1500');
    assert.equal(formatMinorUnits(150000n, 'TZS'), '1500.00');
    assert.equal(formatMinorUnits(-5n, 'TZS'), '-0.05');
    assert.equal(toMinorUnits('250', 'UGX'), 250n);
  });

  it('refuses what is not an exact amount of the currency', () => {
    for (const bad of ['1.001', '-1', '1e3', '01', '1.', ' 1', '0x10', '']) assert.throws(() => toMinorUnits(bad, 'TZS'), /amount|decimals/);
    assert.throws(() => toMinorUnits('1.5', 'UGX'), /decimals/);
    assert.throws(() => toMinorUnits('1', 'tzs'), /currency/);
  });

  it('adds and compares exactly where floats would not', () => {
    assert.equal(addAmounts('TZS', '0.1', '0.2'), '0.3');
    assert.ok(sameAmount('10', '10.00', 'TZS'));
    assert.ok(!sameAmount('10', '10.01', 'TZS'));
  });
});
