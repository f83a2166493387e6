// SPDX-License-Identifier: Apache-2.0
// Operator actions on transfers: Retry, Force Complete, Force Fail, Manual Override, Recall. Each needs a role on
// the transfer's tenant and a reason; Force Complete, Manual Override and Recall wait for a second person's approval
// (a supervisor of the approving tenant, never the requester). Every request, decision and execution goes to the
// audit trail with the actor, the reason and the state before and after. The engine commands are Zeebe's (retries,
// incident resolution, variables, process instance modification), so the same actions work on both engines.
import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors/index.js';
import type { WorkflowEngine } from '../../engine/workflow-engine.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { hasRole, type OperatorIdentity } from '../http/operator-identity.js';
import type { OperationsElement, OperationsIncident, OperationsTransfer, OperationsView } from '../operations-view.js';
import type { FlowMap } from './flow-map.js';
import { NEEDS_APPROVAL, OPERATOR_ACTIONS, type OperatorAction, type OperatorActionName, type OperatorActionStore } from './operator-action.js';

/** The return payment of a recall, started by the hub's channel service (port; hub/operations/actions/channel-recall.ts). */
export interface ReturnPayments {
  /**
   * Starts a payment of `amount` from the account that received the transfer back to its payer: inside the bank
   * (`to.accountId`) or over the scheme (`to.idType`/`idValue`). Idempotent by `idempotencyKey`.
   */
  start(request: {
    tenantId: string;
    idempotencyKey: string;
    fromAccountId: string;
    to: { accountId: string } | { idType: string; idValue: string };
    amount: string;
    currency: string;
    note: string;
  }): Promise<{ transferId: string; processInstanceKey?: string }>;
}

export interface OperatorActionSettings {
  engine: WorkflowEngine | undefined;
  view: OperationsView;
  store: OperatorActionStore;
  trail: AuditTrail;
  flows: FlowMap;
  returns: ReturnPayments | undefined;
  /** The tenant served here with this FSP id, if any (a recall's money comes back from the payee's bank). */
  tenantOfFsp(fspId: string): string | undefined;
  now?: () => number;
}

export interface ActionRequest {
  action: string;
  reason: string;
  variables?: unknown;
}

/** Retries given back to a job whose incident an operator retries. */
const RETRY_RETRIES = 3;
const MIN_REASON_LENGTH = 5;
/** What a forced failure tells the channel and the scheme: a technical failure, not a business refusal. */
const FORCED_FAILURE = { errorCode: '2001', errorDescription: 'Failed by an operator' };

/** Everything the API shows and the rules read about one transfer. */
export interface TransferFacts {
  transfer: OperationsTransfer;
  tasks: OperationsElement[];
  incidents: OperationsIncident[];
}

export class OperatorActions {
  readonly #now: () => number;

  constructor(private readonly settings: OperatorActionSettings) {
    this.#now = settings.now ?? Date.now;
  }

  /** The transfer with its tasks and incidents, when the operator may see it (any role on its tenant). */
  async facts(identity: OperatorIdentity, processInstanceKey: string): Promise<TransferFacts> {
    const transfer = await this.settings.view.transfer(processInstanceKey);
    if (!transfer || !hasRole(identity, transfer.tenantId, 'viewer')) throw new NotFoundError(`no transfer with process instance ${processInstanceKey}`);
    const [tasks, incidents] = await Promise.all([
      this.settings.view.tasks(processInstanceKey),
      this.settings.view.incidents({ processInstanceKey, limit: 100 }),
    ]);
    return { transfer, tasks, incidents };
  }

  /** The actions this operator may request on the transfer now (none for a viewer). */
  allowed(identity: OperatorIdentity, facts: TransferFacts): OperatorActionName[] {
    return OPERATOR_ACTIONS.filter((action) => this.#refusal(identity, action, facts) === undefined);
  }

  /** Records the request; runs it at once unless it needs approval. Throws ForbiddenError, ConflictError or ValidationError. */
  async request(identity: OperatorIdentity, processInstanceKey: string, request: ActionRequest): Promise<OperatorAction> {
    const action = checkAction(request.action);
    const reason = checkReason(request.reason);
    const variables = action === 'manual-override' ? checkVariables(request.variables) : undefined;
    const facts = await this.facts(identity, processInstanceKey);
    const refusal = this.#refusal(identity, action, facts);
    if (refusal) throw refusal;
    const pending = await this.settings.store.list({ tenantIds: [facts.transfer.tenantId], processInstanceKey, status: 'PENDING_APPROVAL', limit: 1 });
    if (pending.total > 0) throw new ConflictError(`a ${pending.items[0]!.action} of this transfer is waiting for approval: decide it first`);
    const { transfer } = facts;
    if (action === 'recall') await this.#refuseSecondRecall(transfer);
    const record: OperatorAction = {
      actionId: randomUUID(), action, tenantId: transfer.tenantId, processInstanceKey, reason, requestedBy: identity.username,
      requestedAt: this.#now(), status: NEEDS_APPROVAL[action] ? 'PENDING_APPROVAL' : 'APPROVED',
      approverTenantId: action === 'recall' ? this.#payingTenant(transfer)! : transfer.tenantId, before: snapshot(facts),
      ...(transfer.transferId && { transferId: transfer.transferId }), ...(variables && { variables }),
    };
    await this.settings.store.create(record);
    await this.#audit(identity.username, record, `${action}.requested`, { reason, before: record.before });
    return NEEDS_APPROVAL[action] ? record : this.#execute(record);
  }

  /** A supervisor of the approving tenant, other than the requester, approves: the action runs. */
  async approve(identity: OperatorIdentity, actionId: string, reason: string | undefined): Promise<OperatorAction> {
    const action = await this.#decidable(identity, actionId);
    const decision = { status: 'APPROVED' as const, decidedBy: identity.username, decidedAt: this.#now(), ...(reason && { decisionReason: reason }) };
    if (!(await this.settings.store.transition(actionId, 'PENDING_APPROVAL', decision))) throw new ConflictError(`action ${actionId} was decided already`);
    const approved = { ...action, ...decision };
    await this.#audit(identity.username, approved, `${action.action}.approved`, { ...(reason && { reason }) });
    return this.#execute(approved);
  }

  /** A supervisor of the approving tenant, other than the requester, rejects: nothing runs. */
  async reject(identity: OperatorIdentity, actionId: string, reason: string): Promise<OperatorAction> {
    const action = await this.#decidable(identity, actionId);
    const decision = { status: 'REJECTED' as const, decidedBy: identity.username, decidedAt: this.#now(), decisionReason: checkReason(reason) };
    if (!(await this.settings.store.transition(actionId, 'PENDING_APPROVAL', decision))) throw new ConflictError(`action ${actionId} was decided already`);
    const rejected = { ...action, ...decision };
    await this.#audit(identity.username, rejected, `${action.action}.rejected`, { reason: decision.decisionReason });
    return rejected;
  }

  /** True when this operator may approve or reject the action. */
  canDecide(identity: OperatorIdentity, action: OperatorAction): boolean {
    return action.status === 'PENDING_APPROVAL' && hasRole(identity, action.approverTenantId, 'supervisor') && action.requestedBy !== identity.username;
  }

  /** Runs again the actions a crash left approved but not executed (each execution is idempotent or refuses). */
  async resumeUnfinished(): Promise<void> {
    for (const action of await this.settings.store.unfinished()) await this.#execute(action);
  }

  async #decidable(identity: OperatorIdentity, actionId: string): Promise<OperatorAction> {
    const action = await this.settings.store.get(actionId);
    const visible = action && (hasRole(identity, action.tenantId, 'viewer') || hasRole(identity, action.approverTenantId, 'viewer'));
    if (!action || !visible) throw new NotFoundError(`no action ${actionId}`);
    if (action.status !== 'PENDING_APPROVAL') throw new ConflictError(`action ${actionId} is ${action.status}, not waiting for approval`);
    if (action.requestedBy === identity.username) throw new ForbiddenError('four eyes: the operator who requested an action cannot approve or reject it');
    if (!hasRole(identity, action.approverTenantId, 'supervisor')) throw new ForbiddenError(`only a supervisor of ${action.approverTenantId} may decide this action`);
    return action;
  }

  /** Why the operator may not request the action now, or undefined when they may. */
  #refusal(identity: OperatorIdentity, action: OperatorActionName, facts: TransferFacts): Error | undefined {
    const { transfer, tasks, incidents } = facts;
    const payingTenant = action === 'recall' ? this.#payingTenant(transfer) : undefined;
    const mayAct = hasRole(identity, transfer.tenantId, 'operator') || (payingTenant !== undefined && hasRole(identity, payingTenant, 'operator'));
    if (!mayAct) return new ForbiddenError(`${action} needs the operator or supervisor role at ${transfer.tenantId}`);
    if (!this.settings.engine) return new ConflictError('operator actions need the workflow engine in this process (the hub role, or Zeebe)');
    const running = transfer.state === 'IN_PROGRESS';
    const active = incidents.filter((incident) => incident.state === 'ACTIVE');
    switch (action) {
      case 'retry':
      case 'manual-override':
        return running && active.length > 0 ? undefined : new ConflictError(`${action} needs a running transfer with an open incident`);
      case 'force-complete':
        if (!running || active.length === 0) return new ConflictError('force-complete needs a running transfer with an open incident');
        return active.every((incident) => this.settings.flows.next(transfer.bpmnProcessId, incident.elementId))
          ? undefined : new ConflictError('the failed step has no single step after it to continue with');
      case 'force-fail': {
        if (!running) return new ConflictError('force-fail needs a running transfer');
        const path = this.settings.flows.failurePath(transfer.bpmnProcessId);
        if (!path) return new ConflictError(`${transfer.bpmnProcessId} has no failure path an operator may send it down`);
        const completed = completedElements(tasks);
        const passed = path.irreversibleAfter.find((elementId) => completed.has(elementId));
        return passed ? new ConflictError(`the transfer passed "${passed}": the money may be at the payee; request a recall once it completes`) : undefined;
      }
      case 'recall':
        if (transfer.state !== 'COMPLETED') return new ConflictError('recall needs a completed transfer');
        if (!this.settings.returns) return new ConflictError('recalls need the hub role in this process');
        return payingTenant ? undefined : new ConflictError(`the payee's bank (${transfer.payee.fspId ?? 'unknown'}) is not served here: ask it to return the funds`);
    }
  }

  /** The tenant that pays a recall back: the payee's bank, when it is served here and the payee's account is known. */
  #payingTenant(transfer: OperationsTransfer): string | undefined {
    if (transfer.direction === 'INBOUND' || transfer.direction === 'ON_US') return transfer.payee.accountId ? transfer.tenantId : undefined;
    return transfer.payee.fspId ? this.settings.tenantOfFsp(transfer.payee.fspId) : undefined;
  }

  async #execute(action: OperatorAction): Promise<OperatorAction> {
    let outcome: Partial<OperatorAction>;
    try {
      const { after, result } = await this.#run(action);
      outcome = { status: 'EXECUTED', after, ...(result && { result }) };
    } catch (error) {
      outcome = { status: 'FAILED', error: error instanceof Error ? error.message : String(error) };
    }
    await this.settings.store.transition(action.actionId, 'APPROVED', outcome);
    const done = { ...action, ...outcome };
    await this.#audit(done.decidedBy ?? done.requestedBy, done, `${action.action}.${done.status === 'EXECUTED' ? 'executed' : 'failed'}`, {
      after: done.status === 'EXECUTED' ? done.after : { error: done.error },
    });
    return done;
  }

  async #run(action: OperatorAction): Promise<{ after: unknown; result?: OperatorAction['result'] }> {
    const engine = this.settings.engine;
    if (!engine) throw new ConflictError('no workflow engine in this process');
    const { view, flows } = this.settings;
    const transfer = await view.transfer(action.processInstanceKey);
    if (!transfer) throw new NotFoundError(`no transfer with process instance ${action.processInstanceKey}`);
    const openIncidents = async () => (await view.incidents({ processInstanceKey: action.processInstanceKey, state: 'ACTIVE', limit: 100 }));
    const retryIncidents = async () => {
      const incidents = await openIncidents();
      if (incidents.length === 0) throw new ConflictError('no open incident to retry');
      for (const incident of incidents) {
        if (incident.jobKey) await engine.updateJobRetries({ jobKey: incident.jobKey, retries: RETRY_RETRIES });
        await engine.resolveIncident(incident.incidentKey);
      }
      return { resolvedIncidents: incidents.map((incident) => incident.incidentKey), retries: RETRY_RETRIES };
    };
    switch (action.action) {
      case 'retry':
        return { after: await retryIncidents() };
      case 'manual-override': {
        await engine.setVariables({ elementInstanceKey: action.processInstanceKey, variables: action.variables ?? {} });
        return { after: { variables: action.variables, ...(await retryIncidents()) } };
      }
      case 'force-complete': {
        const incidents = await openIncidents();
        if (incidents.length === 0) throw new ConflictError('no open incident: the step finished on its own');
        const activate = incidents.map((incident) => ({ elementId: flows.next(transfer.bpmnProcessId, incident.elementId)!, variables: { completedByOperator: incident.elementId } }));
        await engine.modifyInstance({ processInstanceKey: action.processInstanceKey, activate, terminate: incidents.map((incident) => incident.elementInstanceKey) });
        return { after: { skipped: incidents.map((incident) => incident.elementId), continuedAt: activate.map((step) => step.elementId) } };
      }
      case 'force-fail': {
        const tasks = await view.tasks(action.processInstanceKey);
        const entry = flows.failurePath(transfer.bpmnProcessId)!.entry(completedElements(tasks));
        const activeKeys = tasks.filter((task) => task.state === 'ACTIVE').map((task) => task.elementInstanceKey);
        await engine.modifyInstance({ processInstanceKey: action.processInstanceKey, activate: [{ elementId: entry, variables: FORCED_FAILURE }], terminate: activeKeys });
        return { after: { failurePathFrom: entry, terminated: activeKeys } };
      }
      case 'recall': {
        const returns = this.settings.returns!;
        const tenantId = action.approverTenantId;
        const { payer, amount, currency } = transfer;
        // The payer's bank does not know the payee's account: the payee bank's side of the same transfer does.
        const payee = transfer.direction === 'OUTBOUND' ? (await this.#payeeSide(transfer, tenantId))?.payee ?? transfer.payee : transfer.payee;
        if (!payee.accountId || !amount || !currency) throw new ConflictError('the transfer does not name the payee account and amount to return');
        const to = transfer.direction === 'ON_US' && payer.accountId ? { accountId: payer.accountId }
          : payer.idType && payer.idValue ? { idType: payer.idType, idValue: payer.idValue } : undefined;
        if (!to) throw new ConflictError('the transfer does not name its payer');
        const started = await returns.start({
          tenantId, idempotencyKey: `recall:${action.actionId}`, fromAccountId: payee.accountId, to, amount, currency,
          note: `Recall of ${transfer.transactionId ?? transfer.transferId ?? action.processInstanceKey}`,
        });
        return { after: { returnPayment: started }, result: { recallTransferId: started.transferId, ...(started.processInstanceKey && { processInstanceKey: started.processInstanceKey }) } };
      }
    }
  }

  /** A transfer is recalled once, whichever bank's record of it the recall was asked on. */
  async #refuseSecondRecall(transfer: OperationsTransfer): Promise<void> {
    if (!transfer.transferId) return;
    const tenants = [transfer.tenantId, this.#payingTenant(transfer)].filter((tenant): tenant is string => tenant !== undefined);
    const { items } = await this.settings.store.list({ tenantIds: tenants, transferId: transfer.transferId, limit: 100 });
    const earlier = items.find((item) => item.action === 'recall' && ['PENDING_APPROVAL', 'APPROVED', 'EXECUTED'].includes(item.status));
    if (earlier) throw new ConflictError(`this transfer was recalled already (action ${earlier.actionId}, ${earlier.status})`);
  }

  /** The payee bank's record of a transfer this hub sent (same transferId, INBOUND at the payee's tenant). */
  async #payeeSide(transfer: OperationsTransfer, tenantId: string): Promise<OperationsTransfer | undefined> {
    if (!transfer.transferId) return undefined;
    const { items } = await this.settings.view.searchTransfers({ tenantIds: [tenantId], transferId: transfer.transferId, direction: 'INBOUND', limit: 1 });
    return items[0];
  }

  /**
   * One trail entry per step. A request belongs to the transfer's bank; its decision and execution to the approving
   * bank (the same one, except for a recall, where the payee's bank decides and pays): each bank sees its people's steps.
   */
  async #audit(username: string, action: OperatorAction, name: string, fields: { reason?: string; before?: unknown; after?: unknown }): Promise<void> {
    const tenantId = name.endsWith('.requested') ? action.tenantId : action.approverTenantId;
    await this.settings.trail.append([{
      at: this.#now(), kind: 'operator-action', tenantId, actor: `operator:${username}`, action: name,
      subject: action.transferId ?? action.processInstanceKey, ...fields,
      details: { actionId: action.actionId, processInstanceKey: action.processInstanceKey, approverTenantId: action.approverTenantId, status: action.status },
    }]);
  }
}

function completedElements(tasks: readonly OperationsElement[]): Set<string> {
  return new Set(tasks.filter((task) => task.state === 'COMPLETED').map((task) => task.elementId));
}

/** What the audit trail keeps as "before": the transfer's state, its open incidents and active steps. */
function snapshot({ transfer, tasks, incidents }: TransferFacts): unknown {
  return {
    state: transfer.state, incident: transfer.incident,
    activeSteps: tasks.filter((task) => task.state === 'ACTIVE').map((task) => task.elementId),
    openIncidents: incidents.filter((incident) => incident.state === 'ACTIVE').map((incident) => ({ elementId: incident.elementId, errorType: incident.errorType, errorMessage: incident.errorMessage })),
  };
}

function checkAction(value: unknown): OperatorActionName {
  if (typeof value === 'string' && (OPERATOR_ACTIONS as readonly string[]).includes(value)) return value as OperatorActionName;
  throw new ValidationError(`action must be one of ${OPERATOR_ACTIONS.join(', ')}`, { path: 'action' });
}

function checkReason(value: unknown): string {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason.length < MIN_REASON_LENGTH || reason.length > 1000) throw new ValidationError(`a reason of ${MIN_REASON_LENGTH} to 1000 characters is required`, { path: 'reason' });
  return reason;
}

function checkVariables(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
    throw new ValidationError('manual-override needs the variables to set, as a JSON object', { path: 'variables' });
  }
  return value as Record<string, unknown>;
}
