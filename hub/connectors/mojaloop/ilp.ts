// SPDX-License-Identifier: Apache-2.0
// ILP v1 as FSPIOP 1.x uses it (API Definition v1.1 §4.5, "Interledger Payment Request"): the payee FSP derives the
// fulfilment from the packet with its secret, so it keeps no state between the quote and the transfer.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Ilp, SILENT_SDK_LOGGER } from './sdk.js';

export interface FspiopMoney {
  amount: string;
  currency: string;
}

export interface FspiopPartyIdInfo {
  partyIdType: string;
  partyIdentifier: string;
  partySubIdOrType?: string;
  fspId?: string;
}

/** The Transaction object inside an ILP v1 packet's data (§7.4.17), as sdk-standard-components builds it. */
export interface IlpTransaction {
  quoteId: string;
  transactionId: string;
  transactionType: Record<string, unknown>;
  payee: { partyIdInfo: FspiopPartyIdInfo } & Record<string, unknown>;
  payer: { partyIdInfo: FspiopPartyIdInfo } & Record<string, unknown>;
  /** The quote response's expiration, when it had one. */
  expiration?: string;
  /** The quote response's transferAmount. */
  amount: FspiopMoney;
  note?: string;
}

export interface IlpQuoteTerms {
  /** Base64url ILP v1 packet, for the PUT /quotes/{ID} body. */
  ilpPacket: string;
  /** Base64url SHA-256 of the fulfilment (43 characters). */
  condition: string;
  /** Base64url 32-byte preimage; secret until the payee commits the transfer. */
  fulfilment: string;
}

export interface FspiopIlp {
  /**
   * The payee's ILP terms for a quote: packet over the quote request's ids, parties and transaction type with
   * the response's transferAmount, expiration and note. Throws for a currency without known minor units.
   */
  quoteResponse(quoteRequest: unknown, quoteResponseWithoutIlp: { transferAmount: FspiopMoney; expiration?: string; note?: string }): IlpQuoteTerms;
  /** The payee at transfer time: the fulfilment of a packet this secret produced (HMAC-SHA-256 of the packet). */
  fulfilmentFor(ilpPacket: string): string;
  /** True when sha256(base64url-decoded fulfilment) is the base64url `condition`; false for anything malformed. */
  fulfilmentMatches(fulfilment: string, condition: string): boolean;
  /** The Transaction object carried in the packet; throws when the packet does not decode. */
  decode(ilpPacket: string): IlpTransaction;
}

/** ILP v1 for one payee secret (sdk-scheme-adapter's ILP_SECRET; every DFSP instance of a tenant shares it). */
export function createIlp(secret: string): FspiopIlp {
  const ilp = Ilp.ilpFactory(Ilp.ILP_VERSIONS.v1, { secret, logger: SILENT_SDK_LOGGER });
  return {
    quoteResponse(quoteRequest, quoteResponse) {
      const { ilpPacket, condition, fulfilment } = ilp.getQuoteResponseIlp(quoteRequest, quoteResponse);
      return { ilpPacket, condition, fulfilment };
    },
    fulfilmentFor: (ilpPacket) => ilp.calculateFulfil(ilpPacket),
    fulfilmentMatches,
    decode: (ilpPacket) => ilp.getTransactionObject(ilpPacket) as IlpTransaction,
  };
}

/** True when sha256(base64url-decoded fulfilment) is the base64url `condition` (FSPIOP v1.1 §6.7.1.2). */
export function fulfilmentMatches(fulfilment: string, condition: string): boolean {
  if (!/^[A-Za-z0-9_-]{43}$/.test(fulfilment) || !/^[A-Za-z0-9_-]{43}$/.test(condition)) return false;
  const digest = createHash('sha256').update(Buffer.from(fulfilment, 'base64url')).digest();
  return timingSafeEqual(digest, Buffer.from(condition, 'base64url'));
}
