// SPDX-License-Identifier: Apache-2.0
// Exact money: amounts travel as decimal strings (FSPIOP `Amount`, Fineract, Berlin Group) and are computed as
// bigint minor units. Never a float anywhere between the wire and the ledger.
import { ValidationError } from '../errors/index.js';

/**
 * ISO 4217 minor units of the currencies the sandbox and its neighbours use; any other three-letter code is
 * assumed to have 2 (the common case) — a deployment adding a zero- or three-decimal currency lists it here.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  TZS: 2, KES: 2, UGX: 0, RWF: 0, XOF: 0, XAF: 0, ZMW: 2, MWK: 2, GHS: 2, NGN: 2, ZAR: 2, USD: 2, EUR: 2, GBP: 2,
  BIF: 0, DJF: 0, GNF: 0, KMF: 0, JPY: 0, KRW: 0, BHD: 3, KWD: 3, OMR: 3, TND: 3, JOD: 3, LYD: 3, IQD: 3,
};

/** FSPIOP v1.1 Amount: up to 18 integer digits, up to 4 decimals, no leading zeros, no sign. */
export const AMOUNT_PATTERN = /^([0]|([1-9][0-9]{0,17}))([.][0-9]{0,3}[1-9])?$/;
const DECIMAL = /^(0|[1-9][0-9]{0,17})(?:\.([0-9]{1,4}))?$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Minor digits of an ISO 4217 currency code. */
export function minorUnitsOf(currency: string): number {
  if (!CURRENCY.test(currency)) throw new ValidationError(`${currency} is not an ISO 4217 currency code`, { path: 'currency' });
  return MINOR_UNITS[currency] ?? 2;
}

/** `"1500.5"`, TZS → 150050n; rejects more decimals than the currency has, signs, exponents and junk. */
export function toMinorUnits(amount: string, currency: string): bigint {
  const digits = minorUnitsOf(currency);
  const match = DECIMAL.exec(amount);
  if (!match) throw new ValidationError(`${amount} is not a decimal amount`, { path: 'amount' });
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) throw new ValidationError(`${amount} has more decimals than ${currency} allows (${digits})`, { path: 'amount' });
  return BigInt(match[1]!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
}

/** 150050n, TZS → `"1500.5"`: the shortest FSPIOP Amount (no trailing zeros). Negative values are refused. */
export function fromMinorUnits(minor: bigint, currency: string): string {
  if (minor < 0n) throw new RangeError(`negative amount ${minor}`);
  const digits = minorUnitsOf(currency);
  if (digits === 0) return minor.toString();
  const scale = 10n ** BigInt(digits);
  const fraction = (minor % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return fraction ? `${minor / scale}.${fraction}` : (minor / scale).toString();
}

/** 150050n, TZS → `"1500.50"`: fixed minor digits, for ledgers and statements. */
export function formatMinorUnits(minor: bigint, currency: string): string {
  const digits = minorUnitsOf(currency);
  const sign = minor < 0n ? '-' : '';
  const value = minor < 0n ? -minor : minor;
  if (digits === 0) return `${sign}${value}`;
  const scale = 10n ** BigInt(digits);
  return `${sign}${value / scale}.${(value % scale).toString().padStart(digits, '0')}`;
}

/** Sum of amounts of one currency, as an FSPIOP Amount. */
export function addAmounts(currency: string, ...amounts: string[]): string {
  return fromMinorUnits(amounts.reduce((sum, amount) => sum + toMinorUnits(amount, currency), 0n), currency);
}

/** Whether two amounts of one currency are equal in value (`"10"` equals `"10.00"`). */
export function sameAmount(a: string, b: string, currency: string): boolean {
  return toMinorUnits(a, currency) === toMinorUnits(b, currency);
}
