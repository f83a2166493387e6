// SPDX-License-Identifier: Apache-2.0
// The RFC 9396 authorization_details types Lango accepts, their shapes, and the rule that a client asks only
// for the types its roles allow. Each validator throws invalid_authorization_details (RFC 9396 §5).
import { isFirstParty, rolesOf, typesAllowed, type AuthorizationDetailsType, type ClientLike } from './client-roles.js';
import type { OidcErrorClass } from './oidc-provider.js';

type Detail = Record<string, unknown>;
type Check = (detail: Detail) => string | undefined;

// FSPIOP amount pattern (API Definition v1.1 §7.2.3), anchored: no sign, no exponent, no trailing zero.
const AMOUNT = /^(0|[1-9]\d{0,17})(\.\d{0,3}[1-9])?$/;
const CURRENCY = /^[A-Z]{3}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** RFC 9396 §2.2 common data fields, allowed on every type. */
const COMMON = ['type', 'locations', 'actions', 'datatypes', 'identifier', 'privileges'];

const isString = (value: unknown, max = 140): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;
const isObject = (value: unknown): value is Detail => typeof value === 'object' && value !== null && !Array.isArray(value);

function onlyKeys(detail: Detail, allowed: readonly string[]): string | undefined {
  const unknown = Object.keys(detail).filter((key) => !COMMON.includes(key) && !allowed.includes(key));
  return unknown.length ? `unknown member ${unknown.join(', ')}` : undefined;
}

function subsetOf(value: unknown, name: string, allowed: readonly string[], required: boolean): string | undefined {
  if (value === undefined) return required ? `${name} is required` : undefined;
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => allowed.includes(item as string))) return `${name} must list some of ${allowed.join(', ')}`;
  return undefined;
}

function futureDate(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value))) return 'validUntil must be a date (YYYY-MM-DD)';
  return Date.parse(value) < Date.parse(new Date().toISOString().slice(0, 10)) ? 'validUntil is in the past' : undefined;
}

function accounts(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) && value.every((item) => isObject(item) && isString(item.accountId, 64)) ? undefined : 'accounts must be a list of { accountId }';
}

const CHECKS: Record<AuthorizationDetailsType, Check[]> = {
  account_information: [
    (detail) => onlyKeys(detail, ['accounts', 'validUntil', 'frequencyPerDay', 'recurringIndicator']),
    (detail) => subsetOf(detail.actions, 'actions', ['accounts', 'balances', 'transactions'], true),
    (detail) => accounts(detail.accounts),
    (detail) => futureDate(detail.validUntil),
    // Berlin Group frequencyPerDay: accesses per day without the PSU, at least 1.
    (detail) => (detail.frequencyPerDay === undefined || (Number.isInteger(detail.frequencyPerDay) && (detail.frequencyPerDay as number) >= 1 && (detail.frequencyPerDay as number) <= 100) ? undefined : 'frequencyPerDay must be an integer from 1 to 100'),
    (detail) => (detail.recurringIndicator === undefined || typeof detail.recurringIndicator === 'boolean' ? undefined : 'recurringIndicator must be a boolean'),
  ],
  payment_initiation: [
    (detail) => onlyKeys(detail, ['instructedAmount', 'creditorName', 'creditorAccount', 'remittanceInformationUnstructured']),
    (detail) => subsetOf(detail.actions, 'actions', ['initiate', 'status', 'cancel'], false),
    (detail) => {
      const amount = detail.instructedAmount;
      if (!isObject(amount) || typeof amount.currency !== 'string' || !CURRENCY.test(amount.currency)) return 'instructedAmount.currency must be an ISO 4217 code';
      return typeof amount.amount === 'string' && AMOUNT.test(amount.amount) && amount.amount !== '0' ? undefined : 'instructedAmount.amount must be a positive decimal string';
    },
    (detail) => (isString(detail.creditorName) ? undefined : 'creditorName is required (at most 140 characters)'),
    (detail) => {
      const account = detail.creditorAccount;
      if (!isObject(account)) return 'creditorAccount is required';
      const ids = ['iban', 'accountId', 'msisdn', 'number'].filter((key) => isString(account[key], 64));
      return ids.length === 1 && Object.keys(account).length === 1 ? undefined : 'creditorAccount must carry exactly one of iban, accountId, msisdn, number';
    },
    (detail) => (detail.remittanceInformationUnstructured === undefined || isString(detail.remittanceInformationUnstructured) ? undefined : 'remittanceInformationUnstructured must be at most 140 characters'),
  ],
  funds_confirmation: [
    (detail) => onlyKeys(detail, ['accounts', 'validUntil']),
    (detail) => accounts(detail.accounts),
    (detail) => futureDate(detail.validUntil),
  ],
};

/** The first shape problem of a detail of a known type, or undefined. */
export function shapeProblem(type: AuthorizationDetailsType, detail: Detail): string | undefined {
  for (const check of CHECKS[type]) {
    const problem = check(detail);
    if (problem) return problem;
  }
  return undefined;
}

/** `features.richAuthorizationRequests.types`: one validator per type, with the roles check first. */
export function authorizationDetailsTypes(InvalidAuthorizationDetails: OidcErrorClass) {
  const entries = (Object.keys(CHECKS) as AuthorizationDetailsType[]).map((type) => [type, {
    validate(_ctx: unknown, detail: Detail, client: ClientLike) {
      if (isFirstParty(client) || !typesAllowed(rolesOf(client)).includes(type)) {
        throw new InvalidAuthorizationDetails(`authorization details type '${type}' is outside the client's roles (${rolesOf(client).join(', ') || 'none'})`);
      }
      const problem = shapeProblem(type, detail);
      if (problem) throw new InvalidAuthorizationDetails(`${type}: ${problem}`);
    },
  }] as const);
  return Object.fromEntries(entries);
}
