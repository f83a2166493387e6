// SPDX-License-Identifier: Apache-2.0
// FSPIOP messages from the switch, turned into engine work: a request starts the payee-side flow (or is answered
// from the records when it is a duplicate), a callback becomes the message a waiting flow correlates by its id
// (transferId, quoteId, transactionRequestId, the party lookup's key). The scheme listener answers 202 only after
// `handle` resolved, i.e. after the instance or message is durable in the engine.
import { fspiopError } from '../../platform/errors/index.js';
import type { CreateInstanceRequest } from '../engine/workflow-engine.js';
import type { FspiopInboundHandler, FspiopRequest, InboundFspiopMessage } from '../connectors/mojaloop/fspiop.js';
import type { FlowContext } from './flow-context.js';
import { contentHash } from './content-hash.js';
import { errorBody, lookupKey, type ErrorInformation } from './fspiop-bodies.js';
import { startPayeeTransfer } from './payee-workers.js';
import { registrationKey } from './registration-workers.js';
import type { HubTenant } from './tenants.js';

/** Buffered messages wait this long for their flow to reach the receive task (a callback can overtake the job that asked). */
const MESSAGE_TTL_MS = 5 * 60_000;

export function schemeInboundHandler(context: FlowContext): FspiopInboundHandler {
  const { engine, store, tenants, logger } = context;

  /** A resend or a duplicate's error: not part of any flow, so sent in the background and only logged if it fails. */
  const sendLater = (request: FspiopRequest) => {
    context.fspiop.send(request).catch((error: unknown) => logger.warn({ err: error, path: request.path }, 'answer to a duplicate could not be sent'));
  };
  const start = async (request: CreateInstanceRequest) => (await engine.createInstance(request)).processInstanceKey;
  const publish = (name: string, correlationKey: string, messageId: string, variables: Record<string, unknown>) =>
    engine.publishMessage({ name, correlationKey, messageId, variables, timeToLive: MESSAGE_TTL_MS });
  /** An error callback as flow variables: its errorInformation under `name`, and its code and description. */
  const failure = (message: InboundFspiopMessage, name: string) => {
    const info = (message.body as { errorInformation: ErrorInformation }).errorInformation;
    return { [name]: info, errorCode: info.errorCode, errorDescription: info.errorDescription };
  };

  async function parties(tenant: HubTenant, message: InboundFspiopMessage) {
    const party = { idType: message.params.Type!, idValue: message.params.ID!, ...(message.params.SubId && { subId: message.params.SubId }) };
    if (message.kind === 'request' && message.method === 'GET') {
      await start({ bpmnProcessId: 'payee-party-lookup', tenantId: tenant.tenantId, variables: { tenantId: tenant.tenantId, requesterFsp: message.source, lookupParty: party } });
      return;
    }
    if (message.method !== 'PUT') throw fspiopError('3000', `${message.method} ${message.uri} is not served by a DFSP`);
    const key = lookupKey(tenant.fspId, party);
    const waiting = await store.pendingLookups(key);
    const variables = message.kind === 'error'
      ? { ...failure(message, 'partyError'), party: null }
      : { party: (message.body as { party: unknown }).party, partyError: null };
    // Published before forgotten: a crash in between publishes again on the next answer (the message id dedupes).
    for (const lookupId of waiting) await publish('party-lookup-result', lookupId, `party:${lookupId}`, variables);
    await store.forgetLookups(key, waiting);
  }

  async function participants(tenant: HubTenant, message: InboundFspiopMessage) {
    if (message.method !== 'PUT') throw fspiopError('3000', `${message.method} ${message.uri} is not served by a DFSP`);
    const key = registrationKey(tenant.fspId, message.params.Type!, message.params.ID!);
    const variables = message.kind === 'error' ? failure(message, 'registrationError') : { registrationError: null };
    await publish('participant-registration-result', key, `participants:${key}:${message.headers['date'] ?? ''}`, variables);
  }

  async function quotes(tenant: HubTenant, message: InboundFspiopMessage) {
    if (message.kind === 'request' && message.method === 'POST') {
      const body = message.body as { quoteId: string; transactionId: string; transactionRequestId?: string };
      const requestHash = contentHash(body);
      const { created, record } = await store.createQuote({
        tenantId: tenant.tenantId, quoteId: body.quoteId, transactionId: body.transactionId,
        ...(body.transactionRequestId && { transactionRequestId: body.transactionRequestId }),
        requestHash, request: body, createdAt: context.now(),
      });
      if (!created) {
        // API Definition v1.1 §3.2.5: a resend gets the answer again; the same id with other content is 3106.
        if (record.requestHash !== requestHash) {
          sendLater({ method: 'PUT', resource: 'quotes', path: `/quotes/${body.quoteId}/error`, source: tenant.fspId, destination: message.source, body: errorBody('3106', 'Modified request: another quote request had this quoteId') });
        } else if (record.result) {
          sendLater({ method: 'PUT', resource: 'quotes', path: record.result.path, source: tenant.fspId, destination: message.source, body: record.result.body });
        }
        return;
      }
      await start({ bpmnProcessId: 'payee-quote', tenantId: tenant.tenantId, variables: { tenantId: tenant.tenantId, quoteId: body.quoteId, requesterFsp: message.source, quoteRequest: body } });
      return;
    }
    if (message.method !== 'PUT') throw fspiopError('3000', `${message.method} ${message.uri} is not served by a DFSP`);
    const quoteId = message.params.ID!;
    const variables = message.kind === 'error'
      ? failure(message, 'quoteError')
      : { quoteResponse: message.body, quoteError: null };
    await publish('quote-result', quoteId, `quote:${quoteId}`, variables);
  }

  async function transfers(tenant: HubTenant, message: InboundFspiopMessage) {
    if (message.kind === 'request' && message.method === 'POST') {
      const body = message.body as { transferId: string; payerFsp: string; payeeFsp: string; amount: { amount: string; currency: string }; ilpPacket: string };
      const requestHash = contentHash(body);
      let transactionId = body.transferId;
      try {
        transactionId = context.ilpFor(tenant.tenantId).decode(body.ilpPacket).transactionId;
      } catch {
        // An undecodable packet fails the deposit step with its own error; the record keeps the transfer id.
      }
      const now = context.now();
      const { created, record } = await store.createTransfer({
        tenantId: tenant.tenantId, transferId: body.transferId, direction: 'INBOUND', transactionId, status: 'RECEIVED',
        payer: { idType: 'FSP', idValue: body.payerFsp, fspId: body.payerFsp }, payee: { idType: 'FSP', idValue: body.payeeFsp, fspId: body.payeeFsp },
        amount: body.amount.amount, currency: body.amount.currency, requestHash, prepare: body, createdAt: now, updatedAt: now,
      });
      if (!created) {
        if (record.requestHash !== requestHash) {
          sendLater({ method: 'PUT', resource: 'transfers', path: `/transfers/${body.transferId}/error`, source: tenant.fspId, destination: message.source, body: errorBody('3106', 'Modified request: another transfer had this transferId') });
        } else if (record.result) {
          sendLater({ method: 'PUT', resource: 'transfers', path: record.result.path, source: tenant.fspId, destination: message.source, body: record.result.body });
        }
        return;
      }
      await startPayeeTransfer(context, record, message.source);
      return;
    }
    if (message.method === 'PATCH') return; // v1.1 commit notification for RESERVED transfers; Lango never asks for it.
    if (message.method === 'GET') {
      const record = await store.transfer(tenant.tenantId, message.params.ID!, 'INBOUND');
      if (record?.result) sendLater({ method: 'PUT', resource: 'transfers', path: record.result.path, source: tenant.fspId, destination: message.source, body: record.result.body });
      return;
    }
    const transferId = message.params.ID!;
    if (message.kind === 'error') {
      const aborted = failure(message, 'transferError');
      // 3106 is about a duplicate prepare with other content, not about the transfer: its outcome still comes.
      if (aborted.errorCode === '3106') {
        logger.warn({ transferId, source: message.source }, 'a duplicate of this transfer with other content was refused (3106)');
        return;
      }
      // As payer: the transfer failed. As payee (the switch tells both sides of an expiry): a deposit made
      // already is taken back.
      await publish('transfer-result', transferId, `transfer:${transferId}`, { transferState: 'ABORTED', ...aborted });
      if (await store.claimReversal(tenant.tenantId, transferId)) {
        await start({ bpmnProcessId: 'payee-transfer-reversal', tenantId: tenant.tenantId, variables: { tenantId: tenant.tenantId, transferId, errorCode: aborted.errorCode, errorDescription: aborted.errorDescription } });
      }
      return;
    }
    const body = message.body as { transferState: string; fulfilment?: string; completedTimestamp?: string };
    if (body.transferState === 'COMMITTED') {
      const record = await store.transfer(tenant.tenantId, transferId, 'OUTBOUND');
      const condition = (record?.prepare as { condition?: string } | undefined)?.condition;
      // The switch checked it too; a payer commits the withdrawal only for the fulfilment of its own condition.
      if (!condition || !body.fulfilment || !context.ilpFor(tenant.tenantId).fulfilmentMatches(body.fulfilment, condition)) {
        logger.warn({ transferId }, 'a COMMITTED callback whose fulfilment does not match the condition was ignored');
        return;
      }
      await publish('transfer-result', transferId, `transfer:${transferId}`, { transferState: 'COMMITTED', fulfilment: body.fulfilment, completedTimestamp: body.completedTimestamp ?? null });
    } else if (body.transferState === 'ABORTED') {
      await publish('transfer-result', transferId, `transfer:${transferId}`, { transferState: 'ABORTED', errorCode: '3303', errorDescription: 'The switch aborted the transfer' });
    }
    // RECEIVED / RESERVED (an answer to a query while the transfer is in flight): keep waiting.
  }

  async function transactionRequests(tenant: HubTenant, message: InboundFspiopMessage) {
    if (message.kind === 'request' && message.method === 'POST') {
      const body = message.body as { transactionRequestId: string; payer: { partyIdType: string; partyIdentifier: string }; payee: { partyIdInfo: { partyIdType: string; partyIdentifier: string; fspId?: string } }; amount: { amount: string; currency: string }; note?: string };
      const requestHash = contentHash(body);
      const now = context.now();
      const { created, record } = await store.createTransactionRequest({
        tenantId: tenant.tenantId, transactionRequestId: body.transactionRequestId, direction: 'INBOUND', status: 'RECEIVED',
        payer: { idType: body.payer.partyIdType, idValue: body.payer.partyIdentifier, fspId: tenant.fspId },
        payee: { idType: body.payee.partyIdInfo.partyIdType, idValue: body.payee.partyIdInfo.partyIdentifier, fspId: message.source },
        amount: body.amount.amount, currency: body.amount.currency, ...(body.note && { note: body.note }), requestHash, createdAt: now, updatedAt: now,
      });
      if (!created) {
        if (record.requestHash !== requestHash) {
          sendLater({ method: 'PUT', resource: 'transactionRequests', path: `/transactionRequests/${body.transactionRequestId}/error`, source: tenant.fspId, destination: message.source, body: errorBody('3106', 'Modified request: another transaction request had this id') });
        }
        return;
      }
      const processInstanceKey = await start({
        bpmnProcessId: 'payer-transaction-request', tenantId: tenant.tenantId,
        variables: {
          tenantId: tenant.tenantId, transactionRequestId: body.transactionRequestId, requesterFsp: message.source, transactionRequest: body,
          confirmationRequired: false, timeouts: context.settings.timeouts, maxTransferQueries: context.settings.maxTransferQueries,
          transferQueries: 0, partyError: null, quoteError: null,
        },
      });
      await store.updateTransactionRequest(tenant.tenantId, body.transactionRequestId, 'INBOUND', { processInstanceKey });
      return;
    }
    if (message.method !== 'PUT') throw fspiopError('3000', `${message.method} ${message.uri} is not served here`);
    const id = message.params.ID!;
    const variables = message.kind === 'error'
      ? { ...failure(message, 'transactionRequestError'), transactionRequestState: 'REJECTED' }
      : { transactionRequestState: (message.body as { transactionRequestState: string }).transactionRequestState, transactionRequestError: null };
    await publish('transaction-request-result', id, `transaction-request:${id}:${String(variables.transactionRequestState)}`, variables);
  }

  return {
    async handle(message) {
      const tenant = tenants.byFsp(message.destination);
      if (!tenant) throw fspiopError('3201', `FSP ${message.destination ?? '(none)'} is not served here`);
      switch (message.resource) {
        case 'parties': return parties(tenant, message);
        case 'participants': return participants(tenant, message);
        case 'quotes': return quotes(tenant, message);
        case 'transfers': return transfers(tenant, message);
        case 'transactionRequests': return transactionRequests(tenant, message);
        // Lango's requests to pay are approved on the payer's channel, not with an OTP at the payee's device.
        case 'authorizations': throw fspiopError('2002', 'authorizations are not supported: the payer approves requests to pay in their own channel');
      }
    },
  };
}
