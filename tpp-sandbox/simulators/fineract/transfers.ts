// SPDX-License-Identifier: Apache-2.0
// POST transfers?action=PREPARE|CREATE|RELEASE: holds, bookings and releases, each idempotent by
// (transactionCode, transferCode, role). Every step runs in one database transaction; balances change only
// through conditional updates (`... where ledger - held >= total`), so concurrent PREPAREs cannot overdraw
// on PostgreSQL either: the second update waits for the first's row lock and re-checks the condition.
import { sql, type Kysely, type Transaction } from 'kysely';
import { book, inTransaction, type Db } from './bookings.js';
import { requireTransactableAccount, tenantFeeRule } from './accounts.js';
import { feeFor } from './fees.js';
import { domainRuleError, FINERACT_ERROR_CODES, validationError } from './fineract-errors.js';
import { minor, type Tables, type TransferRole, type TransferState } from './tables.js';

export type TransferAction = 'PREPARE' | 'CREATE' | 'RELEASE';

export interface TransferCommand {
  tenantId: string;
  transactionCode: string;
  transferCode: string;
  role: TransferRole;
  accountId: string;
  currency: string;
  amountMinor: bigint;
  /** The request's fspFee; absent means the tenant's fee rule decides. */
  feeMinor: bigint | undefined;
  commissionMinor: bigint;
  note?: string | undefined;
}

export interface TransferRecord {
  transactionCode: string;
  transferCode: string;
  role: TransferRole;
  accountId: string;
  currency: string;
  amountMinor: bigint;
  feeMinor: bigint;
  commissionMinor: bigint;
  /** What the PAYER's account has (or had) on hold: amount + fee − commission; 0 for a PAYEE. */
  holdMinor: bigint;
  state: TransferState;
  /** Id of the savings transaction that booked the amount (Fineract's resourceId). */
  bookingId: number | undefined;
  createdAt: number;
  completedAt: number | undefined;
}

type Row = Tables['fineract_sim_transfers'];

function toRecord(row: Row): TransferRecord {
  return {
    transactionCode: row.transaction_code, transferCode: row.transfer_code, role: row.role, accountId: row.account_id,
    currency: row.currency, amountMinor: minor(row.amount_minor), feeMinor: minor(row.fee_minor),
    commissionMinor: minor(row.commission_minor), holdMinor: minor(row.hold_minor), state: row.state,
    bookingId: row.booking_id === null ? undefined : Number(row.booking_id), createdAt: row.created_at,
    completedAt: row.completed_at ?? undefined,
  };
}

/** One leg as the simulator stored it, or undefined. Without a role, the PAYER leg wins (Fineract's URL has none). */
export async function findTransfer(db: Db, tenantId: string, transactionCode: string, transferCode: string, role?: TransferRole): Promise<TransferRecord | undefined> {
  let query = db.selectFrom('fineract_sim_transfers').selectAll()
    .where('tenant_id', '=', tenantId).where('transaction_code', '=', transactionCode).where('transfer_code', '=', transferCode);
  if (role) query = query.where('role', '=', role);
  const rows = await query.orderBy('role', 'asc').execute();
  const row = rows.find((candidate) => candidate.role === 'PAYER') ?? rows[0];
  return row && toRecord(row);
}

/** Runs one transfer action; RELEASE of a leg that holds nothing answers undefined. */
export async function runTransfer(db: Kysely<Tables>, action: TransferAction, command: TransferCommand, now: number): Promise<TransferRecord | undefined> {
  return inTransaction(db, async (trx) => {
    const existing = await findTransfer(trx, command.tenantId, command.transactionCode, command.transferCode, command.role);
    if (existing) sameLegOrRefuse(existing, command, action);
    switch (action) {
      case 'PREPARE': return existing ?? prepare(trx, command, now);
      case 'CREATE': return existing ? commitPrepared(trx, command.tenantId, existing, now, command.note) : createDirectly(trx, command, now);
      case 'RELEASE': return existing && release(trx, command.tenantId, existing, now);
    }
  });
}

/** A repeat must describe the same leg; Fineract's TODO ("validate request fee/commission") made strict here. */
function sameLegOrRefuse(existing: TransferRecord, command: TransferCommand, action: TransferAction): void {
  const differs = existing.accountId !== command.accountId || existing.currency !== command.currency
    || (action !== 'RELEASE' && (existing.amountMinor !== command.amountMinor || existing.commissionMinor !== command.commissionMinor
      || (command.feeMinor !== undefined && existing.feeMinor !== command.feeMinor)));
  if (differs) {
    throw domainRuleError(FINERACT_ERROR_CODES.transferMismatch,
      `Transfer ${command.transferCode} of transaction ${command.transactionCode} (${command.role}) was already received with a different account or amount`, 'transferCode');
  }
}

async function legAmounts(trx: Transaction<Tables>, command: TransferCommand): Promise<{ fee: bigint; hold: bigint }> {
  await requireTransactableAccount(trx, command.tenantId, command.accountId, command.currency, command.role);
  const rule = await tenantFeeRule(trx, command.tenantId);
  const fee = command.feeMinor ?? (rule ? feeFor(rule, command.role, command.amountMinor, command.currency) : 0n);
  if (command.role === 'PAYEE') {
    if (fee > command.amountMinor) throw validationError('interoperation.transfer', 'fspFee', 'exceeds.amount', 'The payee fee cannot exceed the amount', command.feeMinor?.toString());
    return { fee, hold: 0n };
  }
  const hold = command.amountMinor + fee - command.commissionMinor;
  return { fee, hold: hold > 0n ? hold : 0n };
}

async function insertLeg(trx: Transaction<Tables>, command: TransferCommand, fee: bigint, hold: bigint, state: TransferState, now: number): Promise<void> {
  await trx.insertInto('fineract_sim_transfers').values({
    tenant_id: command.tenantId, transaction_code: command.transactionCode, transfer_code: command.transferCode, role: command.role,
    account_id: command.accountId, currency: command.currency, amount_minor: command.amountMinor, fee_minor: fee,
    commission_minor: command.commissionMinor, hold_minor: hold, state, booking_id: null, created_at: now,
    completed_at: state === 'PREPARED' ? null : now,
  }).execute();
}

/** Puts `hold` on hold when the available balance (ledger − holds) covers it; otherwise Fineract's insufficient balance. */
async function placeHold(trx: Transaction<Tables>, command: TransferCommand, hold: bigint): Promise<void> {
  if (hold === 0n) return;
  const result = await trx.updateTable('fineract_sim_accounts')
    .set({ held_minor: sql`held_minor + ${hold}` })
    .where('tenant_id', '=', command.tenantId).where('account_id', '=', command.accountId)
    .where(sql<boolean>`ledger_minor - held_minor >= ${hold}`)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    throw domainRuleError(FINERACT_ERROR_CODES.insufficientBalance,
      `Insufficient account balance on savings account ${command.accountId} for a withdrawal of ${hold} minor units`, 'amount');
  }
}

async function takeHold(trx: Transaction<Tables>, tenantId: string, accountId: string, hold: bigint): Promise<void> {
  if (hold === 0n) return;
  await trx.updateTable('fineract_sim_accounts').set({ held_minor: sql`held_minor - ${hold}` })
    .where('tenant_id', '=', tenantId).where('account_id', '=', accountId).execute();
}

async function prepare(trx: Transaction<Tables>, command: TransferCommand, now: number): Promise<TransferRecord> {
  const { fee, hold } = await legAmounts(trx, command);
  // The leg row goes first: a concurrent twin fails on its primary key and is retried to read this one.
  await insertLeg(trx, command, fee, hold, 'PREPARED', now);
  if (command.role === 'PAYER') await placeHold(trx, command, hold);
  return reread(trx, command);
}

async function createDirectly(trx: Transaction<Tables>, command: TransferCommand, now: number): Promise<TransferRecord> {
  const { fee, hold } = await legAmounts(trx, command);
  await insertLeg(trx, command, fee, hold, 'COMMITTED', now);
  if (command.role === 'PAYER') {
    // Hold and take at once: the same conditional check as PREPARE, so CREATE alone cannot overdraw either.
    await placeHold(trx, command, hold);
    await takeHold(trx, command.tenantId, command.accountId, hold);
  }
  const leg = await reread(trx, command);
  await postLeg(trx, command.tenantId, leg, now, command.note);
  return reread(trx, command);
}

async function commitPrepared(trx: Transaction<Tables>, tenantId: string, leg: TransferRecord, now: number, note: string | undefined): Promise<TransferRecord> {
  if (leg.state === 'COMMITTED') return leg;
  if (leg.state === 'RELEASED') {
    throw domainRuleError(FINERACT_ERROR_CODES.alreadyReleased, `Transfer ${leg.transferCode} was released and cannot be committed`, 'transferCode');
  }
  if (!(await moveState(trx, tenantId, leg, 'COMMITTED', now))) return rereadLeg(trx, tenantId, leg);
  if (leg.role === 'PAYER') await takeHold(trx, tenantId, leg.accountId, leg.holdMinor);
  await postLeg(trx, tenantId, leg, now, note);
  return rereadLeg(trx, tenantId, leg);
}

async function release(trx: Transaction<Tables>, tenantId: string, leg: TransferRecord, now: number): Promise<TransferRecord> {
  if (leg.state === 'RELEASED') return leg;
  if (leg.state === 'COMMITTED') {
    throw domainRuleError(FINERACT_ERROR_CODES.alreadyCommitted, `Transfer ${leg.transferCode} is already committed and cannot be released`, 'transferCode');
  }
  if (await moveState(trx, tenantId, leg, 'RELEASED', now) && leg.role === 'PAYER') await takeHold(trx, tenantId, leg.accountId, leg.holdMinor);
  return rereadLeg(trx, tenantId, leg);
}

/** PREPARED → `to`, only if still PREPARED: of two concurrent commits only one books. */
async function moveState(trx: Transaction<Tables>, tenantId: string, leg: TransferRecord, to: TransferState, now: number): Promise<boolean> {
  const result = await trx.updateTable('fineract_sim_transfers').set({ state: to, completed_at: now })
    .where('tenant_id', '=', tenantId).where('transaction_code', '=', leg.transactionCode)
    .where('transfer_code', '=', leg.transferCode).where('role', '=', leg.role).where('state', '=', 'PREPARED')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Books a committed leg: PAYER withdraws amount and fee (commission returned), PAYEE gets amount minus fee. The
 * CREATE request's note goes on the amount's booking only, as Fineract's commitTransfer saves it.
 */
async function postLeg(trx: Transaction<Tables>, tenantId: string, leg: TransferRecord, now: number, note: string | undefined): Promise<void> {
  const base = { tenantId, accountId: leg.accountId, currency: leg.currency, transactionCode: leg.transactionCode, transferCode: leg.transferCode, at: now };
  // The commission is credited first: the hold was net of it, so booking it last could dip below the other holds.
  if (leg.commissionMinor > 0n && leg.role === 'PAYER') await book(trx, { ...base, posting: 'commissionDeposit', amountMinor: leg.commissionMinor });
  const bookingId = await book(trx, { ...base, posting: leg.role === 'PAYER' ? 'interopWithdrawal' : 'interopDeposit', amountMinor: leg.amountMinor, note });
  if (leg.feeMinor > 0n) await book(trx, { ...base, posting: 'fee', amountMinor: leg.feeMinor });
  await trx.updateTable('fineract_sim_transfers').set({ booking_id: bookingId })
    .where('tenant_id', '=', tenantId).where('transaction_code', '=', leg.transactionCode)
    .where('transfer_code', '=', leg.transferCode).where('role', '=', leg.role).execute();
}

async function reread(trx: Transaction<Tables>, command: TransferCommand): Promise<TransferRecord> {
  return rereadLeg(trx, command.tenantId, command);
}

async function rereadLeg(trx: Transaction<Tables>, tenantId: string, leg: Pick<TransferRecord, 'transactionCode' | 'transferCode' | 'role'>): Promise<TransferRecord> {
  const found = await findTransfer(trx, tenantId, leg.transactionCode, leg.transferCode, leg.role);
  if (!found) throw new Error(`transfer ${leg.transferCode} vanished inside its own transaction`);
  return found;
}
