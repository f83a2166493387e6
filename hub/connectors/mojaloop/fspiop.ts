// SPDX-License-Identifier: Apache-2.0
// Lango as a Mojaloop DFSP: the FSPIOP messages it receives on the scheme listener and sends to the switch.
// Ports only; the HTTP adapters (fspiop-http-client.ts, http/fspiop-routes.ts) implement them. FSPIOP API
// Definition v1.1 (async request/callback over HTTP, JWS FSPIOP-Signature, ILP condition and fulfilment).

export const FSPIOP_RESOURCES = ['parties', 'participants', 'quotes', 'transfers', 'transactionRequests', 'authorizations'] as const;
export type FspiopResource = (typeof FSPIOP_RESOURCES)[number];
export type FspiopMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';

/**
 * One validated message from the scheme. `kind`: a new request (GET/POST), its answer (PUT, PATCH) or an error
 * callback (PUT .../error). Ids are taken from the path: `/parties/{Type}/{ID}[/{SubId}]`,
 * `/participants/{Type}/{ID}[/{SubId}]`, `/quotes/{ID}`, `/transfers/{ID}`, ...
 */
export interface InboundFspiopMessage {
  resource: FspiopResource;
  method: FspiopMethod;
  kind: 'request' | 'callback' | 'error';
  /** The FSPIOP URI as received (path and query), e.g. `/parties/MSISDN/27710101999`. */
  uri: string;
  /** `{ Type, ID, SubId }` for parties and participants, `{ ID }` for the others. */
  params: { Type?: string; ID?: string; SubId?: string };
  /** FSPIOP-Source: the FSP (or `switch`) that sent it; its JWS signature has been verified. */
  source: string;
  /** FSPIOP-Destination: one of this deployment's FSP ids (absent on some GET /parties). */
  destination: string | undefined;
  /** The body, valid against the FSPIOP OpenAPI; undefined for GET. */
  body: unknown;
  /** The body bytes as received: the ones the sender signed, which a switch forwards unchanged. */
  rawBody?: string;
  /** Every header as received, lower-case names (a switch forwards them unchanged). */
  headers: Readonly<Record<string, string>>;
}

/**
 * What the hub does with a scheme message. Resolves once the message is durably taken over (an engine message
 * published or an instance created), so the scheme listener answers 202 only after that; a rejection becomes
 * the synchronous FSPIOP error answer.
 */
export interface FspiopInboundHandler {
  handle(message: InboundFspiopMessage): Promise<void>;
}

export interface FspiopRequest {
  method: FspiopMethod;
  resource: FspiopResource;
  /** Path below the switch's base URL, e.g. `/transfers/2f6a...` or `/quotes/1234/error`. */
  path: string;
  /** FSPIOP-Source: the tenant's FSP id, whose key signs the message. */
  source: string;
  /** FSPIOP-Destination; omitted for a GET /parties the switch's account lookup routes. */
  destination?: string;
  body?: unknown;
  /** Extra headers (e.g. a forwarded FSPIOP-Signature for a switch); never overrides Date, Source or Destination. */
  headers?: Record<string, string>;
}

/** Sends FSPIOP messages to the switch, signed as their source. */
export interface FspiopClient {
  /**
   * Resolves when the switch accepted the message (202/200). Rejects with FspiopTransportError (no answer,
   * 5xx: worth retrying) or FspiopRejectedError (the switch's synchronous errorInformation: final).
   */
  send(request: FspiopRequest): Promise<void>;
}

/** Signing keys of this deployment's FSPs and verification keys of every scheme participant (and the switch). */
export interface FspiopKeys {
  /** PEM private key that signs messages from `fspId`; throws when this deployment does not hold it. */
  signingKey(fspId: string): string;
  /** PEM public key of `fspId` (or `switch`), or undefined when none is known. */
  verificationKey(fspId: string): string | undefined;
}
