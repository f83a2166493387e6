// SPDX-License-Identifier: Apache-2.0
// Balance and statement of a tenant's customer on the channel API: a DFSP's own app (a wallet) shows them next to
// its payments. Read from the tenant's AMS; a booking of a hub payment names its counterparty from the hub's record.
import { NotFoundError, ValidationError } from '../../platform/errors/index.js';
import type { AmsTransaction } from '../ams/accounting-system.js';
import type { FlowContext } from '../flows/flow-context.js';
import type { PartyRef } from '../payments/payment-records.js';

/** The identifier types an account is named by on these endpoints. */
export const ACCOUNT_ID_TYPES = ['MSISDN', 'ACCOUNT_ID'] as const;
export type AccountIdType = (typeof ACCOUNT_ID_TYPES)[number];

/** Entries of one statement page when the caller names no limit, and the most it may ask for. */
export const STATEMENT_DEFAULT_LIMIT = 20;
export const STATEMENT_MAX_LIMIT = 100;

/** GET /channel/accounts/{idType}/{idValue}: balances as decimal strings in major units, never numbers. */
export interface AccountView {
  accountId: string;
  currency: string;
  status: 'ACTIVE' | 'INACTIVE' | 'CLOSED';
  name?: string;
  balance: { available: string; ledger: string };
}

/** One booking of a statement, from the account holder's side. */
export interface StatementEntry {
  entryId: string;
  /** CREDIT raised the ledger balance, DEBIT lowered it. */
  direction: 'CREDIT' | 'DEBIT';
  /** Positive decimal string in major units. */
  amount: string;
  currency: string;
  /** The part of `amount` that is a charge, when the AMS tells. */
  fee?: string;
  /** Ledger balance right after the booking; may start with `-`. */
  balanceAfter?: string;
  /** ISO 8601 booking time (a bare date when the AMS keeps only the day). */
  time: string;
  /** The AMS's kind of booking (DEPOSIT, WITHDRAWAL, WITHDRAWAL_FEE...). */
  kind: string;
  description?: string;
  /** The Mojaloop transactionId: GET /channel/transfer/{transactionId} reads the payment. */
  transactionId?: string;
  /** The other side of a hub payment, when the hub recorded it. */
  counterparty?: Pick<PartyRef, 'idType' | 'idValue' | 'fspId' | 'name'>;
}

export interface StatementPage {
  accountId: string;
  offset: number;
  limit: number;
  /** Entries in all, over every page. */
  total: number;
  /** Newest first. */
  entries: StatementEntry[];
}

/** The tenant's AMS account an identifier names; ValidationError for a bad idType, NotFoundError when not the tenant's. */
async function accountIdOf(context: FlowContext, tenantId: string, idType: string, idValue: string): Promise<string> {
  context.tenants.byId(tenantId);
  if (!(ACCOUNT_ID_TYPES as readonly string[]).includes(idType)) throw new ValidationError(`idType must be one of ${ACCOUNT_ID_TYPES.join(', ')}`, { path: 'idType' });
  if (!/^[A-Za-z0-9@.+_-]{1,128}$/.test(idValue)) throw new ValidationError('idValue is not a valid identifier', { path: 'idValue' });
  const missing = () => new NotFoundError(`${idType} ${idValue} is not a customer of ${tenantId}`, { path: 'idValue' });
  if (idType === 'ACCOUNT_ID') return idValue;
  const mapped = await context.identities.lookup(idType, idValue);
  if (mapped) {
    // Another tenant's customer is not this caller's to read, whatever this tenant's AMS holds.
    if (mapped.tenantId !== tenantId) throw missing();
    return mapped.accountId;
  }
  const found = await context.ams.findParty(tenantId, idType as AccountIdType, idValue);
  if (!found) throw missing();
  return found.accountId;
}

/** Balances of the tenant's account named by an identifier; NotFoundError when the tenant's AMS does not hold it. */
export async function accountBalance(context: FlowContext, tenantId: string, idType: string, idValue: string): Promise<AccountView> {
  const accountId = await accountIdOf(context, tenantId, idType, idValue);
  const account = await context.ams.account(tenantId, accountId);
  if (!account) throw new NotFoundError(`${idType} ${idValue} is not a customer of ${tenantId}`, { path: 'idValue' });
  return {
    accountId: account.accountId, currency: account.currency, status: account.status, ...(account.holderName && { name: account.holderName }),
    balance: { available: account.availableBalance, ledger: account.balance },
  };
}

/** A whole number from a query parameter within [min, max]; the default when absent, ValidationError otherwise. */
function pageNumber(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) throw new ValidationError(`${name} must be a whole number from ${min} to ${max}`, { path: name });
  return Number(value);
}

/** One page of the account's bookings, newest first, each hub payment with its counterparty; errors as accountBalance. */
export async function accountStatement(context: FlowContext, tenantId: string, idType: string, idValue: string, query: { offset?: string; limit?: string }): Promise<StatementPage> {
  const offset = pageNumber(query.offset, 'offset', 0, 0, 1_000_000);
  const limit = pageNumber(query.limit, 'limit', STATEMENT_DEFAULT_LIMIT, 1, STATEMENT_MAX_LIMIT);
  const accountId = await accountIdOf(context, tenantId, idType, idValue);
  const page = await context.ams.transactions(tenantId, accountId, { offset, limit, order: 'DESC' });
  if (!page) throw new NotFoundError(`${idType} ${idValue} is not a customer of ${tenantId}`, { path: 'idValue' });
  const entries = await Promise.all(page.items.map((item) => statementEntry(context, tenantId, accountId, item)));
  return { accountId, offset, limit, total: page.total, entries };
}

async function statementEntry(context: FlowContext, tenantId: string, accountId: string, item: AmsTransaction): Promise<StatementEntry> {
  const entry: StatementEntry = {
    entryId: item.transactionId, direction: item.direction, amount: item.amount, currency: item.currency, time: item.bookingDateTime, kind: item.kind,
    ...(item.fee !== undefined && { fee: item.fee }), ...(item.balanceAfter !== undefined && { balanceAfter: item.balanceAfter }),
    ...(item.note && { description: item.note }), ...(item.transactionCode && { transactionId: item.transactionCode }),
  };
  const counterparty = item.transactionCode ? await counterpartyOf(context, tenantId, accountId, item) : undefined;
  return counterparty ? { ...entry, counterparty } : entry;
}

/** The other side of the hub payment a booking belongs to: the payee of a debit, the payer of a credit. */
async function counterpartyOf(context: FlowContext, tenantId: string, accountId: string, item: AmsTransaction): Promise<StatementEntry['counterparty']> {
  const record = (await context.store.transferByTransaction(tenantId, item.transactionCode!, 'OUTBOUND'))
    ?? (await context.store.transferByTransaction(tenantId, item.transactionCode!, 'INBOUND'));
  if (!record) return undefined;
  const [first, second] = item.direction === 'DEBIT' ? [record.payee, record.payer] : [record.payer, record.payee];
  // A reversal books against the usual direction: the counterparty is whichever side is not this account.
  const other = first.accountId === accountId ? second : first;
  if (other.accountId === accountId) return undefined;
  return { idType: other.idType, idValue: other.idValue, ...(other.fspId && { fspId: other.fspId }), ...(other.name && { name: other.name }) };
}
