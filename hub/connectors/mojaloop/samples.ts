// SPDX-License-Identifier: Apache-2.0
// Realistic FSPIOP v1.1 bodies for tests and simulators: one payer-initiated P2P transfer as it crosses the scheme
// (lookup → quote → transfer), every body valid against the api-snippets OpenAPI. Sandbox values (TZS, MSISDNs).
import { randomUUID } from 'node:crypto';
import type { FspiopIlp, FspiopMoney, FspiopPartyIdInfo } from './ilp.js';

/** Personal data of the sandbox PSU John Smith; never real. */
export function sampleParty(partyIdInfo: FspiopPartyIdInfo, name = { firstName: 'John', lastName: 'Smith' }) {
  return {
    partyIdInfo,
    name: `${name.firstName} ${name.lastName}`,
    personalInfo: { complexName: { firstName: name.firstName, lastName: name.lastName }, dateOfBirth: '1984-01-01' },
  };
}

/** FSPIOP DateTime: ISO 8601 with milliseconds and zone, e.g. `2026-11-29T19:00:00.000Z`. */
export function fspiopDateTime(date: Date = new Date()): string {
  return date.toISOString();
}

export interface SampleTransferSettings {
  payerFsp: string;
  payeeFsp: string;
  payerMsisdn?: string;
  payeeMsisdn?: string;
  amount?: FspiopMoney;
  /** Seconds until the quote and the transfer expire; default 60. */
  expiresInSeconds?: number;
  quoteId?: string;
  transactionId?: string;
  transferId?: string;
}

/** PUT /parties/MSISDN/{ID}: the payee FSP's answer to the lookup. */
export function samplePartiesPut(fspId: string, msisdn: string) {
  return { party: sampleParty({ partyIdType: 'MSISDN', partyIdentifier: msisdn, fspId }) };
}

/** PUT /participants/MSISDN/{ID}: the switch's oracle answer. */
export function sampleParticipantsPut(fspId: string) {
  return { fspId };
}

/** POST /participants/MSISDN/{ID}: an FSP registering one of its parties. */
export function sampleParticipantsPost(fspId: string, currency = 'TZS') {
  return { fspId, currency };
}

/**
 * Every body of one transfer, with consistent ids: quote request (payer → payee), quote response with ILP terms
 * from `ilp` (the payee's secret), transfer prepare (payer → switch → payee), fulfil (payee) and the switch's
 * PATCH notification. `fulfilment` is the payee's secret, not a message.
 */
export function sampleTransfer(settings: SampleTransferSettings, ilp: FspiopIlp, now: Date = new Date()) {
  const amount = settings.amount ?? { amount: '100', currency: 'TZS' };
  const expiration = fspiopDateTime(new Date(now.getTime() + (settings.expiresInSeconds ?? 60) * 1000));
  const quoteId = settings.quoteId ?? randomUUID();
  const transactionId = settings.transactionId ?? randomUUID();
  const transferId = settings.transferId ?? transactionId;
  const quoteRequest = {
    quoteId,
    transactionId,
    payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: settings.payeeMsisdn ?? '27710305999', fspId: settings.payeeFsp } },
    payer: sampleParty({ partyIdType: 'MSISDN', partyIdentifier: settings.payerMsisdn ?? '27710101999', fspId: settings.payerFsp }),
    amountType: 'SEND',
    amount,
    transactionType: { scenario: 'TRANSFER', initiator: 'PAYER', initiatorType: 'CONSUMER' },
    note: 'Lunch',
    expiration,
  };
  const quoteTerms = { transferAmount: amount, payeeReceiveAmount: amount, expiration };
  const { ilpPacket, condition, fulfilment } = ilp.quoteResponse(quoteRequest, quoteTerms);
  const quoteResponse = { ...quoteTerms, ilpPacket, condition };
  const transferPrepare = { transferId, payerFsp: settings.payerFsp, payeeFsp: settings.payeeFsp, amount, ilpPacket, condition, expiration };
  const completedTimestamp = fspiopDateTime(now);
  const transferFulfil = { fulfilment, completedTimestamp, transferState: 'COMMITTED' };
  const transferPatch = { completedTimestamp, transferState: 'COMMITTED' };
  return { quoteId, transactionId, transferId, quoteRequest, quoteResponse, transferPrepare, transferFulfil, transferPatch, fulfilment };
}

/** POST /transactionRequests: a payee (merchant) asking the payer's FSP to pay. */
export function sampleTransactionRequest(payerFsp: string, payeeFsp: string, amount: FspiopMoney = { amount: '50', currency: 'TZS' }) {
  return {
    transactionRequestId: randomUUID(),
    payee: sampleParty({ partyIdType: 'MSISDN', partyIdentifier: '27710305999', fspId: payeeFsp }, { firstName: 'Rhino', lastName: 'Shop' }),
    payer: { partyIdType: 'MSISDN', partyIdentifier: '27710101999', fspId: payerFsp },
    amount,
    transactionType: { scenario: 'PAYMENT', initiator: 'PAYEE', initiatorType: 'BUSINESS' },
    note: 'Invoice 42',
  };
}

/** PUT /transactionRequests/{ID}: the payer FSP received the request. */
export function sampleTransactionRequestPut(transactionId: string = randomUUID()) {
  return { transactionId, transactionRequestState: 'RECEIVED' };
}

/** PUT /authorizations/{ID}: the payer entered the OTP. */
export function sampleAuthorizationPut(otp = '123456') {
  return { authenticationInfo: { authentication: 'OTP', authenticationValue: otp }, responseType: 'ENTERED' };
}

/** PUT .../error: an error callback body. */
export function sampleErrorCallback(errorCode = '5101', errorDescription = 'Payee rejected quote') {
  return { errorInformation: { errorCode, errorDescription } };
}
