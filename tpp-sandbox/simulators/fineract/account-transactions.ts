// SPDX-License-Identifier: Apache-2.0
// GET accounts/{accountId}/transactions: the savings transactions of one account as Fineract's InteropTransactionsData
// (InteropServiceImpl.getAccountTransactions, InteropTransactionsData.build, InteropTransactionData.build in
// apache/fineract): no paging, newest first (booking date descending, then id descending), each with the running
// balance after it. Every booking the simulator makes is one entry: the opening deposit, each committed leg's
// DEPOSIT or WITHDRAWAL, its commission DEPOSIT and its fee as a WITHDRAWAL_FEE of its own (a payer pays amount + fee
// in two entries, as Fineract's withdrawal with a withdrawal fee charge books it).
//
// Where the simulator differs from Fineract, and why:
// - amounts are decimal strings, dates UTC date-times (Fineract: BigDecimal numbers, LocalDate as [y, m, d]); the
//   sandbox keeps the time of day, so its date filter is exact where Fineract's works on whole booking days;
// - holds are not savings transactions here (Fineract books AMOUNT_HOLD / AMOUNT_RELEASE, which its default
//   debit=true&credit=false lists too), so nothing but balance-changing entries is ever listed;
// - `transactionCode` / `transferCode` on each entry, `accountId` on the list (Fineract: the numeric `resourceId`) and
//   the optional `offset` / `limit` parameters are simulator extras; without `limit` the whole list comes, as in Fineract.
import { formatMinorUnits } from '../../../platform/money/index.js';
import type { Db } from './bookings.js';
import type { AccountRow } from './accounts.js';
import { minor, type SavingsTransactionType } from './tables.js';

export interface TransactionFilter {
  /** Fineract's flags: a transaction is dropped when `debit` differs from its debit-ness and `credit` from its credit-ness. */
  debit: boolean;
  credit: boolean;
  /** Epoch ms, inclusive. */
  from?: number | undefined;
  /** Epoch ms, exclusive. */
  to?: number | undefined;
  /** Simulator extras; the whole filtered list without them. */
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Whether each booking type takes from the balance; Fineract's SavingsAccountTransactionType.isDebit / isCredit. */
const IS_DEBIT: Record<SavingsTransactionType, boolean> = { DEPOSIT: false, WITHDRAWAL: true, WITHDRAWAL_FEE: true };

/** SavingsEnumerations.transactionType(...).getValue(): the label Fineract puts first in every entry's note. */
const LABEL: Record<SavingsTransactionType, string> = { DEPOSIT: 'Deposit', WITHDRAWAL: 'Withdrawal', WITHDRAWAL_FEE: 'Withdrawal fee' };

/** InteropTransactionsData of the account, filtered as Fineract filters. */
export async function accountTransactions(db: Db, row: AccountRow, filter: TransactionFilter): Promise<Record<string, unknown>> {
  const types = (Object.keys(IS_DEBIT) as SavingsTransactionType[])
    .filter((type) => !(filter.debit !== IS_DEBIT[type] && filter.credit !== !IS_DEBIT[type]));
  if (!types.length) return { accountId: row.account_id, transactions: [] };
  let query = db.selectFrom('fineract_sim_transactions').selectAll()
    .where('tenant_id', '=', row.tenant_id).where('account_id', '=', row.account_id).where('type', 'in', types);
  if (filter.from !== undefined) query = query.where('booked_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('booked_at', '<', filter.to);
  query = query.orderBy('booked_at', 'desc').orderBy('id', 'desc');
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  if (filter.offset) query = filter.limit === undefined ? query.limit(Number.MAX_SAFE_INTEGER).offset(filter.offset) : query.offset(filter.offset);
  const rows = await query.execute();
  return {
    accountId: row.account_id,
    transactions: rows.map((transaction) => {
      const amount = formatMinorUnits(minor(transaction.amount_minor), transaction.currency);
      const booked = new Date(transaction.booked_at).toISOString();
      return {
        accountId: row.account_id,
        savingTransactionId: String(transaction.id),
        transactionType: transaction.type,
        amount,
        // Fineract's chargeAmount: what of the entry paid a charge, i.e. all of a fee entry, absent otherwise.
        ...(transaction.type === 'WITHDRAWAL_FEE' && { chargeAmount: amount }),
        currency: transaction.currency,
        accountBalance: formatMinorUnits(minor(transaction.running_balance_minor), transaction.currency),
        bookingDateTime: booked,
        valueDateTime: booked,
        // Fineract: the type's label, then the booking's notes, 500 characters at most.
        note: `${LABEL[transaction.type]}${transaction.note ? ` ${transaction.note}` : ''}`.slice(0, 500),
        ...(transaction.transaction_code !== null && { transactionCode: transaction.transaction_code }),
        ...(transaction.transfer_code !== null && { transferCode: transaction.transfer_code }),
      };
    }),
  };
}
