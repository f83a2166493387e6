// SPDX-License-Identifier: Apache-2.0
// GET /v1/accounts/{id}/transactions (§6.6): booked entries from the AMS in a date range, newest first, a page at
// a time (`pageIndex`, `itemsPerPage`, Lango's own query parameters) with first / previous / next / last links.
// Pending entries (holds) are not listed by the AMS, so `pending` is empty.
import type { AmsTransaction } from '../../../hub/index.js';
import { berlinGroupError } from '../../../platform/errors/index.js';
import type { BankAccount } from '../bank-accounts.js';
import type { BerlinGroupDeps } from '../deps.js';
import { href, type Links } from '../http/links.js';

const DAY_MS = 86_400_000;
/** Without dateFrom: this many days back (the guidelines leave the default to the ASPSP). */
export const DEFAULT_HISTORY_DAYS = 90;
export const DEFAULT_ITEMS_PER_PAGE = 50;
export const MAX_ITEMS_PER_PAGE = 500;
const BOOKING_STATUSES = ['booked', 'pending', 'both', 'all'];

function dateOf(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(parsed)) throw berlinGroupError('FORMAT_ERROR', `${name} must be a date (YYYY-MM-DD)`, { path: name });
  return parsed;
}

function wholeNumber(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isNaN(parsed) || parsed > max) throw berlinGroupError('FORMAT_ERROR', `${name} must be a whole number up to ${max}`, { path: name });
  return parsed;
}

function transactionView(entry: AmsTransaction) {
  return {
    transactionId: entry.transactionId,
    ...(entry.transferCode && { endToEndId: entry.transferCode }),
    bookingDate: entry.bookingDateTime.slice(0, 10),
    valueDate: entry.valueDateTime.slice(0, 10),
    transactionAmount: { currency: entry.currency, amount: entry.direction === 'DEBIT' ? `-${entry.amount}` : entry.amount },
    ...(entry.note && { remittanceInformationUnstructured: entry.note.slice(0, 140) }),
    bankTransactionCode: entry.kind,
  };
}

/** One page of the account's transactions as the `transactions` object of the answer. */
export async function transactionsPage(deps: BerlinGroupDeps, account: BankAccount, query: Record<string, string | undefined>) {
  const bookingStatus = query.bookingStatus;
  if (bookingStatus === 'information') throw berlinGroupError('PARAMETER_NOT_SUPPORTED', 'standing order information is not offered', { path: 'bookingStatus' });
  if (!bookingStatus || !BOOKING_STATUSES.includes(bookingStatus)) throw berlinGroupError('FORMAT_ERROR', `bookingStatus must be one of ${BOOKING_STATUSES.join(', ')}`, { path: 'bookingStatus' });
  if (query.deltaList !== undefined || query.entryReferenceFrom !== undefined) throw berlinGroupError('PARAMETER_NOT_SUPPORTED', 'delta access is not offered', { path: query.deltaList !== undefined ? 'deltaList' : 'entryReferenceFrom' });
  const today = Math.floor(deps.now() / DAY_MS) * DAY_MS;
  const from = dateOf(query.dateFrom, 'dateFrom') ?? today - DEFAULT_HISTORY_DAYS * DAY_MS;
  const to = dateOf(query.dateTo, 'dateTo') ?? today;
  if (from > to) throw berlinGroupError('PERIOD_INVALID', 'dateFrom lies after dateTo', { path: 'dateFrom' });
  const pageIndex = wholeNumber(query.pageIndex, 'pageIndex', 0, 1_000_000);
  const itemsPerPage = Math.max(1, wholeNumber(query.itemsPerPage, 'itemsPerPage', DEFAULT_ITEMS_PER_PAGE, MAX_ITEMS_PER_PAGE));
  const base = `/v1/accounts/${account.id}/transactions`;
  const pageLink = (index: number) => {
    const params = new URLSearchParams({ bookingStatus, dateFrom: new Date(from).toISOString().slice(0, 10), dateTo: new Date(to).toISOString().slice(0, 10), pageIndex: String(index), itemsPerPage: String(itemsPerPage) });
    return href(`${base}?${params}`);
  };
  if (bookingStatus === 'pending') return { booked: [], pending: [], _links: { account: href(`/v1/accounts/${account.id}`) } };
  const page = await deps.ams.transactions(account.tenantId, account.amsAccountId, {
    from: new Date(from).toISOString(), to: new Date(to + DAY_MS).toISOString(), offset: pageIndex * itemsPerPage, limit: itemsPerPage, order: 'DESC',
  });
  if (!page) throw berlinGroupError('RESOURCE_UNKNOWN', `the bank does not know account ${account.id}`, { status: 404 });
  const last = Math.max(0, Math.ceil(page.total / itemsPerPage) - 1);
  const links: Links = {
    account: href(`/v1/accounts/${account.id}`),
    first: pageLink(0),
    ...(pageIndex > 0 && { previous: pageLink(Math.min(pageIndex - 1, last)) }),
    ...(pageIndex < last && { next: pageLink(pageIndex + 1) }),
    last: pageLink(last),
  };
  return { booked: page.items.map(transactionView), ...(bookingStatus !== 'booked' && { pending: [] }), _links: links };
}
