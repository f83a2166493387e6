// SPDX-License-Identifier: Apache-2.0
// Workers of the payee side: payee-party-lookup.bpmn, payee-quote.bpmn and payee-transfer.bpmn. The payee FSP
// keeps no secret state between quote and transfer: the fulfilment is derived from the ILP packet (ILP v1).
import { fromMinorUnits, toMinorUnits } from '../../platform/money/index.js';
import type { AmsTransferLeg } from '../ams/accounting-system.js';
import type { Job, JobWorker } from '../engine/workflow-engine.js';
import type { PartyRef, TransferRecord } from '../payments/payment-records.js';
import type { FlowContext } from './flow-context.js';
import { complexNameOf, errorBody, partyPath, type PartyIdInfo } from './fspiop-bodies.js';
import { fspOfJob, jobVariable as v, PaymentRejected, step } from './step.js';

interface QuoteRequest {
  quoteId: string;
  transactionId: string;
  transactionRequestId?: string;
  payee: { partyIdInfo: PartyIdInfo };
  payer: { partyIdInfo: PartyIdInfo };
  amountType: 'SEND' | 'RECEIVE';
  amount: { amount: string; currency: string };
  transactionType: Record<string, unknown>;
  note?: string;
}

interface TransferPrepare {
  transferId: string;
  payerFsp: string;
  payeeFsp: string;
  amount: { amount: string; currency: string };
  ilpPacket: string;
  condition: string;
  expiration: string;
}

/**
 * Creates the payee-transfer instance of an incoming transfer already recorded, and marks the record in progress
 * (from the scheme listener, or from the sweep that resumes a record a crash left without its flow).
 */
export async function startPayeeTransfer(context: FlowContext, record: TransferRecord, requesterFsp: string): Promise<void> {
  const { processInstanceKey } = await context.engine.createInstance({
    bpmnProcessId: 'payee-transfer', tenantId: record.tenantId,
    variables: { tenantId: record.tenantId, transferId: record.transferId, requesterFsp, prepare: record.prepare },
  });
  await context.store.updateTransfer(record.tenantId, record.transferId, 'INBOUND', { status: 'IN_PROGRESS', processInstanceKey });
}

/** Starts the workers of the payee side. */
export function payeeWorkers(context: FlowContext): JobWorker[] {
  const { engine, store, ams, fspiop, tenants, identities } = context;
  const fspOf = (job: Job) => fspOfJob(context, job);

  /** The account of this tenant an identifier maps to; PaymentRejected 3204 when it is not one of ours. */
  const accountOf = async (tenantId: string, party: Pick<PartyRef, 'idType' | 'idValue'>) => {
    const mapped = await identities.lookup(party.idType, party.idValue);
    if (mapped && mapped.tenantId === tenantId) return mapped.accountId;
    const found = await ams.findParty(tenantId, party.idType as never, party.idValue);
    if (found) return found.accountId;
    throw new PaymentRejected('3204', `no party ${party.idType} ${party.idValue}`);
  };

  const sendTransferResult = async (job: Job, path: string, body: unknown) => {
    const tenantId = v<string>(job, 'tenantId');
    const transferId = v<string>(job, 'transferId');
    // Stored first: a duplicate prepare from now on gets this answer again.
    await store.updateTransfer(tenantId, transferId, 'INBOUND', { result: { path, body } });
    await fspiop.send({ method: 'PUT', resource: 'transfers', path, source: fspOf(job), destination: v(job, 'requesterFsp'), body });
  };

  return [
    engine.createWorker({
      taskType: 'payee-find-party',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const party = v<PartyRef>(job, 'lookupParty');
        const accountId = await accountOf(tenantId, party);
        const account = await ams.account(tenantId, accountId);
        if (!account) throw new PaymentRejected('3204', `no account for ${party.idType} ${party.idValue}`);
        if (account.status !== 'ACTIVE') throw new PaymentRejected('3204', `the account of ${party.idType} ${party.idValue} is not active`);
        return {
          party: {
            partyIdInfo: { partyIdType: party.idType, partyIdentifier: party.idValue, ...(party.subId && { partySubIdOrType: party.subId }), fspId: fspOf(job) },
            ...(account.holderName && { name: account.holderName.slice(0, 128), personalInfo: { complexName: complexNameOf(account.holderName) } }),
          },
        };
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'send-party-response',
      handler: step(context, async (job) => {
        await fspiop.send({ method: 'PUT', resource: 'parties', path: partyPath(v(job, 'lookupParty')), source: fspOf(job), destination: v(job, 'requesterFsp'), body: { party: v(job, 'party') } });
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'send-party-error',
      handler: step(context, async (job) => {
        await fspiop.send({
          method: 'PUT', resource: 'parties', path: `${partyPath(v(job, 'lookupParty'))}/error`, source: fspOf(job), destination: v(job, 'requesterFsp'),
          body: errorBody(v<string | undefined>(job, 'errorCode') ?? '3204', v<string | undefined>(job, 'errorDescription') ?? 'Party not found'),
        });
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'payee-local-quote',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const request = v<QuoteRequest>(job, 'quoteRequest');
        const tenant = tenants.byId(tenantId);
        if (request.amount.currency !== tenant.currency) throw new PaymentRejected('5106', `${tenant.name} does not receive ${request.amount.currency}`);
        const payee = request.payee.partyIdInfo;
        const accountId = await accountOf(tenantId, { idType: payee.partyIdType, idValue: payee.partyIdentifier });
        const quote = await ams.quote(tenantId, {
          transactionCode: request.transactionId, quoteCode: request.quoteId, accountId, role: 'PAYEE',
          amount: request.amount, amountType: request.amountType,
        });
        return { payeeAccountId: accountId, payeeFee: quote.fspFee.amount };
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'send-quote-response',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const request = v<QuoteRequest>(job, 'quoteRequest');
        const stored = await store.quote(tenantId, request.quoteId);
        let answer = stored?.result;
        if (!answer) {
          const currency = request.amount.currency;
          const fee = toMinorUnits(v<string>(job, 'payeeFee') ?? '0', currency);
          const amount = toMinorUnits(request.amount.amount, currency);
          // SEND: the payer sends `amount`, the payee receives it less the payee's fee. RECEIVE: the payee
          // receives `amount`, so the transfer carries the fee on top.
          const transferMinor = request.amountType === 'SEND' ? amount : amount + fee;
          const receiveMinor = request.amountType === 'SEND' ? amount - fee : amount;
          if (receiveMinor <= 0n) throw new PaymentRejected('5241', 'the amount does not cover the payee FSP\'s fee');
          const terms = {
            transferAmount: { amount: fromMinorUnits(transferMinor, currency), currency },
            payeeReceiveAmount: { amount: fromMinorUnits(receiveMinor, currency), currency },
            payeeFspFee: { amount: fromMinorUnits(fee, currency), currency },
            payeeFspCommission: { amount: '0', currency },
            expiration: new Date(context.now() + context.settings.quoteExpiryMs).toISOString(),
          };
          const ilp = context.ilpFor(tenantId).quoteResponse(request, terms);
          answer = { path: `/quotes/${request.quoteId}`, body: { ...terms, ilpPacket: ilp.ilpPacket, condition: ilp.condition } };
          await store.setQuoteResult(tenantId, request.quoteId, answer);
        }
        await fspiop.send({ method: 'PUT', resource: 'quotes', path: answer.path, source: fspOf(job), destination: v(job, 'requesterFsp'), body: answer.body });
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'send-quote-error',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const quoteId = v<QuoteRequest>(job, 'quoteRequest').quoteId;
        const answer = { path: `/quotes/${quoteId}/error`, body: errorBody(v(job, 'errorCode') ?? '5000', v(job, 'errorDescription') ?? 'Quote refused') };
        await store.setQuoteResult(tenantId, quoteId, answer);
        await fspiop.send({ method: 'PUT', resource: 'quotes', path: answer.path, source: fspOf(job), destination: v(job, 'requesterFsp'), body: answer.body });
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'payee-deposit',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const prepare = v<TransferPrepare>(job, 'prepare');
        const ilp = context.ilpFor(tenantId);
        const fulfilment = ilp.fulfilmentFor(prepare.ilpPacket);
        // A packet this FSP's secret did not produce (or that was altered) has a condition we cannot fulfil.
        if (!ilp.fulfilmentMatches(fulfilment, prepare.condition)) throw new PaymentRejected('5105', 'the condition does not match this FSP\'s quote');
        const transaction = ilp.decode(prepare.ilpPacket);
        const quote = await store.quote(tenantId, transaction.quoteId);
        const payee = transaction.payee.partyIdInfo;
        const accountId = await accountOf(tenantId, { idType: payee.partyIdType, idValue: payee.partyIdentifier });
        const currency = prepare.amount.currency;
        const quoted = quote?.result?.body as { payeeFspFee?: { amount: string } } | undefined;
        const fee = quoted?.payeeFspFee?.amount;
        const leg: AmsTransferLeg = {
          transactionCode: transaction.transactionId, transferCode: prepare.transferId, accountId, role: 'PAYEE',
          amount: prepare.amount, ...(fee && { fspFee: { amount: fee, currency } }),
          ...(transaction.note && { note: transaction.note }),
        };
        const existing = await ams.transfer(tenantId, leg.transactionCode, leg.transferCode, 'PAYEE').catch(() => undefined);
        if (existing?.state !== 'COMMITTED') {
          // Deposit only while the switch still holds the payer's funds for us.
          if (Date.parse(prepare.expiration) <= context.now()) throw new PaymentRejected('3303', 'the transfer expired before the deposit');
          await ams.commitTransfer(tenantId, leg);
        }
        const parties = {
          payee: { idType: payee.partyIdType, idValue: payee.partyIdentifier, fspId: fspOf(job), accountId },
          payer: { idType: transaction.payer.partyIdInfo.partyIdType, idValue: transaction.payer.partyIdInfo.partyIdentifier, fspId: prepare.payerFsp },
        };
        await store.updateTransfer(tenantId, prepare.transferId, 'INBOUND', {
          status: 'IN_PROGRESS', stage: 'DEPOSITED', ...parties, ...(fee && { payeeFee: fee }), quoteId: transaction.quoteId,
        });
        // The parties and fee go into the instance too, so the operations view (built from engine records) shows them.
        return {
          fulfilment, payeeAccountId: accountId, transactionId: transaction.transactionId, quoteId: transaction.quoteId, ...parties, ...(fee && { payeeFee: fee }),
          ...(quote?.transactionRequestId && { transactionRequestId: quote.transactionRequestId }),
        };
      }, { onExhausted: 'throw', retries: 3 }),
    }),
    engine.createWorker({
      taskType: 'send-transfer-fulfil',
      handler: step(context, async (job) => {
        const record = await store.transfer(v(job, 'tenantId'), v(job, 'transferId'), 'INBOUND');
        const answer = record?.result ?? {
          path: `/transfers/${v<string>(job, 'transferId')}`,
          body: { fulfilment: v<string>(job, 'fulfilment'), completedTimestamp: new Date(context.now()).toISOString(), transferState: 'COMMITTED' },
        };
        await sendTransferResult(job, answer.path, answer.body);
      }, { onExhausted: 'incident', retries: 10 }),
    }),
    engine.createWorker({
      taskType: 'payee-transfer-completed',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const transferId = v<string>(job, 'transferId');
        const record = await store.transfer(tenantId, transferId, 'INBOUND');
        // An abort that overtook this step has started the reversal; the transfer is not completed then.
        if (record?.stage !== 'REVERSING') await store.updateTransfer(tenantId, transferId, 'INBOUND', { status: 'COMPLETED', stage: 'COMPLETED', completedAt: context.now() });
        const requestId = v<string | undefined>(job, 'transactionRequestId');
        if (requestId) {
          await engine.publishMessage({
            name: 'transaction-request-transfer', correlationKey: requestId, messageId: `paid:${requestId}`, timeToLive: 60_000,
            variables: { transferId, transactionId: v(job, 'transactionId') },
          });
        }
        if (record && record.stage !== 'REVERSING' && record.payee.idType === 'MSISDN') {
          await context.notifier.send({
            tenantId, channel: 'SMS', recipient: record.payee.idValue, template: 'transfer-received', reference: record.transactionId,
            text: `You received ${record.amount} ${record.currency} from ${record.payer.idValue}. Ref ${record.transactionId}.`,
          });
        }
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'reverse-deposit',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const record = await store.transfer(tenantId, v(job, 'transferId'), 'INBOUND');
        if (!record?.payee.accountId) return;
        const deposit = await ams.transfer(tenantId, record.transactionId, record.transferId, 'PAYEE');
        if (deposit?.state !== 'COMMITTED') return;
        // Fineract's interoperation API has no reversal: the deposit is taken back as a withdrawal of its own,
        // with codes of its own so it is booked once however often this runs.
        await ams.commitTransfer(tenantId, {
          transactionCode: record.transactionId, transferCode: `${record.transferId}-reversal`, accountId: record.payee.accountId, role: 'PAYER',
          amount: deposit.amount, fspFee: { amount: '0', currency: deposit.amount.currency }, note: `reversal of transfer ${record.transferId}: aborted by the switch`,
        });
      }, { onExhausted: 'incident', retries: 10 }),
    }),
    engine.createWorker({
      taskType: 'payee-transfer-reversed',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const transferId = v<string>(job, 'transferId');
        await store.updateTransfer(tenantId, transferId, 'INBOUND', {
          status: 'FAILED', stage: 'REVERSED', errorCode: v<string | undefined>(job, 'errorCode') ?? '3303',
          errorDescription: v<string | undefined>(job, 'errorDescription') ?? 'the switch aborted the transfer', completedAt: context.now(),
        }, { reversal: true });
        const record = await store.transfer(tenantId, transferId, 'INBOUND');
        if (record?.payee.idType === 'MSISDN') {
          await context.notifier.send({
            tenantId, channel: 'SMS', recipient: record.payee.idValue, template: 'transfer-reversed', reference: record.transactionId,
            text: `The transfer of ${record.amount} ${record.currency} from ${record.payer.idValue} did not complete and was reversed. Ref ${record.transactionId}.`,
          });
        }
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'send-transfer-error',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const transferId = v<string>(job, 'transferId');
        const errorCode = v<string | undefined>(job, 'errorCode') ?? '5000';
        const errorDescription = v<string | undefined>(job, 'errorDescription') ?? 'Payee FSP refused the transfer';
        const record = await store.transfer(tenantId, transferId, 'INBOUND');
        await sendTransferResult(job, record?.result?.path ?? `/transfers/${transferId}/error`, record?.result?.body ?? errorBody(errorCode, errorDescription));
        await store.updateTransfer(tenantId, transferId, 'INBOUND', { status: 'FAILED', stage: 'FAILED', errorCode, errorDescription, completedAt: context.now() });
      }, { onExhausted: 'incident', retries: 10 }),
    }),
  ];
}
