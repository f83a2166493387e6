// SPDX-License-Identifier: Apache-2.0
// Accounts of the simulated banks: seeding with opening balances, the interop account view and its journal entries
// (its booked transactions: account-transactions.ts).
import type { Kysely, Transaction } from 'kysely';
import { formatMinorUnits, toMinorUnits } from '../../../platform/money/index.js';
import { book, GL_ACCOUNTS, inTransaction, type Db } from './bookings.js';
import { DEFAULT_FEE_RULE, validateFeeRule, type FeeRule } from './fees.js';
import { domainRuleError, FINERACT_ERROR_CODES, notFoundError } from './fineract-errors.js';
import { minor, type Tables, type TransferRole } from './tables.js';

export interface SeedAccount {
  /** The bank (Fineract tenant) holding the account. */
  tenantId: string;
  /** The interop account id (Fineract's savings account external id). */
  accountId: string;
  currency: string;
  /** Decimal string in major units, booked as the account's first deposit. */
  openingBalance: string;
  holderName: string;
  /** Registered as the account's MSISDN party identifier when given. */
  msisdn?: string | undefined;
}

export interface SeedOptions {
  /** Fee rule per tenant; tenants left out keep theirs, new ones get DEFAULT_FEE_RULE. */
  fees?: Readonly<Record<string, Partial<FeeRule>>>;
}

export type AccountRow = Tables['fineract_sim_accounts'];

/** Creates tenants and accounts that do not exist yet; an existing account keeps its balance and history. */
export async function seedAccounts(db: Kysely<Tables>, accounts: readonly SeedAccount[], options: SeedOptions, now: number): Promise<void> {
  const tenants = new Set([...accounts.map((account) => account.tenantId), ...Object.keys(options.fees ?? {})]);
  for (const tenantId of tenants) {
    const given = options.fees?.[tenantId];
    const rule = JSON.stringify(validateFeeRule({ ...DEFAULT_FEE_RULE, ...given }));
    await db.insertInto('fineract_sim_tenants').values({ tenant_id: tenantId, fee_rule: rule, created_at: now })
      .onConflict((conflict) => (given ? conflict.column('tenant_id').doUpdateSet({ fee_rule: rule }) : conflict.column('tenant_id').doNothing()))
      .execute();
  }
  for (const account of accounts) {
    const opening = toMinorUnits(account.openingBalance, account.currency);
    await inTransaction(db, async (trx) => {
      const exists = await trx.selectFrom('fineract_sim_accounts').select('account_id')
        .where('tenant_id', '=', account.tenantId).where('account_id', '=', account.accountId).executeTakeFirst();
      if (exists) return;
      await trx.insertInto('fineract_sim_accounts').values({
        tenant_id: account.tenantId, account_id: account.accountId, currency: account.currency, holder_name: account.holderName,
        status: 'ACTIVE', ledger_minor: 0n, held_minor: 0n, opened_at: now,
      }).execute();
      if (opening > 0n) {
        await book(trx, { tenantId: account.tenantId, accountId: account.accountId, currency: account.currency, posting: 'openingDeposit', amountMinor: opening, note: 'Opening balance', at: now });
      }
      if (account.msisdn) {
        await trx.insertInto('fineract_sim_identifiers').values({
          tenant_id: account.tenantId, id_type: 'MSISDN', id_value: account.msisdn, sub_id_or_type: '', account_id: account.accountId, created_at: now,
        }).onConflict((conflict) => conflict.doNothing()).execute();
      }
    });
  }
}

export type AccountStatus = 'ACTIVE' | 'INACTIVE' | 'CLOSED';
/** Every status an account can be set to. */
export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['ACTIVE', 'INACTIVE', 'CLOSED'];

/** Changes an account's status (a back-office action in Fineract); false when the account does not exist. */
export async function setAccountStatus(db: Kysely<Tables>, tenantId: string, accountId: string, status: AccountStatus): Promise<boolean> {
  const result = await db.updateTable('fineract_sim_accounts').set({ status })
    .where('tenant_id', '=', tenantId).where('account_id', '=', accountId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The tenant's fee rule, or undefined when the simulator does not host that tenant. */
export async function tenantFeeRule(db: Db, tenantId: string): Promise<FeeRule | undefined> {
  const row = await db.selectFrom('fineract_sim_tenants').select('fee_rule').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row && (JSON.parse(row.fee_rule) as FeeRule);
}

/** The account row or Fineract's 404 for an unknown savings account. */
export async function requireAccount(db: Db, tenantId: string, accountId: string): Promise<AccountRow> {
  const row = await db.selectFrom('fineract_sim_accounts').selectAll().where('tenant_id', '=', tenantId).where('account_id', '=', accountId).executeTakeFirst();
  if (!row) throw notFoundError(FINERACT_ERROR_CODES.accountNotFound, `Savings account with identifier ${accountId} does not exist`, accountId);
  return row;
}

/** The account, checked for the currency of the request and for being open to the role's transaction. */
export async function requireTransactableAccount(trx: Transaction<Tables>, tenantId: string, accountId: string, currency: string, role: TransferRole): Promise<AccountRow> {
  const row = await requireAccount(trx, tenantId, accountId);
  if (row.currency !== currency) {
    throw domainRuleError(FINERACT_ERROR_CODES.currencyMismatch, `Currency ${currency} differs from the account's currency ${row.currency}`, 'currency');
  }
  if (row.status !== 'ACTIVE') {
    throw domainRuleError(FINERACT_ERROR_CODES.transactionNotAllowed, `${role === 'PAYER' ? 'Withdrawal' : 'Deposit'} is not allowed on account ${accountId}`, 'accountId');
  }
  return row;
}

/** Fineract's SavingsAccountStatusEnumData for each status (300 active, 600 closed; 100 "submitted" stands for inactive). */
const STATUS_DATA: Record<AccountStatus, Record<string, unknown>> = {
  ACTIVE: { id: 300, code: 'savingsAccountStatusType.active', value: 'Active', active: true, closed: false },
  INACTIVE: { id: 100, code: 'savingsAccountStatusType.submitted.and.pending.approval', value: 'Submitted and pending approval', active: false, closed: false },
  CLOSED: { id: 600, code: 'savingsAccountStatusType.closed', value: 'Closed', active: false, closed: true },
};

/** InteropAccountData as Fineract builds it, amounts as decimal strings, plus the holder's name (a simulator extra). */
export function accountView(row: AccountRow): Record<string, unknown> {
  const ledger = minor(row.ledger_minor);
  const held = minor(row.held_minor);
  return {
    accountId: row.account_id,
    productName: 'Interoperation Savings',
    shortProductName: 'IOS',
    currency: row.currency,
    accountBalance: formatMinorUnits(ledger, row.currency),
    availableBalance: formatMinorUnits(ledger - held, row.currency),
    balanceOnHold: formatMinorUnits(held, row.currency),
    status: STATUS_DATA[row.status as AccountStatus] ?? STATUS_DATA.INACTIVE,
    accountType: 'INDIVIDUAL',
    activatedOn: new Date(row.opened_at).toISOString().slice(0, 10),
    holderName: row.holder_name,
  };
}

const GL_BY_CODE = new Map<string, (typeof GL_ACCOUNTS)[keyof typeof GL_ACCOUNTS]>(Object.values(GL_ACCOUNTS).map((gl) => [gl.code, gl]));

/** The journal entries posted for an account's bookings, oldest first (the admin route). */
export async function accountJournal(db: Db, tenantId: string, accountId: string): Promise<Record<string, unknown>[]> {
  const rows = await db.selectFrom('fineract_sim_journal_entries').selectAll()
    .where('tenant_id', '=', tenantId).where('account_id', '=', accountId).orderBy('id').execute();
  const codes = await db.selectFrom('fineract_sim_transactions').select(['id', 'type', 'transaction_code', 'transfer_code'])
    .where('tenant_id', '=', tenantId).where('account_id', '=', accountId).execute();
  const byId = new Map(codes.map((transaction) => [Number(transaction.id), transaction]));
  return rows.map((entry) => {
    const gl = GL_BY_CODE.get(entry.gl_code);
    const transaction = byId.get(Number(entry.transaction_id));
    return {
      id: Number(entry.id),
      transactionId: String(entry.transaction_id),
      transactionType: transaction?.type,
      transactionCode: transaction?.transaction_code ?? null,
      transferCode: transaction?.transfer_code ?? null,
      glAccountCode: entry.gl_code,
      glAccountName: gl?.name,
      glAccountType: gl?.type,
      entryType: entry.entry_type,
      amount: formatMinorUnits(minor(entry.amount_minor), entry.currency),
      currency: entry.currency,
      transactionDate: new Date(entry.booked_at).toISOString(),
    };
  });
}
