// SPDX-License-Identifier: Apache-2.0
// What back-office operators may do to a payment the automatic error handling could not finish (the deck's
// roadmap), and the record of each request: who asked, why, who approved (maker-checker), what it changed.

export const OPERATOR_ACTIONS = ['retry', 'force-complete', 'force-fail', 'manual-override', 'recall'] as const;
export type OperatorActionName = (typeof OPERATOR_ACTIONS)[number];

/**
 * Which actions need a second person. Retry and Force Fail only undo or repeat what the flow itself would do;
 * Force Complete, Manual Override and Recall assert or move money on one person's word, so a supervisor other
 * than the requester must approve them first.
 */
export const NEEDS_APPROVAL: Readonly<Record<OperatorActionName, boolean>> = {
  'retry': false, 'force-fail': false, 'force-complete': true, 'manual-override': true, 'recall': true,
};

/** PENDING_APPROVAL → APPROVED (being executed) → EXECUTED | FAILED; or REJECTED. Actions without approval go straight to EXECUTED | FAILED. */
export type ActionStatus = 'PENDING_APPROVAL' | 'APPROVED' | 'EXECUTED' | 'REJECTED' | 'FAILED';

export interface OperatorAction {
  actionId: string;
  action: OperatorActionName;
  /** The tenant of the transfer the action is about. */
  tenantId: string;
  processInstanceKey: string;
  transferId?: string;
  reason: string;
  /** Manual Override: the variables to set. */
  variables?: Record<string, unknown>;
  /** Operator username. */
  requestedBy: string;
  /** Epoch ms. */
  requestedAt: number;
  status: ActionStatus;
  /** Whose supervisor decides: the transfer's tenant, or for a recall the tenant that pays the money back. */
  approverTenantId: string;
  decidedBy?: string;
  decidedAt?: number;
  decisionReason?: string;
  /** The state before and after the execution, as the audit trail keeps them. */
  before?: unknown;
  after?: unknown;
  /** A recall's return payment. */
  result?: { recallTransferId?: string; processInstanceKey?: string };
  /** Why the execution failed. */
  error?: string;
}

export interface ActionQuery {
  /** Actions about these tenants or to be decided by them. */
  tenantIds: readonly string[];
  status?: ActionStatus;
  processInstanceKey?: string;
  /** Actions on either side of one transfer (the payer's and the payee's bank record it under the same id). */
  transferId?: string;
  limit: number;
  offset?: number;
}

/** The operator actions (port; SQL adapter in adapters/sql, table `ops_actions`, migration context `operator_actions`). */
export interface OperatorActionStore {
  /** Stores a new action. */
  create(action: OperatorAction): Promise<void>;
  get(actionId: string): Promise<OperatorAction | undefined>;
  /** Newest first, with the number of matches. */
  list(query: ActionQuery): Promise<{ items: OperatorAction[]; total: number }>;
  /** Applies the patch only while the action has status `from`; false when someone else moved it first. */
  transition(actionId: string, from: ActionStatus, patch: Partial<Omit<OperatorAction, 'actionId'>>): Promise<boolean>;
  /** Actions left APPROVED (a crash during their execution), oldest first, to be executed again. */
  unfinished(): Promise<OperatorAction[]>;
}
