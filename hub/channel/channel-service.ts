// SPDX-License-Identifier: Apache-2.0
// The channel API's use cases (PH-EE's channel connector): a DFSP's own app starts transfers, requests to pay
// and party registrations for its customers, and reads their state. Each request is recorded durably and its
// flow created before the caller gets an answer; a repeated idempotency key returns the first answer.
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { fromMinorUnits, toMinorUnits } from '../../platform/money/index.js';
import type { FlowContext } from '../flows/flow-context.js';
import { accountBalance, accountStatement, type AccountView, type StatementPage } from './channel-accounts.js';
import { contentHash } from '../flows/content-hash.js';
import type { PartyIdInfo } from '../flows/fspiop-bodies.js';
import type { PayerTransferVariables } from '../flows/payer-transfer-workers.js';
import { registrationKey } from '../flows/registration-workers.js';
import type { PartyRef, TransactionRequestRecord, TransferRecord } from '../payments/payment-records.js';

export interface ChannelCaller {
  clientId: string;
}

export interface Money {
  amount: string;
  currency: string;
}

export interface TransferRequest {
  payer: { partyIdInfo: PartyIdInfo };
  payee: { partyIdInfo: PartyIdInfo };
  amount: Money;
  note?: string;
  /** Two-step channels: the flow waits for POST .../confirmation after the quote (fees known). */
  confirmationRequired?: boolean;
}

export interface AccountTransferRequest {
  /** The payer's account id in the tenant's AMS. */
  payerAccountId: string;
  payee: { partyIdInfo: PartyIdInfo };
  amount: Money;
  note?: string | undefined;
}

export interface OnUsTransferRequest {
  /** The payer's and the payee's account ids in the tenant's AMS. */
  payerAccountId: string;
  payeeAccountId: string;
  amount: Money;
  note?: string | undefined;
}

export interface TransactionRequestInput {
  payer: { partyIdInfo: PartyIdInfo };
  payee: { partyIdInfo: PartyIdInfo };
  amount: Money;
  note?: string;
}

export interface PartyRegistrationInput {
  idType: string;
  idValue: string;
  accountId: string;
}

export interface Accepted {
  /** True when this call created it; false for a repeat of an idempotency key. */
  created: boolean;
}

/** A transfer as the channel shows it. */
export interface TransferView {
  transactionId: string;
  transferId: string;
  direction: 'OUTBOUND' | 'INBOUND';
  status: TransferRecord['status'];
  stage?: string;
  payer: PartyRef;
  payee: PartyRef;
  amount: Money;
  payerFee?: Money;
  payeeFee?: Money;
  note?: string;
  transactionRequestId?: string;
  errorCode?: string;
  errorDescription?: string;
  createdAt: string;
  completedAt?: string;
}

const ID_TYPES = ['MSISDN', 'EMAIL', 'PERSONAL_ID', 'BUSINESS', 'DEVICE', 'ACCOUNT_ID', 'IBAN', 'ALIAS'];

function checkParty(party: PartyIdInfo | undefined, path: string): PartyRef {
  if (!party || typeof party.partyIdType !== 'string' || typeof party.partyIdentifier !== 'string') throw new ValidationError(`${path} needs partyIdType and partyIdentifier`, { path });
  if (!ID_TYPES.includes(party.partyIdType)) throw new ValidationError(`${path}.partyIdType must be one of ${ID_TYPES.join(', ')}`, { path: `${path}.partyIdType` });
  if (!/^[A-Za-z0-9@.+_-]{1,128}$/.test(party.partyIdentifier)) throw new ValidationError(`${path}.partyIdentifier is not a valid identifier`, { path: `${path}.partyIdentifier` });
  if (party.partyIdType === 'MSISDN' && !/^[1-9]\d{4,14}$/.test(party.partyIdentifier)) throw new ValidationError(`${path}.partyIdentifier is not an MSISDN (E.164 digits)`, { path: `${path}.partyIdentifier` });
  return { idType: party.partyIdType, idValue: party.partyIdentifier, ...(party.partySubIdOrType && { subId: party.partySubIdOrType }) };
}

function checkNote(note: unknown): string | undefined {
  if (note === undefined) return undefined;
  if (typeof note !== 'string' || note.length > 128) throw new ValidationError('note must be a string of at most 128 characters', { path: 'note' });
  return note;
}

const iso = (epochMs: number | undefined) => (epochMs === undefined ? undefined : new Date(epochMs).toISOString());

export function transferView(record: TransferRecord): TransferView {
  const money = (amount: string | undefined) => (amount === undefined ? undefined : { amount, currency: record.currency });
  const view: TransferView = {
    transactionId: record.transactionId, transferId: record.transferId, direction: record.direction, status: record.status,
    payer: record.payer, payee: record.payee, amount: { amount: record.amount, currency: record.currency }, createdAt: iso(record.createdAt)!,
  };
  return Object.assign(view,
    record.stage && { stage: record.stage }, record.payerFee && { payerFee: money(record.payerFee) }, record.payeeFee && { payeeFee: money(record.payeeFee) },
    record.note && { note: record.note }, record.transactionRequestId && { transactionRequestId: record.transactionRequestId },
    record.errorCode && { errorCode: record.errorCode }, record.errorDescription && { errorDescription: record.errorDescription },
    record.completedAt && { completedAt: iso(record.completedAt) });
}

export class ChannelService {
  constructor(private readonly context: FlowContext) {}

  /** Validates the amount against the tenant's currency; ValidationError otherwise. */
  #money(tenantId: string, amount: Money | undefined): Money {
    const tenant = this.context.tenants.byId(tenantId);
    if (!amount || typeof amount.amount !== 'string' || typeof amount.currency !== 'string') throw new ValidationError('amount needs amount and currency as strings', { path: 'amount' });
    if (amount.currency !== tenant.currency) throw new ValidationError(`${tenant.name} sends ${tenant.currency}, not ${amount.currency}`, { path: 'amount.currency' });
    const minor = toMinorUnits(amount.amount, amount.currency);
    if (minor <= 0n) throw new ValidationError('amount must be more than zero', { path: 'amount.amount' });
    // FSPIOP amounts have no trailing zeros: "1500.50" travels as "1500.5".
    return { amount: fromMinorUnits(minor, amount.currency), currency: amount.currency };
  }

  /** The tenant's own customer behind an identifier; NotFoundError when it is not one. */
  async #customer(tenantId: string, party: PartyRef, path: string): Promise<PartyRef> {
    const mapped = await this.context.identities.lookup(party.idType, party.idValue);
    if (!mapped || mapped.tenantId !== tenantId) throw new NotFoundError(`${party.idType} ${party.idValue} is not a customer of ${tenantId}`, { path });
    const account = await this.context.ams.account(tenantId, mapped.accountId).catch(() => undefined);
    return { ...party, fspId: this.context.tenants.byId(tenantId).fspId, accountId: mapped.accountId, ...(account?.holderName && { name: account.holderName }) };
  }

  /** One of the tenant's accounts as a party, named by its AMS id; NotFoundError when the AMS does not know it. */
  async #accountParty(tenantId: string, accountId: string, path: string): Promise<PartyRef> {
    const account = await this.context.ams.account(tenantId, accountId);
    if (!account) throw new NotFoundError(`account ${accountId} is not known at ${tenantId}`, { path });
    return { idType: 'ACCOUNT_ID', idValue: accountId, fspId: this.context.tenants.byId(tenantId).fspId, accountId, ...(account.holderName && { name: account.holderName }) };
  }

  /** Starts a P2P transfer; a repeat of the idempotency key with the same content returns the first transfer, other content is 409. */
  async startTransfer(tenantId: string, caller: ChannelCaller, idempotencyKey: string | undefined, request: TransferRequest): Promise<TransferView & Accepted> {
    const amount = this.#money(tenantId, request?.amount);
    const payerParty = checkParty(request.payer?.partyIdInfo, 'payer.partyIdInfo');
    const payee = checkParty(request.payee?.partyIdInfo, 'payee.partyIdInfo');
    const note = checkNote(request.note);
    const confirmationRequired = request.confirmationRequired === true;
    const requestHash = contentHash({ payer: payerParty, payee, amount, note, confirmationRequired });
    const payer = await this.#customer(tenantId, payerParty, 'payer.partyIdInfo');
    // An account of this very FSP (ACCOUNT_ID with the tenant's own fspId) is paid inside its AMS, not over the scheme.
    if (payee.idType === 'ACCOUNT_ID' && request.payee.partyIdInfo.fspId === this.context.tenants.byId(tenantId).fspId) {
      return this.startOnUsTransfer(tenantId, caller, idempotencyKey ?? randomUUID(), { payerAccountId: payer.accountId!, payeeAccountId: payee.idValue, amount, note });
    }
    return this.#start(tenantId, caller, idempotencyKey, requestHash, { payer, payee, amount, note, confirmationRequired });
  }

  /**
   * Starts a P2P transfer from one of the tenant's accounts, named by its AMS id (the gateway's authorised payments);
   * idempotent as startTransfer. NotFoundError when the AMS does not know the account.
   */
  async startAccountTransfer(tenantId: string, caller: ChannelCaller, idempotencyKey: string, request: AccountTransferRequest): Promise<TransferView & Accepted> {
    const amount = this.#money(tenantId, request?.amount);
    const payee = checkParty(request.payee?.partyIdInfo, 'payee.partyIdInfo');
    const note = checkNote(request.note);
    const requestHash = contentHash({ payerAccountId: request.payerAccountId, payee, amount, note });
    const payer = await this.#accountParty(tenantId, request.payerAccountId, 'payerAccountId');
    return this.#start(tenantId, caller, idempotencyKey, requestHash, { payer, payee, amount, note, confirmationRequired: false });
  }

  /**
   * Starts a transfer between two accounts of the tenant, inside its AMS (on-us-transfer.bpmn), both named by their
   * AMS ids; idempotent as startTransfer. NotFoundError when the AMS does not know either account.
   */
  async startOnUsTransfer(tenantId: string, caller: ChannelCaller, idempotencyKey: string, request: OnUsTransferRequest): Promise<TransferView & Accepted> {
    const amount = this.#money(tenantId, request?.amount);
    const note = checkNote(request.note);
    if (request.payerAccountId === request.payeeAccountId) throw new ValidationError('payer and payee are the same account', { path: 'payeeAccountId' });
    const requestHash = contentHash({ payerAccountId: request.payerAccountId, payeeAccountId: request.payeeAccountId, amount, note, onUs: true });
    const payer = await this.#accountParty(tenantId, request.payerAccountId, 'payerAccountId');
    const payee = await this.#accountParty(tenantId, request.payeeAccountId, 'payeeAccountId');
    const now = this.context.now();
    const record: TransferRecord = {
      tenantId, transferId: randomUUID(), direction: 'OUTBOUND', transactionId: randomUUID(), quoteId: randomUUID(), status: 'RECEIVED',
      payer, payee, amount: amount.amount, currency: amount.currency, ...(note && { note }), clientId: caller.clientId, idempotencyKey, requestHash, createdAt: now, updatedAt: now,
    };
    const { created, record: stored } = await this.context.store.createTransfer(record);
    if (!created) return this.#sameOrConflict(stored, requestHash);
    const processInstanceKey = await this.startOnUsFlow(stored);
    return { ...transferView({ ...stored, status: 'IN_PROGRESS', processInstanceKey }), created: true };
  }

  /** Creates the on-us-transfer instance of a recorded transfer (also used to recover one recorded before a crash). */
  async startOnUsFlow(record: TransferRecord): Promise<string> {
    const { processInstanceKey } = await this.context.engine.createInstance({
      bpmnProcessId: 'on-us-transfer', tenantId: record.tenantId,
      variables: {
        tenantId: record.tenantId, transactionId: record.transactionId, transferId: record.transferId, quoteId: record.quoteId!,
        payer: record.payer, payee: record.payee, amount: record.amount, currency: record.currency, ...(record.note && { note: record.note }),
      },
    });
    await this.context.store.updateTransfer(record.tenantId, record.transferId, 'OUTBOUND', { status: 'IN_PROGRESS', processInstanceKey });
    return processInstanceKey;
  }

  async #start(tenantId: string, caller: ChannelCaller, idempotencyKey: string | undefined, requestHash: string, transfer: { payer: PartyRef; payee: PartyRef; amount: Money; note: string | undefined; confirmationRequired: boolean }): Promise<TransferView & Accepted> {
    const { payer, payee, amount, note } = transfer;
    const now = this.context.now();
    const record: TransferRecord = {
      tenantId, transferId: randomUUID(), direction: 'OUTBOUND', transactionId: randomUUID(), quoteId: randomUUID(), status: 'RECEIVED',
      payer, payee, amount: amount.amount, currency: amount.currency, ...(note && { note }), clientId: caller.clientId,
      ...(idempotencyKey && { idempotencyKey }), requestHash, createdAt: now, updatedAt: now,
    };
    // A repeated idempotency key finds the first transfer (unique per tenant, client and key).
    const { created, record: stored } = await this.context.store.createTransfer(record);
    if (!created) return this.#sameOrConflict(stored, requestHash);
    const processInstanceKey = await this.startPayerTransfer(stored, transfer.confirmationRequired);
    return { ...transferView({ ...stored, status: 'IN_PROGRESS', processInstanceKey }), created: true };
  }

  #sameOrConflict(stored: TransferRecord, requestHash: string): TransferView & Accepted {
    if (stored.requestHash !== requestHash) throw new ConflictError('this idempotency key was used for a different transfer', { path: 'X-Idempotency-Key' });
    return { ...transferView(stored), created: false };
  }

  /** Creates the payer-transfer instance of a recorded transfer (also used to recover one recorded before a crash). */
  async startPayerTransfer(record: TransferRecord, confirmationRequired: boolean): Promise<string> {
    const { engine, settings, store } = this.context;
    const created = await engine.createInstance({
      bpmnProcessId: 'payer-transfer', tenantId: record.tenantId,
      variables: {
        tenantId: record.tenantId, transactionId: record.transactionId, transferId: record.transferId, quoteId: record.quoteId!,
        lookupId: record.transactionId, lookupParty: record.payee, payer: record.payer, payee: record.payee,
        amount: record.amount, currency: record.currency, ...(record.note && { note: record.note }),
        confirmationRequired, timeouts: { ...settings.timeouts }, maxTransferQueries: settings.maxTransferQueries, transferQueries: 0,
        partyError: null, quoteError: null,
      } satisfies PayerTransferVariables,
    });
    await store.updateTransfer(record.tenantId, record.transferId, 'OUTBOUND', { status: 'IN_PROGRESS', processInstanceKey: created.processInstanceKey });
    return created.processInstanceKey;
  }

  /** The transfer with this transactionId, outgoing or incoming; NotFoundError otherwise. */
  async transfer(tenantId: string, transactionId: string): Promise<TransferView> {
    const record = (await this.context.store.transferByTransaction(tenantId, transactionId, 'OUTBOUND'))
      ?? (await this.context.store.transferByTransaction(tenantId, transactionId, 'INBOUND'));
    if (!record) throw new NotFoundError(`no transfer ${transactionId}`, { path: 'transactionId' });
    return transferView(record);
  }

  /** The payer's answer in a two-step transfer, once the fees are known. */
  async confirmTransfer(tenantId: string, transactionId: string, accept: boolean): Promise<TransferView> {
    const view = await this.transfer(tenantId, transactionId);
    if (view.direction !== 'OUTBOUND' || view.status !== 'IN_PROGRESS') throw new ConflictError(`transfer ${transactionId} is not waiting for a confirmation`);
    await this.context.engine.publishMessage({ name: 'payer-confirmation', correlationKey: transactionId, messageId: `confirm:${transactionId}`, timeToLive: 60_000, variables: { confirmed: accept === true } });
    return view;
  }

  /** A request to pay from this tenant's payee to a payer anywhere in the scheme. */
  async startTransactionRequest(tenantId: string, caller: ChannelCaller, idempotencyKey: string | undefined, input: TransactionRequestInput): Promise<TransactionRequestRecord & Accepted> {
    const amount = this.#money(tenantId, input?.amount);
    const payer = checkParty(input.payer?.partyIdInfo, 'payer.partyIdInfo');
    const payeeParty = checkParty(input.payee?.partyIdInfo, 'payee.partyIdInfo');
    const note = checkNote(input.note);
    const requestHash = contentHash({ payer, payee: payeeParty, amount, note });
    const payee = await this.#customer(tenantId, payeeParty, 'payee.partyIdInfo');
    const now = this.context.now();
    const transactionRequestId = randomUUID();
    const { created, record } = await this.context.store.createTransactionRequest({
      tenantId, transactionRequestId, direction: 'OUTBOUND', status: 'RECEIVED', payer, payee, amount: amount.amount, currency: amount.currency,
      ...(note && { note }), clientId: caller.clientId, ...(idempotencyKey && { idempotencyKey }), requestHash, createdAt: now, updatedAt: now,
    });
    if (!created) {
      if (record.requestHash !== requestHash) throw new ConflictError('this idempotency key was used for a different request', { path: 'X-Idempotency-Key' });
      return { ...record, created: false };
    }
    const { processInstanceKey } = await this.context.engine.createInstance({
      bpmnProcessId: 'payee-transaction-request', tenantId,
      variables: {
        tenantId, transactionRequestId, lookupId: transactionRequestId, lookupParty: payer, payer, payee, amount: amount.amount,
        currency: amount.currency, ...(note && { note }), timeouts: this.context.settings.timeouts, partyError: null, transactionRequestError: null,
      },
    });
    await this.context.store.updateTransactionRequest(tenantId, transactionRequestId, 'OUTBOUND', { processInstanceKey });
    return { ...record, processInstanceKey, created: true };
  }

  /** A request to pay, sent or received by this tenant; NotFoundError otherwise. */
  async transactionRequest(tenantId: string, transactionRequestId: string): Promise<TransactionRequestRecord> {
    const record = (await this.context.store.transactionRequest(tenantId, transactionRequestId, 'OUTBOUND'))
      ?? (await this.context.store.transactionRequest(tenantId, transactionRequestId, 'INBOUND'));
    if (!record) throw new NotFoundError(`no transaction request ${transactionRequestId}`, { path: 'transactionRequestId' });
    return record;
  }

  /** The payer's decision on a request to pay received from another FSP. */
  async decideTransactionRequest(tenantId: string, transactionRequestId: string, accept: boolean): Promise<TransactionRequestRecord> {
    const record = await this.context.store.transactionRequest(tenantId, transactionRequestId, 'INBOUND');
    if (!record) throw new NotFoundError(`no transaction request ${transactionRequestId} for a payer of ${tenantId}`, { path: 'transactionRequestId' });
    if (record.status !== 'PENDING') throw new ConflictError(`the request is ${record.status}, not waiting for a decision`);
    await this.context.engine.publishMessage({ name: 'transaction-request-decision', correlationKey: transactionRequestId, messageId: `decision:${transactionRequestId}`, timeToLive: 60_000, variables: { accepted: accept === true } });
    await this.context.store.updateTransactionRequest(tenantId, transactionRequestId, 'INBOUND', { status: accept === true ? 'ACCEPTED' : 'REJECTED' });
    return { ...record, status: accept === true ? 'ACCEPTED' : 'REJECTED' };
  }

  /** Balances of the tenant's customer named by MSISDN or ACCOUNT_ID; NotFoundError when not the tenant's (channel-accounts.ts). */
  async account(tenantId: string, idType: string, idValue: string): Promise<AccountView> {
    return accountBalance(this.context, tenantId, idType, idValue);
  }

  /** A page of that customer's bookings, newest first, with counterparties; errors as account(). */
  async accountTransactions(tenantId: string, idType: string, idValue: string, query: { offset?: string; limit?: string }): Promise<StatementPage> {
    return accountStatement(this.context, tenantId, idType, idValue, query);
  }

  /** Registers an identifier for one of the tenant's accounts, here and at the switch. */
  async registerParty(tenantId: string, input: PartyRegistrationInput): Promise<{ registrationId: string; status: string }> {
    const party = checkParty({ partyIdType: input?.idType, partyIdentifier: input?.idValue }, 'party');
    if (typeof input.accountId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(input.accountId)) throw new ValidationError('accountId is required', { path: 'accountId' });
    const tenant = this.context.tenants.byId(tenantId);
    const registrationId = randomUUID();
    const now = this.context.now();
    await this.context.store.createRegistration({ tenantId, registrationId, idType: party.idType, idValue: party.idValue, accountId: input.accountId, status: 'RECEIVED', createdAt: now, updatedAt: now });
    const { processInstanceKey } = await this.context.engine.createInstance({
      bpmnProcessId: 'party-registration', tenantId,
      variables: {
        tenantId, registrationId, idType: party.idType, idValue: party.idValue, accountId: input.accountId,
        registrationKey: registrationKey(tenant.fspId, party.idType, party.idValue), timeouts: this.context.settings.timeouts, registrationError: null,
      },
    });
    await this.context.store.updateRegistration(tenantId, registrationId, { processInstanceKey });
    return { registrationId, status: 'RECEIVED' };
  }

  /** A registration's state; NotFoundError otherwise. */
  async registration(tenantId: string, registrationId: string) {
    const record = await this.context.store.registration(tenantId, registrationId);
    if (!record) throw new NotFoundError(`no registration ${registrationId}`, { path: 'registrationId' });
    return record;
  }
}
