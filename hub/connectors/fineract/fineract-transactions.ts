// SPDX-License-Identifier: Apache-2.0
// `GET accounts/{accountId}/transactions` of Fineract's interoperation API as pages of AmsTransaction.
//
// What Fineract serves (apache/fineract: InteropApiResource.getAccountTransactions, InteropServiceImpl,
// InteropTransactionsData, InteropTransactionData, SavingsAccountTransactionType):
// - query `debit` (default true), `credit` (default false), `fromBookingDateTime`, `toBookingDateTime` (both
//   ISO_LOCAL_DATE_TIME: no zone, an offset is a parse error). A transaction is dropped when debit != isDebit and
//   credit != isCredit; holds and releases are neither, so the default flags list them and `debit=true&credit=true`
//   never does. Dates filter whole booking days: a day is kept when it overlaps [from, to).
// - no paging and no sort parameter: the whole filtered list, booking date descending, then id descending.
// - body `{ resourceId: <savings id>, transactions: [InteropTransactionData] }`, each `{ resourceId, accountId
//   (external id), savingTransactionId, transactionType (enum name), amount, chargeAmount?, currency, accountBalance,
//   bookingDateTime, valueDateTime, note }`; amounts are BigDecimal JSON numbers, dates LocalDate as `[y, m, d]`, the
//   note is the type's label followed by the booking's notes. Nothing names the Mojaloop transfer.
// Lango's simulator answers the same names with decimal strings, UTC date-times and `transactionCode` /
// `transferCode`; this reader takes either.
//
// So the adapter asks Fineract for the direction and date range, and pages itself (checkTransactionQuery, pageOf).
// Fineract's interop list does not say whether a transaction was reversed; a reversed one is listed like any other.
import { formatMinorUnits, toMinorUnits } from '../../../platform/money/index.js';
import { AmsError, type AmsTransaction, type AmsTransactionDirection } from '../../ams/accounting-system.js';
import type { CheckedTransactionQuery } from '../../ams/transaction-query.js';

/**
 * The balance-changing SavingsAccountTransactionTypes (Fineract's isCredit / isDebit) and the label each note starts
 * with. AMOUNT_HOLD, AMOUNT_RELEASE, ESCHEAT, ACCRUAL, WAIVE_CHARGES and the transfer steps change no balance and
 * are left out, as is any type this table does not know.
 */
const BOOKING_TYPES: Readonly<Record<string, { direction: AmsTransactionDirection; label: string }>> = {
  DEPOSIT: { direction: 'CREDIT', label: 'Deposit' },
  INTEREST_POSTING: { direction: 'CREDIT', label: 'Interest posting' },
  DIVIDEND_PAYOUT: { direction: 'CREDIT', label: 'Dividend Payout' },
  WITHDRAWAL: { direction: 'DEBIT', label: 'Withdrawal' },
  WITHDRAWAL_FEE: { direction: 'DEBIT', label: 'Withdrawal fee' },
  ANNUAL_FEE: { direction: 'DEBIT', label: 'Annual fee' },
  PAY_CHARGE: { direction: 'DEBIT', label: 'Pay Charge' },
  OVERDRAFT_INTEREST: { direction: 'DEBIT', label: 'Overdraft Interest' },
  WITHHOLD_TAX: { direction: 'DEBIT', label: 'Withhold Tax' },
};

/**
 * The request path. Date bounds go as UTC wall time without a zone, as ISO_LOCAL_DATE_TIME wants: a Fineract
 * tenant on another time zone sees the bounds shifted by its offset.
 */
export function transactionsPath(accountId: string, query: CheckedTransactionQuery): string {
  const params = new URLSearchParams({ debit: String(query.direction !== 'CREDIT'), credit: String(query.direction !== 'DEBIT') });
  if (query.from !== undefined) params.set('fromBookingDateTime', localDateTime(query.from));
  if (query.to !== undefined) params.set('toBookingDateTime', localDateTime(query.to));
  return `accounts/${encodeURIComponent(accountId)}/transactions?${params.toString()}`;
}

const localDateTime = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 23);

interface FineractTransaction {
  accountId?: unknown;
  savingTransactionId?: unknown;
  transactionType?: unknown;
  amount?: unknown;
  chargeAmount?: unknown;
  currency?: unknown;
  accountBalance?: unknown;
  bookingDateTime?: unknown;
  valueDateTime?: unknown;
  note?: unknown;
  transactionCode?: unknown;
  transferCode?: unknown;
}

/** The answer's balance-changing entries in the direction asked, in Fineract's order (newest first). */
export function readTransactions(body: unknown, accountId: string, direction: AmsTransactionDirection | undefined): AmsTransaction[] {
  const list = (body as { transactions?: unknown } | undefined)?.transactions;
  if (!Array.isArray(list)) throw malformed(accountId, 'answer without a transactions list');
  return list.map((entry) => toTransaction(entry as FineractTransaction, accountId))
    .filter((entry): entry is AmsTransaction => entry !== undefined && (direction === undefined || entry.direction === direction));
}

function toTransaction(entry: FineractTransaction, accountId: string): AmsTransaction | undefined {
  const kind = typeof entry.transactionType === 'string' ? entry.transactionType : undefined;
  const type = kind === undefined ? undefined : BOOKING_TYPES[kind];
  if (!kind || !type) return undefined;
  const id = entry.savingTransactionId;
  const currency = entry.currency;
  const booked = dateOf(entry.bookingDateTime);
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof currency !== 'string' || !booked) {
    throw malformed(accountId, 'transaction without id, currency or booking date');
  }
  const note = noteOf(entry.note, type.label);
  const fee = entry.chargeAmount === undefined || entry.chargeAmount === null ? undefined : decimal(entry.chargeAmount, currency, accountId);
  const balance = entry.accountBalance === undefined || entry.accountBalance === null ? undefined : decimal(entry.accountBalance, currency, accountId, true);
  return {
    transactionId: String(id),
    accountId: typeof entry.accountId === 'string' ? entry.accountId : accountId,
    direction: type.direction,
    amount: decimal(entry.amount, currency, accountId),
    currency,
    ...(fee !== undefined && { fee }),
    ...(balance !== undefined && { balanceAfter: balance }),
    bookingDateTime: booked,
    valueDateTime: dateOf(entry.valueDateTime) ?? booked,
    ...(note && { note }),
    kind,
    ...(typeof entry.transactionCode === 'string' && { transactionCode: entry.transactionCode }),
    ...(typeof entry.transferCode === 'string' && { transferCode: entry.transferCode }),
  };
}

/**
 * An amount as a decimal string with the currency's digits. Fineract sends BigDecimal as a JSON number, which
 * JSON.parse reads as a double: a double keeps any decimal of up to 15 significant digits, and `String(number)`
 * gives back exactly that shortest decimal. toMinorUnits then refuses what it cannot keep exactly (more decimals than
 * the currency, exponents), so no amount is rounded here; no arithmetic is done on the double. Only a balance may be negative.
 */
function decimal(value: unknown, currency: string, accountId: string, signed = false): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') throw malformed(accountId, `amount ${String(value)} is not a number`);
  const negative = signed && text.startsWith('-');
  try {
    const minor = toMinorUnits(negative ? text.slice(1) : text, currency);
    return formatMinorUnits(negative ? -minor : minor, currency);
  } catch (error) {
    throw malformed(accountId, `amount ${text} ${currency}: ${(error as Error).message}`, error);
  }
}

/** Fineract's LocalDate `[y, m, d]` as `YYYY-MM-DD`; an ISO string as UTC date-time (a bare date stays a date). */
function dateOf(value: unknown): string | undefined {
  if (Array.isArray(value) && value.length >= 3 && value.slice(0, 3).every((part) => Number.isInteger(part))) {
    const [year, month, day] = value as number[];
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  if (typeof value !== 'string') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  // A date-time without a zone is Fineract's local date-time; read as UTC like the bounds the adapter sends.
  const parsed = Date.parse(/T.*(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

/** The note without the type label Fineract puts first (`"Withdrawal Invoice 12"` → `"Invoice 12"`). */
function noteOf(note: unknown, label: string): string | undefined {
  if (typeof note !== 'string') return undefined;
  const labelled = note.startsWith(label) && (note.length === label.length || note[label.length] === ' ');
  return (labelled ? note.slice(label.length) : note).trim() || undefined;
}

function malformed(accountId: string, message: string, cause?: unknown): AmsError {
  return new AmsError('AMS_UNAVAILABLE', `Fineract transactions of account ${accountId}: ${message}`, { cause });
}
