// SPDX-License-Identifier: Apache-2.0
// One booking on a savings account: the balance change, the savings transaction with its running balance, and
// the two journal entries Fineract's cash-based accounting posts for it (savings product GL mappings).
import { sql, type Kysely, type Transaction } from 'kysely';
import { notFoundError, FINERACT_ERROR_CODES } from './fineract-errors.js';
import { minor, type SavingsTransactionType, type Tables } from './tables.js';

/** The simulated chart of accounts: what a savings product with cash accounting maps its transactions to. */
export const GL_ACCOUNTS = {
  cash: { code: '10100', name: 'Cash on Hand', type: 'ASSET' },
  settlement: { code: '10300', name: 'Interoperation Settlement', type: 'ASSET' },
  savingsControl: { code: '20100', name: 'Savings Control', type: 'LIABILITY' },
  feeIncome: { code: '40100', name: 'Income from Fees', type: 'INCOME' },
  commissionExpense: { code: '50100', name: 'Commission Expense', type: 'EXPENSE' },
} as const;

export type GlAccount = keyof typeof GL_ACCOUNTS;

/** Which GL each booking debits and credits, and which way it moves the customer's ledger balance. */
const POSTINGS = {
  openingDeposit: { type: 'DEPOSIT', sign: 1n, debit: 'cash', credit: 'savingsControl' },
  interopDeposit: { type: 'DEPOSIT', sign: 1n, debit: 'settlement', credit: 'savingsControl' },
  commissionDeposit: { type: 'DEPOSIT', sign: 1n, debit: 'commissionExpense', credit: 'savingsControl' },
  interopWithdrawal: { type: 'WITHDRAWAL', sign: -1n, debit: 'savingsControl', credit: 'settlement' },
  fee: { type: 'WITHDRAWAL_FEE', sign: -1n, debit: 'savingsControl', credit: 'feeIncome' },
} as const satisfies Record<string, { type: SavingsTransactionType; sign: bigint; debit: GlAccount; credit: GlAccount }>;

export type Posting = keyof typeof POSTINGS;

export interface Booking {
  tenantId: string;
  accountId: string;
  currency: string;
  posting: Posting;
  amountMinor: bigint;
  transactionCode?: string | undefined;
  transferCode?: string | undefined;
  note?: string | undefined;
  at: number;
}

export type Db = Kysely<Tables> | Transaction<Tables>;

/**
 * Posts one booking inside the caller's transaction and returns the savings transaction id. Availability is the
 * caller's check (a hold or a conditional update before this); the table's CHECK constraint is the last guard.
 */
export async function book(trx: Transaction<Tables>, booking: Booking): Promise<number> {
  const posting = POSTINGS[booking.posting];
  const delta = posting.sign * booking.amountMinor;
  const updated = await trx.updateTable('fineract_sim_accounts')
    .set({ ledger_minor: sql`ledger_minor + ${delta}` })
    .where('tenant_id', '=', booking.tenantId)
    .where('account_id', '=', booking.accountId)
    .returning('ledger_minor')
    .executeTakeFirst();
  if (!updated) throw notFoundError(FINERACT_ERROR_CODES.accountNotFound, `Savings account with identifier ${booking.accountId} does not exist`, booking.accountId);
  const transaction = await trx.insertInto('fineract_sim_transactions').values({
    tenant_id: booking.tenantId, account_id: booking.accountId, type: posting.type, amount_minor: booking.amountMinor,
    running_balance_minor: minor(updated.ledger_minor), currency: booking.currency, transaction_code: booking.transactionCode ?? null,
    transfer_code: booking.transferCode ?? null, note: booking.note?.slice(0, 500) ?? null, booked_at: booking.at,
  }).returning('id').executeTakeFirstOrThrow();
  const id = Number(transaction.id);
  const entry = { tenant_id: booking.tenantId, transaction_id: id, account_id: booking.accountId, amount_minor: booking.amountMinor, currency: booking.currency, booked_at: booking.at };
  await trx.insertInto('fineract_sim_journal_entries').values([
    { ...entry, gl_code: GL_ACCOUNTS[posting.debit].code, entry_type: 'DEBIT' },
    { ...entry, gl_code: GL_ACCOUNTS[posting.credit].code, entry_type: 'CREDIT' },
  ]).execute();
  return id;
}

/** Whether a write failed on a primary key or unique constraint (a concurrent twin won the race). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Runs `work` in a transaction; when a concurrent twin inserted the same key first, runs it once more to read the winner. */
export async function inTransaction<T>(db: Kysely<Tables>, work: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return db.transaction().execute(work);
  }
}
