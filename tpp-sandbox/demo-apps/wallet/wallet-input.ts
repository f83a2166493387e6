// SPDX-License-Identifier: Apache-2.0
// What the wallet's forms accept, checked before anything reaches Lango so the holder reads a plain sentence:
// amounts as decimal strings in the currency's minor digits (never floats), MSISDNs as E.164 digits, short notes.
import { fromMinorUnits, minorUnitsOf, toMinorUnits } from '../../../platform/money/index.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** "1500", "1,500.50" or "1500.5" → the FSPIOP amount ("1500.5"); a sign, letters, too many decimals or zero are refused. */
export function checkAmount(input: string | undefined, currency: string): Checked<string> {
  const text = (input ?? '').trim().replaceAll(',', '');
  const digits = minorUnitsOf(currency);
  if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, error: `Enter the amount in digits, like 1500 or 1500.50 (no sign, no letters).` };
  const decimals = text.split('.')[1]?.replace(/0+$/, '').length ?? 0;
  if (decimals > digits) return { ok: false, error: `${currency} amounts have at most ${digits} decimals: ${text} has ${decimals}.` };
  let minor: bigint;
  try {
    minor = toMinorUnits(text.replace(/^0+(?=\d)/, ''), currency);
  } catch {
    return { ok: false, error: 'The amount is too large.' };
  }
  if (minor <= 0n) return { ok: false, error: 'The amount must be more than zero.' };
  return { ok: true, value: fromMinorUnits(minor, currency) };
}

/** "+255 712 345 678" → "255712345678": E.164 digits, 5 to 15 of them, no leading zero. */
export function checkMsisdn(input: string | undefined): Checked<string> {
  const text = (input ?? '').replace(/[\s-]/g, '').replace(/^\+/, '');
  if (!/^[1-9]\d{4,14}$/.test(text)) return { ok: false, error: 'Enter the phone number with its country code, digits only (like 27710204999).' };
  return { ok: true, value: text };
}

/** An optional note of at most 128 characters; empty means none. */
export function checkNote(input: string | undefined): Checked<string | undefined> {
  const text = (input ?? '').trim();
  if (text.length > 128) return { ok: false, error: 'The note is longer than 128 characters.' };
  return { ok: true, value: text || undefined };
}

/** "1500.5", TZS → "1,500.50": grouped thousands and the currency's minor digits, for reading; a leading `-` is kept. */
export function displayAmount(amount: string, currency: string): string {
  const negative = amount.startsWith('-');
  const magnitude = negative ? amount.slice(1) : amount;
  let fixed: string;
  try {
    const minor = toMinorUnits(magnitude, currency);
    const digits = minorUnitsOf(currency);
    const scale = 10n ** BigInt(digits);
    fixed = digits === 0 ? minor.toString() : `${minor / scale}.${(minor % scale).toString().padStart(digits, '0')}`;
  } catch {
    return amount;
  }
  const [whole, fraction] = fixed.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
