// SPDX-License-Identifier: Apache-2.0
// Periodic payments run as standing orders on the workflow engine (hub/bpmn/standing-order.bpmn): a timer per
// execution date, then this context's workers. An execution starts one credit transfer through the hub, keyed by
// payment and execution number, so a retried job starts nothing twice; the leg is recorded on the payment.
import { complete, fail, type JobWorker, type WorkflowEngine } from '../../../hub/index.js';
import type { BerlinGroupDeps } from '../deps.js';
import type { Payment, PaymentLeg } from '../payments/payment.js';
import { transferOrderOf } from '../payments/transfer-order.js';
import { executionDate } from './schedule.js';

export const STANDING_ORDER_PROCESS = 'standing-order';

/** The instant an execution date's timer fires: the start of that UTC day. */
const instantOf = (date: string) => `${date}T00:00:00Z`;

/** Creates the standing order's instance and resolves with its key; undefined when no execution date falls in its period. */
export async function startStandingOrder(engine: WorkflowEngine, payment: Payment): Promise<string | undefined> {
  const first = executionDate(payment.standingOrder!.schedule, 0);
  if (!first) return undefined;
  const created = await engine.createInstance({
    bpmnProcessId: STANDING_ORDER_PROCESS, tenantId: payment.tenantId,
    variables: { paymentId: payment.paymentId, execution: 0, nextExecution: instantOf(first), more: true },
  });
  return created.processInstanceKey;
}

/** The workers of standing-order.bpmn. */
export function standingOrderWorkers(engine: WorkflowEngine, deps: BerlinGroupDeps): JobWorker[] {
  return [
    engine.createWorker({
      taskType: 'standing-order-execute',
      fetchVariables: ['paymentId', 'execution'],
      handler: async (job) => {
        const paymentId = String(job.variables.paymentId);
        const execution = Number(job.variables.execution);
        const payment = await deps.payments.get(paymentId);
        const order = payment?.standingOrder;
        if (!payment || !order || payment.transactionStatus === 'CANC' || !deps.execution) return complete({ more: false });
        const debtor = await deps.accounts.account(payment.debtorAccountId);
        if (!debtor) return complete({ more: false });
        try {
          const template = order.template;
          const transfer = await transferOrderOf(deps, payment, debtor, template, `${paymentId}:${execution}`);
          if (!transfer) return complete({ more: false });
          const started = await deps.execution.start(transfer);
          const leg: PaymentLeg = { ...template, transactionId: started.transactionId, status: 'IN_PROGRESS' };
          await deps.payments.patch(paymentId, (current) => ({ legs: current.legs.some((item) => item.transactionId === started.transactionId) ? current.legs : [...current.legs, leg] }));
        } catch (error) {
          return fail(error instanceof Error ? error.message : String(error), { retries: job.retries - 1, retryBackOff: 1000 });
        }
        const next = executionDate(order.schedule, execution + 1);
        return complete({ execution: execution + 1, more: next !== undefined, ...(next && { nextExecution: instantOf(next) }) });
      },
    }),
    engine.createWorker({
      taskType: 'standing-order-finished',
      fetchVariables: ['paymentId'],
      handler: async (job) => {
        await deps.payments.patch(String(job.variables.paymentId), (current) => (current.standingOrder ? { standingOrder: { ...current.standingOrder, finished: true } } : {}));
        return complete();
      },
    }),
  ];
}
