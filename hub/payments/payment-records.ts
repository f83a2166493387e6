// SPDX-License-Identifier: Apache-2.0
// What the hub remembers about each payment apart from the engine: the channel's and the scheme's view of a
// transfer (status, parties, amounts, error), the messages to resend on a duplicate, and the correlation state
// that FSPIOP callbacks need (pending party lookups). Written by the flows' workers and the inbound handlers.

export type TransferDirection = 'OUTBOUND' | 'INBOUND';
/** RECEIVED: recorded, flow not started yet; IN_PROGRESS; then COMPLETED or FAILED (final). */
export type TransferStatus = 'RECEIVED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface PartyRef {
  idType: string;
  idValue: string;
  subId?: string;
  fspId?: string;
  /** AMS account, known on this FSP's own side only. */
  accountId?: string;
  name?: string;
}

export interface TransferRecord {
  tenantId: string;
  transferId: string;
  direction: TransferDirection;
  transactionId: string;
  quoteId?: string;
  transactionRequestId?: string;
  status: TransferStatus;
  /** The last step reached, for people reading the record (`FUNDS_BLOCKED`, `PREPARED`...). */
  stage?: string;
  payer: PartyRef;
  payee: PartyRef;
  amount: string;
  currency: string;
  payerFee?: string;
  payeeFee?: string;
  note?: string;
  errorCode?: string;
  errorDescription?: string;
  processInstanceKey?: string;
  /** Who asked for it on the channel, and their idempotency key. */
  clientId?: string;
  idempotencyKey?: string;
  /** SHA-256 of the request that created it; a repeat with other content is a 3106 / 409. */
  requestHash: string;
  /** OUTBOUND: the POST /transfers body sent (fixed once, so a retry resends the same); INBOUND: the prepare received. */
  prepare?: unknown;
  /** INBOUND: the PUT /transfers callback sent (fulfil or error), resent for a duplicate prepare. */
  result?: { path: string; body: unknown };
  createdAt: number;
  updatedAt: number;
  completedAt?: number;
}

export type TransferPatch = Partial<Pick<TransferRecord,
  'status' | 'stage' | 'payer' | 'payee' | 'payerFee' | 'payeeFee' | 'errorCode' | 'errorDescription' | 'processInstanceKey' | 'prepare' | 'result' | 'completedAt' | 'quoteId'>>;

export interface QuoteRecord {
  tenantId: string;
  quoteId: string;
  transactionId: string;
  transactionRequestId?: string;
  requestHash: string;
  request: unknown;
  /** The PUT /quotes (or /error) answer sent, resent for a duplicate request. */
  result?: { path: string; body: unknown };
  createdAt: number;
}

export type TransactionRequestDirection = 'OUTBOUND' | 'INBOUND';
export type TransactionRequestStatus = 'RECEIVED' | 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'COMPLETED' | 'FAILED';

export interface TransactionRequestRecord {
  tenantId: string;
  transactionRequestId: string;
  /** OUTBOUND: this FSP's payee asked; INBOUND: another FSP asks this FSP's payer. */
  direction: TransactionRequestDirection;
  status: TransactionRequestStatus;
  payer: PartyRef;
  payee: PartyRef;
  amount: string;
  currency: string;
  note?: string;
  transactionId?: string;
  errorCode?: string;
  errorDescription?: string;
  processInstanceKey?: string;
  clientId?: string;
  idempotencyKey?: string;
  requestHash: string;
  createdAt: number;
  updatedAt: number;
}

export type TransactionRequestPatch = Partial<Pick<TransactionRequestRecord, 'status' | 'payer' | 'payee' | 'transactionId' | 'errorCode' | 'errorDescription' | 'processInstanceKey'>>;

export interface RegistrationRecord {
  tenantId: string;
  registrationId: string;
  idType: string;
  idValue: string;
  accountId: string;
  status: 'RECEIVED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  errorCode?: string;
  errorDescription?: string;
  processInstanceKey?: string;
  createdAt: number;
  updatedAt: number;
}

export interface PaymentStore {
  /** Records a transfer unless one with its key (tenant, transferId, direction) or idempotency key exists; returns the stored one. */
  createTransfer(record: TransferRecord): Promise<{ created: boolean; record: TransferRecord }>;
  /** The transfer, or undefined. */
  transfer(tenantId: string, transferId: string, direction: TransferDirection): Promise<TransferRecord | undefined>;
  /** The transfer with this Mojaloop transactionId, or undefined. */
  transferByTransaction(tenantId: string, transactionId: string, direction: TransferDirection): Promise<TransferRecord | undefined>;
  /** Updates fields of a transfer; a final status (COMPLETED, FAILED) is changed only with `reversal` (COMPLETED → FAILED). */
  updateTransfer(tenantId: string, transferId: string, direction: TransferDirection, patch: TransferPatch, options?: { reversal?: boolean }): Promise<void>;
  /** Marks an incoming transfer whose deposit must be reversed; true only for the first caller, and only after a deposit. */
  claimReversal(tenantId: string, transferId: string): Promise<boolean>;
  /** Transfers recorded but whose flow never started (a crash between the two), oldest first. */
  unstartedTransfers(olderThan: number): Promise<TransferRecord[]>;

  /** Records a received quote request unless one with its id exists; returns the stored one. */
  createQuote(record: QuoteRecord): Promise<{ created: boolean; record: QuoteRecord }>;
  quote(tenantId: string, quoteId: string): Promise<QuoteRecord | undefined>;
  /** Stores the answer sent for a quote (resent to a duplicate request). */
  setQuoteResult(tenantId: string, quoteId: string, result: { path: string; body: unknown }): Promise<void>;

  createTransactionRequest(record: TransactionRequestRecord): Promise<{ created: boolean; record: TransactionRequestRecord }>;
  transactionRequest(tenantId: string, transactionRequestId: string, direction: TransactionRequestDirection): Promise<TransactionRequestRecord | undefined>;
  updateTransactionRequest(tenantId: string, transactionRequestId: string, direction: TransactionRequestDirection, patch: TransactionRequestPatch): Promise<void>;

  createRegistration(record: RegistrationRecord): Promise<void>;
  registration(tenantId: string, registrationId: string): Promise<RegistrationRecord | undefined>;
  updateRegistration(tenantId: string, registrationId: string, patch: Partial<Pick<RegistrationRecord, 'status' | 'errorCode' | 'errorDescription' | 'processInstanceKey'>>): Promise<void>;

  /** Remembers that `lookupId` waits for the PUT /parties answer to `key`. */
  addPendingLookup(key: string, lookupId: string, at: number): Promise<void>;
  /** Every lookup waiting for `key`. */
  pendingLookups(key: string): Promise<string[]>;
  /** Removes lookups once their answer is published (publishing first: a crash in between re-publishes, never loses). */
  forgetLookups(key: string, lookupIds: readonly string[]): Promise<void>;
  /** Drops lookups registered before `at` that no answer ever came for (their flows timed out long ago). */
  forgetLookupsBefore(at: number): Promise<void>;
}
