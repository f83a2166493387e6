// SPDX-License-Identifier: Apache-2.0
// The operations view (port): what back-office operators read about process instances, their tasks,
// variables and incidents, and the gateway's API audit trail. The streamer is its only writer; it feeds
// engine records (Zeebe exporter shape) and audit events in log order, and each adapter skips what it has
// already applied, so a redelivered batch changes nothing.
import type { EngineRecord } from '../engine/records.js';

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'INCIDENT';
export type ElementState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
export type IncidentState = 'ACTIVE' | 'RESOLVED';

/** Variables whose value names the payment an instance is about, lifted onto the instance when present. */
export const BUSINESS_KEY_VARIABLES = ['transactionId', 'transferId', 'paymentId'] as const;
export type BusinessKeyVariable = (typeof BUSINESS_KEY_VARIABLES)[number];

export interface OperationsInstance {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  tenantId: string;
  /** INCIDENT while the instance is running and has at least one unresolved incident. */
  state: InstanceState;
  /** Epoch ms of the process element's activation. */
  startedAt: number;
  /** Epoch ms of completion or termination. */
  endedAt?: number;
  /** Set when a call activity started this instance. */
  parentProcessInstanceKey?: string;
  transactionId?: string;
  transferId?: string;
  paymentId?: string;
}

/** One element instance (task, event, gateway, sub-process) of a process instance. */
export interface OperationsElement {
  elementInstanceKey: string;
  elementId: string;
  bpmnElementType: string;
  state: ElementState;
  /** Epoch ms. */
  startedAt: number;
  endedAt?: number;
  /** endedAt − startedAt, in ms, once ended. */
  durationMs?: number;
  /** For service-like tasks: the job's type, retries left and last failure message. */
  jobKey?: string;
  jobType?: string;
  retries?: number;
  errorMessage?: string;
}

export interface OperationsVariable {
  name: string;
  /** The value as the engine wrote it, parsed from JSON. */
  value: unknown;
  /** The element instance (or the process instance) that holds the variable. */
  scopeKey: string;
  /** Epoch ms of the last write. */
  updatedAt: number;
}

export interface OperationsIncident {
  incidentKey: string;
  processInstanceKey: string;
  bpmnProcessId?: string;
  tenantId?: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey?: string;
  /** Zeebe's error type: JOB_NO_RETRIES, UNHANDLED_ERROR_EVENT, EXTRACT_VALUE_ERROR, … */
  errorType: string;
  errorMessage: string;
  state: IncidentState;
  /** Epoch ms. */
  createdAt: number;
  resolvedAt?: number;
}

/**
 * The fields of the gateway's `AuditEvent` (gateway/berlin-group/events/gateway-events.ts) the view keeps;
 * redeclared because hub may not import gateway. Absent fields were undefined when the gateway wrote them.
 */
export interface AuditEventValue {
  /** Epoch ms the request arrived. */
  at: number;
  requestId?: string | undefined;
  clientId?: string | undefined;
  organisationId?: string | undefined;
  tenantId?: string | undefined;
  consentId?: string | undefined;
  paymentId?: string | undefined;
  psuId?: string | undefined;
  method: string;
  endpoint: string;
  status: number;
  errorCode?: string | undefined;
  durationMs: number;
}

/** An audit event with its offset in the `gateway.audit` topic, which is what makes applying it idempotent. */
export interface OperationsAuditEvent extends AuditEventValue {
  offset: number;
}

/** Processes whose instances are transfers (one instance per transfer and side), and the side each is. */
export const TRANSFER_PROCESSES = {
  'payer-transfer': 'OUTBOUND',
  'payee-transfer': 'INBOUND',
  'on-us-transfer': 'ON_US',
} as const;
export type TransferProcessId = keyof typeof TRANSFER_PROCESSES;
export type TransferDirection = (typeof TRANSFER_PROCESSES)[TransferProcessId];
/** Processes whose instances are transaction requests (request to pay), and the side each is. */
export const TRANSACTION_REQUEST_PROCESSES = {
  'payee-transaction-request': 'OUTBOUND',
  'payer-transaction-request': 'INBOUND',
} as const;

/**
 * IN_PROGRESS while the instance runs (with or without an incident); COMPLETED / FAILED by the end event reached
 * (`end`, `end-completed`, `end-paid` → COMPLETED; any other end event → FAILED); CANCELLED when the instance was
 * terminated (an operator cancelled it).
 */
export type TransferState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

/** A party as the flow's variables name it (the hub's PartyRef); fields the flow does not know are absent. */
export interface OperationsParty {
  idType?: string;
  idValue?: string;
  fspId?: string;
  name?: string;
  accountId?: string;
}

/** One transfer as the operations view shows it: one row per transfer-process instance. */
export interface OperationsTransfer {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  tenantId: string;
  direction: TransferDirection;
  transactionId?: string;
  transferId?: string;
  quoteId?: string;
  transactionRequestId?: string;
  payer: OperationsParty;
  payee: OperationsParty;
  /** Decimal string, as the flow has it (never a float). */
  amount?: string;
  currency?: string;
  payerFee?: string;
  payeeFee?: string;
  state: TransferState;
  /** True while the instance has an unresolved incident. */
  incident: boolean;
  errorCode?: string;
  errorDescription?: string;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms the instance ended (completed, failed or cancelled). */
  completedAt?: number;
}

export type TransferSortKey = 'startedAt' | 'completedAt' | 'amount' | 'transactionId';

export interface TransferSearch {
  /** Only these tenants (the operator's); every tenant when absent. An empty list finds nothing. */
  tenantIds?: readonly string[];
  direction?: TransferDirection;
  state?: TransferState;
  /** true: only transfers with an unresolved incident; false: only those without one. */
  incident?: boolean;
  transactionId?: string;
  transferId?: string;
  /** Exact identifier value of the payer / payee (an MSISDN, an account id). */
  payerId?: string;
  payeeId?: string;
  payeeFspId?: string;
  /** Case-insensitive substring of the payee's name. */
  payeeName?: string;
  currency?: string;
  /**
   * Inclusive bounds, decimal strings compared exactly (in minor units of the transfer's currency; a bound finer
   * than the currency rounds inwards). Transfers of unknown amount never match. VALIDATION_FAILED when not a decimal.
   */
  amountMin?: string;
  amountMax?: string;
  /** Started at or after (inclusive) / before (exclusive), epoch ms. */
  startedFrom?: number;
  startedTo?: number;
  /** Ended at or after (inclusive) / before (exclusive), epoch ms; transfers not ended never match. */
  completedFrom?: number;
  completedTo?: number;
  /**
   * Default startedAt desc; ties broken by processInstanceKey in the same direction; rows without the value (not
   * ended for completedAt, no amount or transactionId yet) sort last in both directions.
   */
  sort?: { by: TransferSortKey; direction: 'asc' | 'desc' };
  limit: number;
  offset?: number;
}

export interface TransferFigures {
  total: number;
  /**
   * Count and summed amounts of each state present, in the order IN_PROGRESS, COMPLETED, FAILED, CANCELLED; sums per
   * currency (alphabetical), exact, as decimal strings with the currency's minor digits (`0.10` + `0.20` → `0.30`).
   */
  byState: { state: TransferState; count: number; amounts: { currency: string; amount: string }[] }[];
  /** COMPLETED ÷ (COMPLETED + FAILED + CANCELLED); null when none ended. */
  successRate: number | null;
  /** Percentiles of completedAt − startedAt over COMPLETED transfers, ms; null when none. */
  latencyMs: { p50: number; p90: number; p99: number } | null;
  /** FAILED transfers by error code (`unknown` when none was set), most frequent first. */
  failuresByErrorCode: { errorCode: string; count: number }[];
}

/** A transaction request (request to pay) as the view shows it. */
export interface OperationsTransactionRequest {
  processInstanceKey: string;
  bpmnProcessId: string;
  tenantId: string;
  direction: 'OUTBOUND' | 'INBOUND';
  transactionRequestId?: string;
  transactionId?: string;
  payer: OperationsParty;
  payee: OperationsParty;
  amount?: string;
  currency?: string;
  state: TransferState;
  incident: boolean;
  errorCode?: string;
  startedAt: number;
  completedAt?: number;
}

export interface InstanceSearch {
  bpmnProcessId?: string;
  state?: InstanceState;
  tenantId?: string;
  /** Instances that hold a variable with exactly this value (compared as JSON). */
  variable?: { name: string; value: unknown };
  /** Started at or after, epoch ms. */
  from?: number;
  /** Started before, epoch ms. */
  to?: number;
  limit: number;
  offset?: number;
  /** Default startedAt desc; instances not yet ended sort last by endedAt. */
  order?: { by: 'startedAt' | 'endedAt'; direction: 'asc' | 'desc' };
}

export interface OperationsView {
  /** Applies engine records in position order; records at or below the applied position of their partition are skipped. */
  applyEngineRecords(records: readonly EngineRecord[]): Promise<void>;
  /** Applies audit events in offset order; events at or below the applied offset are skipped. */
  applyAuditEvents(events: readonly OperationsAuditEvent[]): Promise<void>;
  /** The instance, or undefined when no record of it was applied. */
  instance(processInstanceKey: string): Promise<OperationsInstance | undefined>;
  /** The instance's element instances in activation order (the process element itself excluded). */
  tasks(processInstanceKey: string): Promise<OperationsElement[]>;
  /** The latest value of each variable of the instance, by name; the last write by record position wins. */
  variables(processInstanceKey: string): Promise<OperationsVariable[]>;
  /** Incidents newest first, optionally of one state or one instance. */
  incidents(query: { state?: IncidentState; processInstanceKey?: string; limit: number }): Promise<OperationsIncident[]>;
  /** Instances matching every given filter, in the requested order. */
  searchInstances(query: InstanceSearch): Promise<OperationsInstance[]>;
  /** Audit events newest first; from inclusive, to exclusive (epoch ms of `at`). */
  auditEvents(query: { clientId?: string; from?: number; to?: number; limit: number }): Promise<OperationsAuditEvent[]>;
  /** The transfer of a transfer-process instance, or undefined. */
  transfer(processInstanceKey: string): Promise<OperationsTransfer | undefined>;
  /** Transfers matching every given filter, one page in the requested order, and how many match in all. */
  searchTransfers(query: TransferSearch): Promise<{ items: OperationsTransfer[]; total: number }>;
  /** Dashboard figures over the transfers that started in [from, to) of the given tenants (all when absent). */
  transferFigures(query: { tenantIds?: readonly string[]; from?: number; to?: number }): Promise<TransferFigures>;
  /** Transaction requests newest first, of the given tenants (all when absent). */
  searchTransactionRequests(query: { tenantIds?: readonly string[]; transactionRequestId?: string; limit: number; offset?: number }): Promise<{ items: OperationsTransactionRequest[]; total: number }>;
  /** Empties the view and its applied positions, so it can be rebuilt from the log. */
  reset(): Promise<void>;
}
