// SPDX-License-Identifier: Apache-2.0
// POST quotes and POST requests: the bank's own fee for a transaction (idempotent by quoteCode) and the record of
// a transaction request (idempotent by requestCode). Neither moves money.
import type { Kysely } from 'kysely';
import { inTransaction } from './bookings.js';
import { requireTransactableAccount, tenantFeeRule } from './accounts.js';
import { feeFor } from './fees.js';
import { domainRuleError, FINERACT_ERROR_CODES } from './fineract-errors.js';
import { minor, type Tables, type TransferRole } from './tables.js';

export interface QuoteCommand {
  tenantId: string;
  transactionCode: string;
  quoteCode: string;
  accountId: string;
  role: TransferRole;
  amountType: string;
  currency: string;
  amountMinor: bigint;
}

export interface QuoteRecord extends Omit<QuoteCommand, 'tenantId'> {
  feeMinor: bigint;
  commissionMinor: bigint;
  createdAt: number;
}

function toQuote(row: Tables['fineract_sim_quotes']): QuoteRecord {
  return {
    transactionCode: row.transaction_code, quoteCode: row.quote_code, accountId: row.account_id, role: row.role,
    amountType: row.amount_type, currency: row.currency, amountMinor: minor(row.amount_minor), feeMinor: minor(row.fee_minor),
    commissionMinor: minor(row.commission_minor), createdAt: row.created_at,
  };
}

/** A stored quote by its codes, or undefined. */
export async function findQuote(db: Kysely<Tables>, tenantId: string, transactionCode: string, quoteCode: string): Promise<QuoteRecord | undefined> {
  const row = await db.selectFrom('fineract_sim_quotes').selectAll()
    .where('tenant_id', '=', tenantId).where('quote_code', '=', quoteCode).where('transaction_code', '=', transactionCode).executeTakeFirst();
  return row && toQuote(row);
}

/**
 * Prices a transaction as Fineract's createQuote does: the payer's fee from the tenant's rule, refused when the
 * available balance cannot cover amount plus fee; the payee's fee (0 by default). A repeat returns the first quote.
 */
export async function createQuote(db: Kysely<Tables>, command: QuoteCommand, now: number): Promise<QuoteRecord> {
  return inTransaction(db, async (trx) => {
    const stored = await trx.selectFrom('fineract_sim_quotes').selectAll()
      .where('tenant_id', '=', command.tenantId).where('quote_code', '=', command.quoteCode).executeTakeFirst();
    if (stored) {
      const quote = toQuote(stored);
      if (quote.transactionCode !== command.transactionCode || quote.accountId !== command.accountId || quote.role !== command.role
        || quote.currency !== command.currency || quote.amountMinor !== command.amountMinor) {
        throw domainRuleError(FINERACT_ERROR_CODES.quoteMismatch, `Quote ${command.quoteCode} was already received with different content`, 'quoteCode');
      }
      return quote;
    }
    const account = await requireTransactableAccount(trx, command.tenantId, command.accountId, command.currency, command.role);
    const rule = await tenantFeeRule(trx, command.tenantId);
    const fee = rule ? feeFor(rule, command.role, command.amountMinor, command.currency) : 0n;
    if (command.role === 'PAYER' && minor(account.ledger_minor) - minor(account.held_minor) < command.amountMinor + fee) {
      throw domainRuleError(FINERACT_ERROR_CODES.insufficientBalance, `Insufficient account balance on savings account ${command.accountId}`, 'amount');
    }
    await trx.insertInto('fineract_sim_quotes').values({
      tenant_id: command.tenantId, quote_code: command.quoteCode, transaction_code: command.transactionCode, account_id: command.accountId,
      role: command.role, amount_type: command.amountType, currency: command.currency, amount_minor: command.amountMinor,
      fee_minor: fee, commission_minor: 0n, created_at: now,
    }).execute();
    return { ...command, feeMinor: fee, commissionMinor: 0n, createdAt: now };
  });
}

export interface RequestCommand {
  tenantId: string;
  transactionCode: string;
  requestCode: string;
  accountId: string;
  role: TransferRole;
  currency: string;
  amountMinor: bigint;
  /** The request body as received, kept for inspection. */
  body: unknown;
}

export interface RequestRecord {
  transactionCode: string;
  requestCode: string;
  accountId: string;
  createdAt: number;
  body: unknown;
}

/** Records a transaction request (Fineract only validates the account and answers ACCEPTED); a repeat returns the first. */
export async function createRequest(db: Kysely<Tables>, command: RequestCommand, now: number): Promise<RequestRecord> {
  return inTransaction(db, async (trx) => {
    const stored = await trx.selectFrom('fineract_sim_requests').selectAll()
      .where('tenant_id', '=', command.tenantId).where('request_code', '=', command.requestCode).executeTakeFirst();
    if (stored) {
      if (stored.transaction_code !== command.transactionCode || stored.account_id !== command.accountId || minor(stored.amount_minor) !== command.amountMinor) {
        throw domainRuleError(FINERACT_ERROR_CODES.requestMismatch, `Request ${command.requestCode} was already received with different content`, 'requestCode');
      }
      return { transactionCode: stored.transaction_code, requestCode: stored.request_code, accountId: stored.account_id, createdAt: stored.created_at, body: JSON.parse(stored.body) };
    }
    await requireTransactableAccount(trx, command.tenantId, command.accountId, command.currency, command.role);
    await trx.insertInto('fineract_sim_requests').values({
      tenant_id: command.tenantId, request_code: command.requestCode, transaction_code: command.transactionCode, account_id: command.accountId,
      role: command.role, currency: command.currency, amount_minor: command.amountMinor, body: JSON.stringify(command.body), created_at: now,
    }).execute();
    return { transactionCode: command.transactionCode, requestCode: command.requestCode, accountId: command.accountId, createdAt: now, body: command.body };
  });
}

/** A stored transaction request by its codes, or undefined. */
export async function findRequest(db: Kysely<Tables>, tenantId: string, transactionCode: string, requestCode: string): Promise<RequestRecord | undefined> {
  const row = await db.selectFrom('fineract_sim_requests').selectAll()
    .where('tenant_id', '=', tenantId).where('request_code', '=', requestCode).where('transaction_code', '=', transactionCode).executeTakeFirst();
  return row && { transactionCode: row.transaction_code, requestCode: row.request_code, accountId: row.account_id, createdAt: row.created_at, body: JSON.parse(row.body) };
}
