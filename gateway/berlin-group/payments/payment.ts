// SPDX-License-Identifier: Apache-2.0
// A payment initiated through the Berlin Group API: the TPP's request as received, the debtor account it
// resolved to, and one leg per transfer the hub runs for it (one for a single payment, one per item of a bulk, one
// per execution of a standing order).
import type { Schedule } from '../periodic/schedule.js';

/** NextGenPSD2 payment services (the path's `{payment-service}`). */
export const PAYMENT_SERVICES = ['payments', 'bulk-payments', 'periodic-payments'] as const;
export type PaymentService = (typeof PAYMENT_SERVICES)[number];

/**
 * ISO 20022 ExternalPaymentTransactionStatus1Code values Lango reports: RCVD (received, waiting for the PSU's
 * authorisation), ACTC (authorised, checks passed, not yet handed to the hub), ACSP (the hub's transfer is
 * running), ACSC (the debtor's account is debited: the transfer completed), PART (a bulk with some items
 * rejected), RJCT, CANC.
 */
export const TRANSACTION_STATUSES = ['RCVD', 'ACTC', 'ACSP', 'ACSC', 'PART', 'RJCT', 'CANC'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

/** Nothing leaves these. */
export const FINAL_TRANSACTION_STATUSES: readonly TransactionStatus[] = ['ACSC', 'PART', 'RJCT', 'CANC'];

/** Where a leg's money goes: an MSISDN in the scheme's account lookup, or an account number at the same bank. */
export type Creditor = { kind: 'msisdn'; msisdn: string } | { kind: 'bban'; bban: string };

export type LegStatus = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface PaymentLeg {
  endToEndIdentification?: string | undefined;
  creditor: Creditor;
  creditorName?: string | undefined;
  /** Decimal string in major units, normalised ("1500.50"). */
  amount: string;
  currency: string;
  remittanceInformationUnstructured?: string | undefined;
  /** The hub transfer's transactionId once handed over. */
  transactionId?: string | undefined;
  status: LegStatus;
  /** FSPIOP error code of a failed leg. */
  errorCode?: string | undefined;
  errorDescription?: string | undefined;
}

/** A periodic payment's standing order: the leg each execution copies, its schedule, and the engine instance running it. */
export interface StandingOrder {
  template: PaymentLeg;
  schedule: Schedule;
  processInstanceKey?: string | undefined;
  /** True once the last execution was started (or the end date passed). */
  finished: boolean;
}

export interface Payment {
  /** Also the id of the consent record through which the PSU authorises it (`scope=PIS:<paymentId>`). */
  paymentId: string;
  tenantId: string;
  clientId: string;
  service: PaymentService;
  product: string;
  transactionStatus: TransactionStatus;
  /** The debtor account's resource id; its owner must be the PSU who authorises. */
  debtorAccountId: string;
  /** The PSU who authorised it, once known. */
  psuId: string | undefined;
  /** X-Request-ID of the initiation: a repeat finds this payment instead of making a second one. */
  requestId: string;
  /** The initiation body as the TPP sent it, returned by GET. */
  document: Record<string, unknown>;
  /** Single and bulk: one leg per transfer. Periodic: one per execution so far. */
  legs: PaymentLeg[];
  standingOrder?: StandingOrder | undefined;
  createdAt: number;
  updatedAt: number;
}

export type PaymentPatch = Partial<Pick<Payment, 'transactionStatus' | 'psuId' | 'legs' | 'standingOrder'>>;

export interface PaymentStore {
  /** Records a new payment; a repeat of (clientId, requestId) changes nothing and returns the first with created false. */
  create(payment: Payment): Promise<{ payment: Payment; created: boolean }>;
  /** The payment, or undefined. */
  get(paymentId: string): Promise<Payment | undefined>;
  /** Applies the patch if the stored status is still `expected`; false when another writer came first. */
  update(paymentId: string, expected: TransactionStatus, patch: PaymentPatch): Promise<boolean>;
  /** Changes legs or the standing order whatever the status (an execution recorded while the TPP reads). */
  patch(paymentId: string, change: (payment: Payment) => PaymentPatch): Promise<Payment | undefined>;
  /** Sets when the payment counts as last changed (epoch ms), so the sweep looks at it again only after `at`. */
  touch(paymentId: string, at: number): Promise<void>;
  /** Payments in one of `statuses` not changed since `before` (epoch ms), oldest first: the sweep's work list. */
  stale(statuses: readonly TransactionStatus[], before: number, limit: number): Promise<Payment[]>;
}
