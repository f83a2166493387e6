// SPDX-License-Identifier: Apache-2.0
// Workers of on-us-transfer.bpmn: both accounts at the same bank, so the money moves inside its AMS only, keyed by
// the transfer's codes (a retried call finds the first booking). The payee's credit and the payer's withdrawal
// cannot be undone by a retry path: when their retries run out, an operator gets an incident.
import type { AmsTransferLeg } from '../ams/accounting-system.js';
import type { Job, JobWorker } from '../engine/workflow-engine.js';
import type { PartyRef } from '../payments/payment-records.js';
import type { FlowContext } from './flow-context.js';
import { jobVariable as v, step } from './step.js';

function leg(job: Job, role: 'PAYER' | 'PAYEE'): AmsTransferLeg {
  const currency = v<string>(job, 'currency');
  const fee = v<string | undefined>(job, 'payerFee');
  return {
    transactionCode: v(job, 'transactionId'),
    transferCode: v(job, 'transferId'),
    accountId: v<PartyRef>(job, role === 'PAYER' ? 'payer' : 'payee').accountId!,
    role,
    amount: { amount: v(job, 'amount'), currency },
    ...(role === 'PAYER' && fee && { fspFee: { amount: fee, currency } }),
    ...(v<string | undefined>(job, 'note') && { note: v<string>(job, 'note') }),
  };
}

/** Starts the workers of the on-us transfer. */
export function onUsWorkers(context: FlowContext): JobWorker[] {
  const { engine, store, ams } = context;
  const update = (job: Job, patch: Parameters<typeof store.updateTransfer>[3]) => store.updateTransfer(v(job, 'tenantId'), v(job, 'transferId'), 'OUTBOUND', patch);
  return [
    engine.createWorker({
      taskType: 'on-us-block-funds',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const quote = await ams.quote(tenantId, {
          transactionCode: v(job, 'transactionId'), quoteCode: v(job, 'quoteId'), accountId: v<PartyRef>(job, 'payer').accountId!,
          role: 'PAYER', amount: { amount: v(job, 'amount'), currency: v(job, 'currency') }, amountType: 'SEND',
        });
        const payerFee = quote.fspFee.amount;
        await ams.prepareTransfer(tenantId, { ...leg(job, 'PAYER'), fspFee: { amount: payerFee, currency: v(job, 'currency') } });
        await update(job, { status: 'IN_PROGRESS', stage: 'FUNDS_BLOCKED', payerFee });
        return { payerFee };
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'on-us-deposit',
      handler: step(context, async (job) => {
        await ams.commitTransfer(v(job, 'tenantId'), leg(job, 'PAYEE'));
        await update(job, { status: 'IN_PROGRESS', stage: 'PAYEE_CREDITED' });
      }, { onExhausted: 'incident', retries: 10 }),
    }),
    engine.createWorker({
      taskType: 'on-us-commit-withdrawal',
      handler: step(context, async (job) => {
        await ams.commitTransfer(v(job, 'tenantId'), leg(job, 'PAYER'));
      }, { onExhausted: 'incident', retries: 10 }),
    }),
    engine.createWorker({
      taskType: 'on-us-completed',
      handler: step(context, async (job) => {
        await update(job, { status: 'COMPLETED', stage: 'COMPLETED', completedAt: context.now() });
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'on-us-release-funds',
      handler: step(context, async (job) => {
        await ams.releaseTransfer(v(job, 'tenantId'), leg(job, 'PAYER'));
      }, { onExhausted: 'incident', retries: 10 }),
    }),
    engine.createWorker({
      taskType: 'on-us-failed',
      handler: step(context, async (job) => {
        await update(job, {
          status: 'FAILED', stage: 'FAILED', completedAt: context.now(),
          errorCode: v<string | undefined>(job, 'errorCode') ?? '5000', errorDescription: v<string | undefined>(job, 'errorDescription') ?? 'the bank refused the transfer',
        });
      }, { onExhausted: 'incident' }),
    }),
  ];
}
