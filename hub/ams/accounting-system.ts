// SPDX-License-Identifier: Apache-2.0
// The account management system (AMS) of a tenant, as the payment flows need it: in Payment Hub EE's terms the
// core banking side of a transfer. One adapter today (Apache Fineract's interoperation API, hub/connectors/fineract).
// Every call that moves money carries the Mojaloop identifiers (transactionCode = transactionId, transferCode =
// transferId), so a retried call finds the first one's result instead of booking twice.
import { LangoError, type ErrorCode } from '../../platform/errors/index.js';

/** An amount as a decimal string in major units with the currency's minor digits at most (`"1500.50"`); never a float. */
export interface Money {
  amount: string;
  currency: string;
}

export type TransactionRole = 'PAYER' | 'PAYEE';
export type AmsIdentifierType = 'MSISDN' | 'EMAIL' | 'PERSONAL_ID' | 'BUSINESS' | 'DEVICE' | 'ACCOUNT_ID' | 'IBAN' | 'ALIAS';

export interface AmsAccount {
  accountId: string;
  currency: string;
  status: 'ACTIVE' | 'INACTIVE' | 'CLOSED';
  /** Ledger balance. */
  balance: string;
  /** Ledger balance minus holds. */
  availableBalance: string;
  holderName?: string;
}

export interface AmsQuoteRequest {
  transactionCode: string;
  quoteCode: string;
  accountId: string;
  role: TransactionRole;
  amount: Money;
  amountType: 'SEND' | 'RECEIVE';
  note?: string;
}

export interface AmsQuote {
  /** Fee the FSP charges its own customer for this transaction (payer side: on top of the amount). */
  fspFee: Money;
  fspCommission: Money;
}

/** One side of a transfer in one tenant's AMS. */
export interface AmsTransferLeg {
  transactionCode: string;
  transferCode: string;
  accountId: string;
  role: TransactionRole;
  /** The amount that crosses the scheme, without fees. */
  amount: Money;
  fspFee?: Money;
  fspCommission?: Money;
  note?: string;
  /** ISO 8601; a hold past it may be released by the AMS. */
  expiration?: string;
}

export type AmsTransferState = 'PREPARED' | 'COMMITTED' | 'RELEASED';

export interface AmsTransfer {
  transactionCode: string;
  transferCode: string;
  accountId: string;
  role: TransactionRole;
  state: AmsTransferState;
  amount: Money;
  fspFee?: Money;
  /** AMS-side id of the booking (Fineract's transaction id), for reconciliation. */
  reference?: string;
}

/** Which way a booking moved the account's ledger balance, from the account holder's side. */
export type AmsTransactionDirection = 'CREDIT' | 'DEBIT';

/** One booked entry of an account (a savings transaction in Fineract): it changed the ledger balance; holds are not entries. */
export interface AmsTransaction {
  /** The AMS's id of the booking (Fineract's savingTransactionId); unique within the tenant's AMS. */
  transactionId: string;
  accountId: string;
  direction: AmsTransactionDirection;
  /** What the booking moved, as a positive decimal string in major units (`"1000.00"`). */
  amount: string;
  currency: string;
  /** The part of `amount` that is a charge (Fineract's chargeAmount): included in `amount`, never on top of it. */
  fee?: string;
  /** Ledger balance right after this booking; a decimal string that may carry a leading `-` (an overdrawn account). */
  balanceAfter?: string;
  /**
   * ISO 8601: a UTC date-time when the AMS keeps the time of day (Lango's simulator), a bare date (`2026-11-29`) when
   * it keeps only the day (Fineract's LocalDate). Its first ten characters are the booking date either way.
   */
  bookingDateTime: string;
  /** ISO 8601 like bookingDateTime; the booking date when the AMS has no other value date. */
  valueDateTime: string;
  /** Free text of the booking, without the AMS's own label for the booking kind. */
  note?: string;
  /** The AMS's own name for the kind of booking (Fineract SavingsAccountTransactionType: DEPOSIT, WITHDRAWAL, WITHDRAWAL_FEE, ...). */
  kind: string;
  /** The Mojaloop transaction (transactionId) the booking belongs to, when the AMS tells. */
  transactionCode?: string;
  /** The Mojaloop transfer (transferId) the booking belongs to, when the AMS tells. */
  transferCode?: string;
}

/**
 * Which entries `transactions` lists; every field is optional. An AMS that keeps only booking days (Fineract) keeps
 * a whole day's entries when the day overlaps [from, to).
 */
export interface AmsTransactionQuery {
  /** ISO 8601 date-time, inclusive: entries booked at or after it. */
  from?: string;
  /** ISO 8601 date-time, exclusive: entries booked before it. */
  to?: string;
  /** Only credits or only debits; both when absent. */
  direction?: AmsTransactionDirection;
  /** Entries to skip after ordering; 0 by default. */
  offset?: number;
  /** Entries to return at most; AMS_TRANSACTIONS_DEFAULT_LIMIT by default, AMS_TRANSACTIONS_MAX_LIMIT at most. */
  limit?: number;
  /** DESC by default: newest first, and of one instant the last booked first. ASC is the exact reverse. */
  order?: 'ASC' | 'DESC';
}

/** Page size of `transactions` when the query names none. */
export const AMS_TRANSACTIONS_DEFAULT_LIMIT = 100;
/** Largest page `transactions` returns; a larger limit is refused with INVALID_REQUEST. */
export const AMS_TRANSACTIONS_MAX_LIMIT = 500;

/** One page of an account's entries and how many entries match the query in all. */
export interface AmsTransactionPage {
  items: AmsTransaction[];
  total: number;
}

export interface AccountingSystem {
  /** Resolves when the tenant's AMS answers; rejects with AmsError AMS_UNAVAILABLE otherwise. */
  health(tenantId: string): Promise<void>;
  /** The account an identifier is registered to in the tenant's AMS, or undefined. */
  findParty(tenantId: string, idType: AmsIdentifierType, idValue: string): Promise<{ accountId: string } | undefined>;
  /** Registers an identifier for an account; registering the same pair again is a no-op, another account is refused. */
  registerParty(tenantId: string, idType: AmsIdentifierType, idValue: string, accountId: string): Promise<void>;
  /** The account with balances, or undefined when the AMS does not know it. */
  account(tenantId: string, accountId: string): Promise<AmsAccount | undefined>;
  /**
   * Booked transactions of the account, newest first by default, with the total matching the query; undefined when
   * the AMS does not know the account. A malformed query (bad date, offset, or limit) rejects with INVALID_REQUEST.
   */
  transactions(tenantId: string, accountId: string, query?: AmsTransactionQuery): Promise<AmsTransactionPage | undefined>;
  /** The tenant's own fee and commission for a transaction (PH-EE's "local quote"); idempotent by quoteCode. */
  quote(tenantId: string, request: AmsQuoteRequest): Promise<AmsQuote>;
  /** PAYER: holds amount plus fee on the account (Fineract PREPARE); a repeat with the same codes returns the first hold. */
  prepareTransfer(tenantId: string, leg: AmsTransferLeg): Promise<AmsTransfer>;
  /** Books the leg (Fineract CREATE): PAYER withdraws what was held, PAYEE deposits; repeats return the first booking. */
  commitTransfer(tenantId: string, leg: AmsTransferLeg): Promise<AmsTransfer>;
  /** Releases a PAYER hold (Fineract RELEASE); releasing a released or absent hold is a no-op, a committed one is refused. */
  releaseTransfer(tenantId: string, leg: AmsTransferLeg): Promise<AmsTransfer | undefined>;
  /** The AMS's view of one leg, or undefined when it has none. */
  transfer(tenantId: string, transactionCode: string, transferCode: string, role: TransactionRole): Promise<AmsTransfer | undefined>;
}

/**
 * Why an AMS call failed. AMS_UNAVAILABLE (network, timeout, 5xx) is worth retrying; the others are final answers.
 * `fspiopCode` is what the scheme is told when this ends a transfer.
 */
export const AMS_ERRORS = {
  AMS_UNAVAILABLE: { code: 'UNAVAILABLE', fspiopCode: '2003', retryable: true },
  ACCOUNT_NOT_FOUND: { code: 'NOT_FOUND', fspiopCode: '3204', retryable: false },
  ACCOUNT_INACTIVE: { code: 'BUSINESS_RULE_REJECTED', fspiopCode: '5000', retryable: false },
  INSUFFICIENT_FUNDS: { code: 'BUSINESS_RULE_REJECTED', fspiopCode: '4001', retryable: false },
  CURRENCY_MISMATCH: { code: 'VALIDATION_FAILED', fspiopCode: '3201', retryable: false },
  LIMIT_EXCEEDED: { code: 'BUSINESS_RULE_REJECTED', fspiopCode: '4200', retryable: false },
  ALREADY_COMMITTED: { code: 'CONFLICT', fspiopCode: '3100', retryable: false },
  INVALID_REQUEST: { code: 'VALIDATION_FAILED', fspiopCode: '3100', retryable: false },
  DUPLICATE_IDENTIFIER: { code: 'CONFLICT', fspiopCode: '3003', retryable: false },
} as const satisfies Record<string, { code: ErrorCode; fspiopCode: string; retryable: boolean }>;

export type AmsErrorReason = keyof typeof AMS_ERRORS;

export class AmsError extends LangoError {
  readonly reason: AmsErrorReason;
  readonly retryable: boolean;
  constructor(reason: AmsErrorReason, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    const entry = AMS_ERRORS[reason];
    super(entry.code, message, { cause: options.cause, details: { ...options.details, amsReason: reason, fspiopCode: entry.fspiopCode } });
    this.name = 'AmsError';
    this.reason = reason;
    this.retryable = entry.retryable;
  }
}
