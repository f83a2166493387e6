// SPDX-License-Identifier: Apache-2.0
// Workers of the two sides of a request to pay (Mojaloop transaction request, API Definition v1.1 §6.4):
// payee-transaction-request.bpmn (this FSP's payee asks) and payer-transaction-request.bpmn (this FSP's payer
// is asked, decides on the channel, and pays through payer-transfer.bpmn as a call activity).
import { createHash } from 'node:crypto';
import type { Job, JobWorker } from '../engine/workflow-engine.js';
import type { PartyRef } from '../payments/payment-records.js';
import type { FlowContext } from './flow-context.js';
import { displayName, errorBody, partyIdInfoOf, type FspiopParty, type PartyIdInfo } from './fspiop-bodies.js';
import { fspOfJob, jobVariable as v, PaymentRejected, step } from './step.js';

export interface IncomingTransactionRequest {
  transactionRequestId: string;
  payee: { partyIdInfo: PartyIdInfo; name?: string };
  payer: PartyIdInfo;
  amount: { amount: string; currency: string };
  transactionType: Record<string, unknown>;
  note?: string;
}

/** A UUID (version 4 layout) derived from a request id and a purpose: the same inputs always give the same id. */
export function derivedUuid(seed: string, purpose: string): string {
  const hex = createHash('sha256').update(`${purpose}:${seed}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Starts the workers of both sides of a request to pay. */
export function requestToPayWorkers(context: FlowContext): JobWorker[] {
  const { engine, store, fspiop, identities } = context;
  const fspOf = (job: Job) => fspOfJob(context, job);
  const finish = (job: Job, status: 'COMPLETED' | 'FAILED', direction: 'OUTBOUND' | 'INBOUND', extra: { errorCode?: string; errorDescription?: string; transactionId?: string } = {}) =>
    store.updateTransactionRequest(v(job, 'tenantId'), v(job, 'transactionRequestId'), direction, { status, ...extra });

  return [
    // Payee side: the request goes to the payer's FSP, found by the lookup.
    engine.createWorker({
      taskType: 'transaction-request-send',
      handler: step(context, async (job) => {
        const party = job.variables['party'] as FspiopParty | undefined;
        const payer = { ...v<PartyRef>(job, 'payer'), ...(party?.partyIdInfo.fspId && { fspId: party.partyIdInfo.fspId }) };
        const payerName = displayName(party);
        const payee = v<PartyRef>(job, 'payee');
        await store.updateTransactionRequest(v(job, 'tenantId'), v(job, 'transactionRequestId'), 'OUTBOUND', { status: 'PENDING', payer: { ...payer, ...(payerName && { name: payerName }) } });
        await fspiop.send({
          method: 'POST', resource: 'transactionRequests', path: '/transactionRequests', source: fspOf(job), destination: payer.fspId!,
          body: {
            transactionRequestId: v(job, 'transactionRequestId'),
            payee: { partyIdInfo: partyIdInfoOf(payee, fspOf(job)), ...(payee.name && { name: payee.name }) },
            payer: partyIdInfoOf(payer),
            amount: { amount: v(job, 'amount'), currency: v(job, 'currency') },
            transactionType: { scenario: 'PAYMENT', initiator: 'PAYEE', initiatorType: 'CONSUMER' },
            ...(v<string | undefined>(job, 'note') && { note: v<string>(job, 'note') }),
          },
        });
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'payee-request-completed',
      handler: step(context, async (job) => {
        await finish(job, 'COMPLETED', 'OUTBOUND', { transactionId: v(job, 'transactionId') });
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'payee-request-failed',
      handler: step(context, async (job) => {
        const failure = v<{ errorCode?: string; errorDescription?: string } | null>(job, 'transactionRequestError') ?? v<{ errorCode?: string } | null>(job, 'partyError');
        const errorCode = v<string | undefined>(job, 'errorCode') ?? failure?.errorCode ?? (v<string | undefined>(job, 'transactionRequestState') === 'REJECTED' ? '4101' : '2004');
        await finish(job, 'FAILED', 'OUTBOUND', { errorCode, errorDescription: v<string | undefined>(job, 'errorDescription') ?? 'the request was not paid' });
      }, { onExhausted: 'incident' }),
    }),

    // Payer side: acknowledge, ask the payer, then pay or reject.
    engine.createWorker({
      taskType: 'payer-request-received',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const request = v<IncomingTransactionRequest>(job, 'transactionRequest');
        const mapped = await identities.lookup(request.payer.partyIdType, request.payer.partyIdentifier);
        if (!mapped || mapped.tenantId !== tenantId) throw new PaymentRejected('3204', `no party ${request.payer.partyIdType} ${request.payer.partyIdentifier}`);
        // The ids of the transfer that will settle the request derive from the request's, so a retried job reuses them.
        const transactionId = derivedUuid(request.transactionRequestId, 'transaction');
        const payer: PartyRef = { idType: request.payer.partyIdType, idValue: request.payer.partyIdentifier, fspId: fspOf(job), accountId: mapped.accountId };
        const payee: PartyRef = { idType: request.payee.partyIdInfo.partyIdType, idValue: request.payee.partyIdInfo.partyIdentifier, ...(request.payee.partyIdInfo.fspId && { fspId: request.payee.partyIdInfo.fspId }), ...(request.payee.name && { name: request.payee.name }) };
        const transferId = derivedUuid(request.transactionRequestId, 'transfer');
        const quoteId = derivedUuid(request.transactionRequestId, 'quote');
        const now = context.now();
        // The transfer that will settle the request is recorded now, so the payer's channel sees it like any other.
        await store.createTransfer({
          tenantId, transferId, direction: 'OUTBOUND', transactionId, quoteId, transactionRequestId: request.transactionRequestId, status: 'IN_PROGRESS',
          stage: 'AWAITING_DECISION', payer, payee, amount: request.amount.amount, currency: request.amount.currency, ...(request.note && { note: request.note }),
          requestHash: request.transactionRequestId, processInstanceKey: job.processInstanceKey, createdAt: now, updatedAt: now,
        });
        await store.updateTransactionRequest(tenantId, request.transactionRequestId, 'INBOUND', { status: 'PENDING', transactionId, payer });
        await fspiop.send({
          method: 'PUT', resource: 'transactionRequests', path: `/transactionRequests/${request.transactionRequestId}`, source: fspOf(job),
          destination: v(job, 'requesterFsp'), body: { transactionId, transactionRequestState: 'RECEIVED' },
        });
        if (payer.idType === 'MSISDN') {
          await context.notifier.send({
            tenantId, channel: 'SMS', recipient: payer.idValue, template: 'request-to-pay', reference: request.transactionRequestId,
            text: `${payee.name ?? payee.idValue} asks you to pay ${request.amount.amount} ${request.amount.currency}${request.note ? ` for "${request.note}"` : ''}. Approve or decline in your app. Ref ${request.transactionRequestId}.`,
          });
        }
        return {
          transactionId, transferId, quoteId,
          lookupId: transactionId, lookupParty: payee, payer, payee, amount: request.amount.amount, currency: request.amount.currency,
          ...(request.note && { note: request.note }),
        };
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'send-transaction-request-error',
      handler: step(context, async (job) => {
        const request = v<IncomingTransactionRequest>(job, 'transactionRequest');
        const errorCode = v<string | undefined>(job, 'errorCode') ?? '3204';
        await store.updateTransactionRequest(v(job, 'tenantId'), request.transactionRequestId, 'INBOUND', { status: 'FAILED', errorCode });
        await fspiop.send({
          method: 'PUT', resource: 'transactionRequests', path: `/transactionRequests/${request.transactionRequestId}/error`, source: fspOf(job),
          destination: v(job, 'requesterFsp'), body: errorBody(errorCode, v(job, 'errorDescription') ?? 'Transaction request refused'),
        });
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'send-transaction-request-rejected',
      handler: step(context, async (job) => {
        const request = v<IncomingTransactionRequest>(job, 'transactionRequest');
        await store.updateTransactionRequest(v(job, 'tenantId'), request.transactionRequestId, 'INBOUND', { status: 'REJECTED' });
        await store.updateTransfer(v(job, 'tenantId'), derivedUuid(request.transactionRequestId, 'transfer'), 'OUTBOUND', {
          status: 'FAILED', stage: 'FAILED', errorCode: '4101', errorDescription: 'the payer declined the request or did not answer in time', completedAt: context.now(),
        });
        await fspiop.send({
          method: 'PUT', resource: 'transactionRequests', path: `/transactionRequests/${request.transactionRequestId}`, source: fspOf(job),
          destination: v(job, 'requesterFsp'), body: { transactionRequestState: 'REJECTED' },
        });
      }, { onExhausted: 'incident' }),
    }),
  ];
}
