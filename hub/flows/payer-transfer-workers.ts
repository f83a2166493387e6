// SPDX-License-Identifier: Apache-2.0
// Workers of payer-transfer.bpmn (and the party lookup shared with the payee's request to pay). Every worker is
// idempotent: the AMS calls carry the transfer's codes, FSPIOP resends of the same content are duplicates the
// switch answers from its records, and the POST /transfers body is fixed the first time it is built.
import { addAmounts, sameAmount } from '../../platform/money/index.js';
import type { AmsTransferLeg } from '../ams/accounting-system.js';
import type { Job, JobWorker, Variables } from '../engine/workflow-engine.js';
import type { PartyRef } from '../payments/payment-records.js';
import type { FlowContext } from './flow-context.js';
import { displayName, lookupKey, partyIdInfoOf, partyPath, type FspiopParty } from './fspiop-bodies.js';
import { fspOfJob, jobVariable as v, PaymentRejected, step } from './step.js';

/** The variables a payer-transfer instance starts with (set by the channel or the payer's request to pay). */
export interface PayerTransferVariables extends Variables {
  tenantId: string;
  transactionId: string;
  transferId: string;
  quoteId: string;
  /** The correlation key of the party lookup: the transactionId. */
  lookupId: string;
  lookupParty: PartyRef;
  payer: PartyRef;
  payee: PartyRef;
  amount: string;
  currency: string;
  note?: string;
  transactionRequestId?: string;
  confirmationRequired: boolean;
  timeouts: Record<string, string>;
  maxTransferQueries: number;
  transferQueries: number;
  partyError: null;
  quoteError: null;
}

interface QuoteResponse {
  transferAmount: { amount: string; currency: string };
  payeeFspFee?: { amount: string; currency: string };
  payeeReceiveAmount?: { amount: string; currency: string };
  expiration: string;
  ilpPacket: string;
  condition: string;
}

function payerLeg(job: Job): AmsTransferLeg {
  const currency = v<string>(job, 'currency');
  const fee = v<string | undefined>(job, 'payerFee');
  return {
    transactionCode: v(job, 'transactionId'),
    transferCode: v(job, 'transferId'),
    accountId: v<PartyRef>(job, 'payer').accountId!,
    role: 'PAYER',
    amount: { amount: v(job, 'amount'), currency },
    ...(fee && { fspFee: { amount: fee, currency } }),
    ...(v<string | undefined>(job, 'note') && { note: v<string>(job, 'note') }),
  };
}

/** Starts the workers of the payer side; each returned worker is closed with the hub. */
export function payerTransferWorkers(context: FlowContext): JobWorker[] {
  const { engine, store, ams, fspiop } = context;
  const fspOf = (job: Job) => fspOfJob(context, job);
  // GET /transfers: the switch answers with the transfer's state as a PUT callback (FSPIOP v1.1 §6.7.3.1).
  const queryTransfer = (job: Job) => fspiop.send({
    method: 'GET', resource: 'transfers', path: `/transfers/${v<string>(job, 'transferId')}`, source: fspOf(job), destination: v<PartyRef>(job, 'payee').fspId!,
  });
  const stage = (job: Job, name: string, extra: Parameters<typeof store.updateTransfer>[3] = {}) =>
    store.updateTransfer(v(job, 'tenantId'), v(job, 'transferId'), 'OUTBOUND', { status: 'IN_PROGRESS', stage: name, ...extra });

  return [
    engine.createWorker({
      taskType: 'party-lookup-request',
      handler: step(context, async (job) => {
        const fspId = fspOf(job);
        const party = v<PartyRef>(job, 'lookupParty');
        // Registered before the GET goes out, so an answer that overtakes this job still finds its waiter.
        await store.addPendingLookup(lookupKey(fspId, party), v(job, 'lookupId'), context.now());
        await fspiop.send({ method: 'GET', resource: 'parties', path: partyPath(party), source: fspId });
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'payer-local-quote',
      handler: step(context, async (job) => {
        const payee = { ...v<PartyRef>(job, 'payee'), ...payeeFromLookup(job) };
        const quote = await ams.quote(v(job, 'tenantId'), {
          transactionCode: v(job, 'transactionId'), quoteCode: v(job, 'quoteId'), accountId: v<PartyRef>(job, 'payer').accountId!,
          role: 'PAYER', amount: { amount: v(job, 'amount'), currency: v(job, 'currency') }, amountType: 'SEND',
        });
        await stage(job, 'PAYEE_FOUND', { payee, payerFee: quote.fspFee.amount });
        return { payee, payerFee: quote.fspFee.amount };
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'block-funds',
      handler: step(context, async (job) => {
        await ams.prepareTransfer(v(job, 'tenantId'), payerLeg(job));
        await stage(job, 'FUNDS_BLOCKED');
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'quote-request',
      handler: step(context, async (job) => {
        const fspId = fspOf(job);
        const payee = v<PartyRef>(job, 'payee');
        const payer = v<PartyRef>(job, 'payer');
        const requestId = v<string | undefined>(job, 'transactionRequestId');
        await fspiop.send({
          method: 'POST', resource: 'quotes', path: '/quotes', source: fspId, destination: payee.fspId!,
          body: {
            quoteId: v(job, 'quoteId'),
            transactionId: v(job, 'transactionId'),
            ...(requestId && { transactionRequestId: requestId }),
            payee: { partyIdInfo: partyIdInfoOf(payee) },
            payer: { partyIdInfo: partyIdInfoOf(payer, fspId), ...(payer.name && { name: payer.name }) },
            amountType: 'SEND',
            amount: { amount: v(job, 'amount'), currency: v(job, 'currency') },
            transactionType: { scenario: 'TRANSFER', initiator: requestId ? 'PAYEE' : 'PAYER', initiatorType: 'CONSUMER' },
            ...(v<string | undefined>(job, 'note') && { note: v<string>(job, 'note') }),
          },
        });
        await stage(job, 'QUOTE_REQUESTED');
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'present-quote',
      handler: step(context, async (job) => {
        // Two-step channels show the payer the fees and what the payee receives before they confirm.
        const quote = v<QuoteResponse>(job, 'quoteResponse');
        await stage(job, 'AWAITING_CONFIRMATION', { ...(quote.payeeFspFee && { payeeFee: quote.payeeFspFee.amount }) });
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'transfer-prepare',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const transferId = v<string>(job, 'transferId');
        const quote = v<QuoteResponse>(job, 'quoteResponse');
        const record = await store.transfer(tenantId, transferId, 'OUTBOUND');
        let prepare = record?.prepare;
        if (!prepare) {
          if (Date.parse(quote.expiration) <= context.now()) throw new PaymentRejected('3302', 'the quote expired before the transfer');
          if (!sameAmount(quote.transferAmount.amount, v(job, 'amount'), v(job, 'currency')) || quote.transferAmount.currency !== v(job, 'currency')) {
            throw new PaymentRejected('3100', 'the quote\'s transfer amount differs from the amount sent');
          }
          // Fixed once: a retried or re-delivered job resends exactly this, which the switch treats as a duplicate.
          prepare = {
            transferId,
            payeeFsp: v<PartyRef>(job, 'payee').fspId!,
            payerFsp: fspOf(job),
            amount: quote.transferAmount,
            ilpPacket: quote.ilpPacket,
            condition: quote.condition,
            expiration: new Date(context.now() + context.settings.transferExpiryMs).toISOString(),
          };
          await stage(job, 'PREPARED', { prepare, ...(quote.payeeFspFee && { payeeFee: quote.payeeFspFee.amount }) });
        }
        const body = prepare as { payeeFsp: string };
        await fspiop.send({ method: 'POST', resource: 'transfers', path: '/transfers', source: fspOf(job), destination: body.payeeFsp, body });
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'transfer-status-query',
      handler: step(context, async (job) => {
        await queryTransfer(job);
        return { transferQueries: Number(v(job, 'transferQueries') ?? 0) + 1 };
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'transfer-unresolved',
      handler: async (job) => {
        // The switch has not told the outcome after every query: the funds stay blocked and an operator decides.
        // An operator's retry asks the switch once more and goes back to waiting for the answer.
        if (job.variables['escalated'] === true) {
          await queryTransfer(job).catch((error: unknown) => context.logger.warn({ err: error }, 'transfer query after escalation failed'));
          return { outcome: 'complete', variables: { escalated: false } };
        }
        await stage(job, 'OUTCOME_UNKNOWN');
        return { outcome: 'fail', errorMessage: 'the switch gave no outcome for the transfer; funds stay blocked until an operator checks it', retries: 0, variables: { escalated: true } };
      },
    }),
    engine.createWorker({
      taskType: 'commit-withdrawal',
      handler: step(context, async (job) => {
        await ams.commitTransfer(v(job, 'tenantId'), payerLeg(job));
        await stage(job, 'COMMITTED');
      }, { onExhausted: 'incident', retries: 10 }),
    }),
    engine.createWorker({
      taskType: 'payer-transfer-completed',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        await store.updateTransfer(tenantId, v(job, 'transferId'), 'OUTBOUND', { status: 'COMPLETED', stage: 'COMPLETED', completedAt: context.now() });
        const payer = v<PartyRef>(job, 'payer');
        const payee = v<PartyRef>(job, 'payee');
        const currency = v<string>(job, 'currency');
        const fee = v<string | undefined>(job, 'payerFee') ?? '0';
        if (payer.idType === 'MSISDN') {
          await context.notifier.send({
            tenantId, channel: 'SMS', recipient: payer.idValue, template: 'transfer-sent', reference: v(job, 'transactionId'),
            text: `You sent ${v<string>(job, 'amount')} ${currency} to ${payee.name ?? payee.idValue}. Fee ${fee} ${currency}, total ${addAmounts(currency, v(job, 'amount'), fee)} ${currency}. Ref ${v<string>(job, 'transactionId')}.`,
          });
        }
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'release-funds',
      handler: step(context, async (job) => {
        await ams.releaseTransfer(v(job, 'tenantId'), payerLeg(job));
        await stage(job, 'FUNDS_RELEASED');
      }, { onExhausted: 'incident', retries: 10 }),
    }),
    engine.createWorker({
      taskType: 'payer-transfer-failed',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const partyError = v<{ errorCode?: string; errorDescription?: string } | null>(job, 'partyError');
        // A timer path sets no error: the scheme did not answer in time (2004, Server timed out).
        const errorCode = v<string | undefined>(job, 'errorCode') ?? partyError?.errorCode ?? '2004';
        const errorDescription = v<string | undefined>(job, 'errorDescription') ?? partyError?.errorDescription ?? 'timed out waiting for the scheme';
        await store.updateTransfer(tenantId, v(job, 'transferId'), 'OUTBOUND', { status: 'FAILED', stage: 'FAILED', errorCode, errorDescription, completedAt: context.now() });
        const payer = v<PartyRef>(job, 'payer');
        if (payer.idType === 'MSISDN') {
          await context.notifier.send({
            tenantId, channel: 'SMS', recipient: payer.idValue, template: 'transfer-failed', reference: v(job, 'transactionId'),
            text: `Your transfer of ${v<string>(job, 'amount')} ${v<string>(job, 'currency')} to ${v<PartyRef>(job, 'payee').idValue} failed (${errorCode}); no money was taken. Ref ${v<string>(job, 'transactionId')}.`,
          });
        }
      }, { onExhausted: 'incident' }),
    }),
  ];
}

/** The payee as the lookup found it: its FSP and name. */
function payeeFromLookup(job: Job): Partial<PartyRef> {
  const party = job.variables['party'] as FspiopParty | undefined;
  if (!party) return {};
  const name = displayName(party);
  return { ...(party.partyIdInfo.fspId && { fspId: party.partyIdInfo.fspId }), ...(name && { name }) };
}
