// SPDX-License-Identifier: Apache-2.0
// POST /v1/consents: the request body read into an AisAccess and the consent's validity (§6.3.1).
import { berlinGroupError } from '../../../platform/errors/index.js';
import { resolveReference } from '../account-reference.js';
import type { AccountDirectory, BankAccount } from '../bank-accounts.js';
import { ACCESS_KINDS, type AisAccess } from './ais-access.js';

const DAY_MS = 86_400_000;
/** Longest validity Lango grants, in days: a later validUntil (e.g. 9999-12-31, "as long as possible") is cut to it. */
export const MAX_VALIDITY_DAYS = 180;

export interface ConsentTerms {
  access: AisAccess;
  /** The dedicated accounts, for the consent page to offer. */
  accounts: BankAccount[];
  recurringIndicator: boolean;
  /** Last instant of validity (end of the UTC day), epoch ms. */
  validUntil: number;
  frequencyPerDay: number;
}

const ALL = ['allAccounts', 'allAccountsWithOwnerName'];

async function dedicated(directory: AccountDirectory, tenantId: string, access: Record<string, unknown>): Promise<{ ids: Record<'accounts' | 'balances' | 'transactions', string[]>; accounts: BankAccount[] }> {
  const ids = { accounts: [] as string[], balances: [] as string[], transactions: [] as string[] };
  const accounts = new Map<string, BankAccount>();
  for (const kind of ACCESS_KINDS) {
    const refs = access[kind];
    if (refs === undefined) continue;
    if (!Array.isArray(refs)) throw berlinGroupError('FORMAT_ERROR', `access.${kind} must be a list of account references`, { path: `access.${kind}` });
    for (const [index, ref] of refs.entries()) {
      const account = await resolveReference(directory, tenantId, ref, `access.${kind}[${index}]`);
      ids[kind].push(account.id);
      accounts.set(account.id, account);
    }
  }
  return { ids, accounts: [...accounts.values()] };
}

async function accessOf(directory: AccountDirectory, tenantId: string, access: Record<string, unknown>): Promise<{ access: AisAccess; accounts: BankAccount[] }> {
  const global = access.allPsd2 ?? access.availableAccounts ?? access.availableAccountsWithBalance;
  if (global !== undefined) {
    if (!ALL.includes(String(global))) throw berlinGroupError('FORMAT_ERROR', 'allPsd2 / availableAccounts take allAccounts or allAccountsWithOwnerName', { path: 'access' });
    if (ACCESS_KINDS.some((kind) => Array.isArray(access[kind]) && (access[kind] as unknown[]).length > 0)) {
      throw berlinGroupError('FORMAT_ERROR', 'a global consent names no accounts', { path: 'access' });
    }
    const mode = access.allPsd2 !== undefined ? 'allAccounts' : access.availableAccounts !== undefined ? 'availableAccounts' : 'availableAccountsWithBalance';
    return { access: { mode, withOwnerName: global === 'allAccountsWithOwnerName', accounts: [], balances: [], transactions: [] }, accounts: [] };
  }
  const { ids, accounts } = await dedicated(directory, tenantId, access);
  if (!ACCESS_KINDS.some((kind) => access[kind] !== undefined)) throw berlinGroupError('FORMAT_ERROR', 'access names no account, balance or transaction access', { path: 'access' });
  // Empty lists ask the PSU to choose the accounts on the bank's pages (bank-offered consent, §6.3.1.2).
  const mode = accounts.length === 0 ? 'bankOffered' : 'dedicated';
  return { access: { mode, withOwnerName: access.additionalInformation !== undefined, ...ids }, accounts };
}

function validUntilOf(value: unknown, now: number): number {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(date)) throw berlinGroupError('FORMAT_ERROR', 'validUntil must be a date (YYYY-MM-DD)', { path: 'validUntil' });
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  if (date < today) throw berlinGroupError('PERIOD_INVALID', 'validUntil lies in the past', { path: 'validUntil' });
  return Math.min(date, today + MAX_VALIDITY_DAYS * DAY_MS) + DAY_MS - 1;
}

/** The terms of a new AIS consent at the bank; FORMAT_ERROR, PERIOD_INVALID or SESSIONS_NOT_SUPPORTED otherwise. */
export async function consentTermsOf(directory: AccountDirectory, tenantId: string, body: Record<string, unknown>, now: number): Promise<ConsentTerms> {
  if (!body.access || typeof body.access !== 'object') throw berlinGroupError('FORMAT_ERROR', 'access is required', { path: 'access' });
  if (typeof body.recurringIndicator !== 'boolean') throw berlinGroupError('FORMAT_ERROR', 'recurringIndicator must be true or false', { path: 'recurringIndicator' });
  const frequencyPerDay = body.frequencyPerDay;
  if (typeof frequencyPerDay !== 'number' || !Number.isSafeInteger(frequencyPerDay) || frequencyPerDay < 1) {
    throw berlinGroupError('FORMAT_ERROR', 'frequencyPerDay must be a whole number of at least 1', { path: 'frequencyPerDay' });
  }
  // §6.3.1: a one-off consent is read once, so frequencyPerDay is 1.
  if (!body.recurringIndicator && frequencyPerDay !== 1) throw berlinGroupError('FORMAT_ERROR', 'a one-off consent (recurringIndicator false) has frequencyPerDay 1', { path: 'frequencyPerDay' });
  if (body.combinedServiceIndicator === true) throw berlinGroupError('SESSIONS_NOT_SUPPORTED', 'combined AIS and PIS sessions are not supported', { path: 'combinedServiceIndicator' });
  if (typeof body.combinedServiceIndicator !== 'boolean') throw berlinGroupError('FORMAT_ERROR', 'combinedServiceIndicator must be true or false', { path: 'combinedServiceIndicator' });
  const { access, accounts } = await accessOf(directory, tenantId, body.access as Record<string, unknown>);
  return { access, accounts, recurringIndicator: body.recurringIndicator, validUntil: validUntilOf(body.validUntil, now), frequencyPerDay };
}
