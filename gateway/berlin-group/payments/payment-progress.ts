// SPDX-License-Identifier: Apache-2.0
// Moves a payment along its transaction statuses, from whatever it is now:
//   RCVD  the PSU authorised (its consent is valid, it owns the debtor account) → ACTC; refused or expired → RJCT
//   ACTC  each leg handed to the hub (idempotent by paymentId/leg)              → ACSP
//   ACSP  every leg finished: all completed → ACSC, none → RJCT, some → PART
// Called on a consent status event, by the sweep, and when a TPP reads the status; each step is a conditional
// write, so concurrent callers in any process move a payment once.
import type { BerlinGroupDeps } from '../deps.js';
import { startStandingOrder } from '../periodic/standing-orders.js';
import { transferOrderOf } from './transfer-order.js';
import { FINAL_TRANSACTION_STATUSES, type Payment, type PaymentLeg, type TransactionStatus } from './payment.js';

async function changeStatus(deps: BerlinGroupDeps, payment: Payment, to: TransactionStatus, patch: Partial<Payment> = {}): Promise<Payment | undefined> {
  if (!(await deps.payments.update(payment.paymentId, payment.transactionStatus, { ...patch, transactionStatus: to }))) return undefined;
  deps.events.statusChanged({ at: deps.now(), resource: 'payment', id: payment.paymentId, clientId: payment.clientId, tenantId: payment.tenantId, status: to });
  return { ...payment, ...patch, transactionStatus: to };
}

async function afterAuthorisation(deps: BerlinGroupDeps, payment: Payment): Promise<Payment | undefined> {
  const consent = await deps.consents.get(payment.paymentId);
  if (!consent || consent.status === 'received') return undefined;
  if (consent.status !== 'valid') return changeStatus(deps, payment, consent.status === 'terminatedByTpp' ? 'CANC' : 'RJCT');
  const debtor = await deps.accounts.account(payment.debtorAccountId);
  // The PSU who signed must own the debtor account (§5.3: the PSU authorises the payment from its account).
  if (!debtor || debtor.psuId !== consent.psuId) {
    return changeStatus(deps, payment, 'RJCT', { psuId: consent.psuId, legs: payment.legs.map((leg) => ({ ...leg, status: 'FAILED', errorDescription: 'the debtor account is not the authorising PSU\'s' })) });
  }
  return changeStatus(deps, payment, 'ACTC', { psuId: consent.psuId });
}

/** A periodic payment's standing order is started on the engine; its executions run by timer. */
async function startOrder(deps: BerlinGroupDeps, payment: Payment): Promise<Payment | undefined> {
  if (!deps.engine || !deps.execution) return undefined;
  // A repeat after a crash here makes a second instance; its executions find the first one's transfers (same keys).
  const processInstanceKey = await startStandingOrder(deps.engine, payment);
  const standingOrder = { ...payment.standingOrder!, processInstanceKey, finished: processInstanceKey === undefined };
  return changeStatus(deps, payment, 'ACSP', { standingOrder });
}

async function handOver(deps: BerlinGroupDeps, payment: Payment): Promise<Payment | undefined> {
  if (payment.standingOrder) return startOrder(deps, payment);
  const execution = deps.execution;
  const debtor = await deps.accounts.account(payment.debtorAccountId);
  if (!execution || !debtor) return undefined;
  const legs: PaymentLeg[] = [];
  for (const [index, leg] of payment.legs.entries()) {
    if (leg.transactionId) {
      legs.push(leg);
      continue;
    }
    const order = await transferOrderOf(deps, payment, debtor, leg, `${payment.paymentId}:${index}`);
    if (!order) {
      legs.push({ ...leg, status: 'FAILED', errorDescription: 'the creditor account is closed' });
      continue;
    }
    const started = await execution.start(order);
    legs.push({ ...leg, transactionId: started.transactionId, status: 'IN_PROGRESS' });
  }
  return changeStatus(deps, payment, 'ACSP', { legs });
}

async function settle(deps: BerlinGroupDeps, payment: Payment): Promise<Payment | undefined> {
  const execution = deps.execution;
  if (!execution) return undefined;
  const legs = await Promise.all(payment.legs.map(async (leg): Promise<PaymentLeg> => {
    if (!leg.transactionId || leg.status === 'COMPLETED' || leg.status === 'FAILED') return leg;
    const progress = await execution.progress(payment.tenantId, leg.transactionId);
    if (progress?.state === 'COMPLETED') return { ...leg, status: 'COMPLETED' };
    if (progress?.state === 'FAILED') return { ...leg, status: 'FAILED', errorCode: progress.errorCode, errorDescription: progress.errorDescription };
    return leg;
  }));
  const open = legs.some((leg) => leg.status !== 'COMPLETED' && leg.status !== 'FAILED');
  if (payment.standingOrder) {
    // Executions so far are recorded as they finish; the order ends only after its last one.
    const changed = legs.some((leg, index) => leg.status !== payment.legs[index]?.status);
    const settled = new Map(legs.map((leg) => [leg.transactionId, leg]));
    // Written only when an execution finished, not at every look.
    const patched = changed ? await deps.payments.patch(payment.paymentId, (current) => ({ legs: current.legs.map((leg) => settled.get(leg.transactionId) ?? leg) })) : payment;
    if (!patched?.standingOrder?.finished || patched.legs.some((leg) => leg.status !== 'COMPLETED' && leg.status !== 'FAILED')) return undefined;
    const done = patched.legs.filter((leg) => leg.status === 'COMPLETED').length;
    return changeStatus(deps, patched, done === patched.legs.length && done > 0 ? 'ACSC' : done === 0 ? 'RJCT' : 'PART', { legs: patched.legs });
  }
  if (open) return undefined;
  const completed = legs.filter((leg) => leg.status === 'COMPLETED').length;
  return changeStatus(deps, payment, completed === legs.length ? 'ACSC' : completed === 0 ? 'RJCT' : 'PART', { legs });
}

/** Takes every step the payment can take now; returns it as it then stands. */
export async function advancePayment(deps: BerlinGroupDeps, payment: Payment): Promise<Payment> {
  let current = payment;
  for (let step = 0; step < 3 && !FINAL_TRANSACTION_STATUSES.includes(current.transactionStatus); step++) {
    const next = current.transactionStatus === 'RCVD' ? await afterAuthorisation(deps, current)
      : current.transactionStatus === 'ACTC' ? await handOver(deps, current)
        : await settle(deps, current);
    if (!next) {
      // Nothing to do yet, or another caller moved it: read what stands.
      return (await deps.payments.get(current.paymentId)) ?? current;
    }
    current = next;
  }
  return current;
}
