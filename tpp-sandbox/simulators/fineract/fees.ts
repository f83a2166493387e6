// SPDX-License-Identifier: Apache-2.0
// The fee a simulated bank charges its own customer for an interoperation transfer: Fineract's withdrawal
// fee charge on the savings product, reduced to one rule per tenant. Computed in integer minor units.
import { toMinorUnits } from '../../../platform/money/index.js';

export interface FeeRule {
  /** Payer's fee in basis points of the transfer amount (50 = 0.5 %). */
  payerBasisPoints: number;
  /** Smallest payer fee, decimal string in the account's currency (`"100.00"`); `"0"` for none. */
  payerMinimum: string;
  /** Largest payer fee, decimal string; absent for no cap. */
  payerMaximum?: string | undefined;
  /** Payee's fee in basis points of the amount received; deducted from what is deposited. */
  payeeBasisPoints: number;
}

/**
 * Every sandbox bank's default: the payer pays 0.5 % of the amount, at least 100.00 (TZS in the sandbox), no cap;
 * the payee pays nothing. A tenant's rule is changed through `seed(accounts, { fees })`.
 */
export const DEFAULT_FEE_RULE: Readonly<FeeRule> = Object.freeze({ payerBasisPoints: 50, payerMinimum: '100.00', payeeBasisPoints: 0 });

/** `round_half_up(amount × bps / 10 000)` in minor units; amounts are never negative here. */
export function basisPointsOf(amountMinor: bigint, basisPoints: number): bigint {
  const product = amountMinor * BigInt(basisPoints);
  const quotient = product / 10_000n;
  return product % 10_000n >= 5_000n ? quotient + 1n : quotient;
}

/** The fee in minor units for one role of a transfer of `amountMinor` in `currency`. */
export function feeFor(rule: FeeRule, role: 'PAYER' | 'PAYEE', amountMinor: bigint, currency: string): bigint {
  if (role === 'PAYEE') return basisPointsOf(amountMinor, rule.payeeBasisPoints);
  let fee = basisPointsOf(amountMinor, rule.payerBasisPoints);
  const minimum = toMinorUnits(rule.payerMinimum, currency);
  if (fee < minimum) fee = minimum;
  if (rule.payerMaximum !== undefined) {
    const maximum = toMinorUnits(rule.payerMaximum, currency);
    if (fee > maximum) fee = maximum;
  }
  return fee;
}

/** Checks a rule once, when it is configured, so a bad one fails the seed and not a payment. */
export function validateFeeRule(rule: FeeRule): FeeRule {
  for (const [name, value] of [['payerBasisPoints', rule.payerBasisPoints], ['payeeBasisPoints', rule.payeeBasisPoints]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 10_000) throw new RangeError(`fee rule ${name} must be an integer 0..10000, got ${value}`);
  }
  for (const [name, value] of [['payerMinimum', rule.payerMinimum], ['payerMaximum', rule.payerMaximum]] as const) {
    if (value !== undefined && !/^(0|[1-9][0-9]{0,17})(\.[0-9]{1,4})?$/.test(value)) throw new RangeError(`fee rule ${name} must be a decimal string, got ${value}`);
  }
  return rule;
}
