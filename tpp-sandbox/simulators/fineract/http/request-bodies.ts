// SPDX-License-Identifier: Apache-2.0
// Validates interop request bodies the way Fineract's InteropDataValidator does: each missing or malformed
// parameter becomes a 400 naming it. Amounts become exact minor units here and nowhere else.
import { LangoError } from '../../../../platform/errors/index.js';
import { toMinorUnits } from '../../../../platform/money/index.js';
import { validationError } from '../fineract-errors.js';
import type { TransferRole } from '../tables.js';

type Body = Record<string, unknown>;

/** The body as an object, or a 400 for anything else (arrays, strings, an empty POST). */
export function objectBody(resource: string, body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError(resource, 'body', 'invalid', 'The request body must be a JSON object');
  }
  return body as Body;
}

/** A mandatory non-blank string parameter of at most 64 characters (Fineract's code columns). */
export function requiredCode(resource: string, body: Body, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') throw validationError(resource, name, 'cannot.be.blank', `The parameter \`${name}\` is mandatory.`, value);
  if (value.length > 64) throw validationError(resource, name, 'exceeds.max.length', `The parameter \`${name}\` exceeds max length of 64.`, value);
  return value;
}

/** An optional string parameter, or undefined. */
export function optionalString(resource: string, body: Body, name: string, maxLength: number): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > maxLength) throw validationError(resource, name, 'invalid', `The parameter \`${name}\` must be a string of at most ${maxLength} characters.`, value);
  return value;
}

/** PAYER or PAYEE. */
export function requiredRole(resource: string, body: Body): TransferRole {
  const value = body.transactionRole;
  if (value !== 'PAYER' && value !== 'PAYEE') throw validationError(resource, 'transactionRole', 'is.not.one.of.expected.enumerations', 'The parameter `transactionRole` must be PAYER or PAYEE.', value);
  return value;
}

export interface ParsedMoney {
  currency: string;
  minor: bigint;
}

/** MoneyData `{ amount, currency }` as minor units; a JSON number is accepted as Fineract's BigDecimal would be. */
export function money(resource: string, body: Body, name: string, options: { required: true; positive?: boolean }): ParsedMoney;
export function money(resource: string, body: Body, name: string, options: { required: false; positive?: boolean }): ParsedMoney | undefined;
export function money(resource: string, body: Body, name: string, options: { required: boolean; positive?: boolean }): ParsedMoney | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (options.required) throw validationError(resource, name, 'cannot.be.blank', `The parameter \`${name}\` is mandatory.`);
    return undefined;
  }
  const record = (typeof value === 'object' ? value : {}) as Body;
  const currency = record.currency;
  const amount = typeof record.amount === 'number' ? String(record.amount) : record.amount;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw validationError(resource, `${name}.currency`, 'invalid', `The parameter \`${name}.currency\` must be an ISO 4217 code.`, currency);
  if (typeof amount !== 'string') throw validationError(resource, `${name}.amount`, 'cannot.be.blank', `The parameter \`${name}.amount\` is mandatory.`);
  let minor: bigint;
  try {
    minor = toMinorUnits(amount, currency);
  } catch (error) {
    if (error instanceof LangoError) throw validationError(resource, `${name}.amount`, 'invalid.decimal', `The parameter \`${name}.amount\` is invalid: ${error.message}`, amount);
    throw error;
  }
  // Both drivers read bigint columns as JavaScript numbers; past 2^53 they would not be exact.
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw validationError(resource, `${name}.amount`, 'exceeds.max', `The parameter \`${name}.amount\` is too large.`, amount);
  if (options.positive && minor <= 0n) throw validationError(resource, `${name}.amount`, 'not.greater.than.zero', `The parameter \`${name}.amount\` must be greater than 0.`, amount);
  return { currency, minor };
}
