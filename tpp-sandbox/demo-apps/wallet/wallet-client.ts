// SPDX-License-Identifier: Apache-2.0
// Every call the Lion Mobile Wallet makes to Lango, in one place so it reads as reference code for a DFSP's own app:
// the sandbox manifest, a client-credentials token (private_key_jwt) for the channel API, then JSON calls with
// `Platform-TenantId`. Nothing here reaches into Lango's internals: only public HTTP APIs.
import { randomUUID } from 'node:crypto';
import { SignJWT, importJWK, type JWK } from 'jose';

/** What the wallet reads from `GET <public>/sandbox/manifest.json`. */
export interface WalletManifest {
  listeners: Record<string, string>;
  currency: string | null;
  sca: { method: string; otp: string };
  banks: { tenantId: string; fspId: string; name: string }[];
  demoChannelApp?: { clientId: string; privateJwk: JWK };
  msisdns: { msisdn: string; tenantId: string; fspId?: string; accountId: string; owner?: string }[];
}

export interface Money {
  amount: string;
  currency: string;
}

export interface Party {
  idType: string;
  idValue: string;
  fspId?: string;
  name?: string;
}

/** `GET /channel/transfer/{transactionId}`. */
export interface ChannelTransfer {
  transactionId: string;
  direction: 'OUTBOUND' | 'INBOUND';
  status: 'RECEIVED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  stage?: string;
  payer: Party;
  payee: Party;
  amount: Money;
  payerFee?: Money;
  payeeFee?: Money;
  note?: string;
  transactionRequestId?: string;
  errorCode?: string;
  errorDescription?: string;
  createdAt: string;
}

/** `GET /channel/transactionRequest/{transactionRequestId}`. */
export interface ChannelTransactionRequest {
  transactionRequestId: string;
  direction: 'OUTBOUND' | 'INBOUND';
  status: 'RECEIVED' | 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'COMPLETED' | 'FAILED';
  payer: Party;
  payee: Party;
  amount: string;
  currency: string;
  note?: string;
  transactionId?: string;
  errorCode?: string;
  errorDescription?: string;
  createdAt: string;
}

/** `GET /channel/accounts/{idType}/{idValue}`. */
export interface ChannelAccount {
  accountId: string;
  currency: string;
  name?: string;
  balance: { available: string; ledger: string };
}

/** One entry of `GET /channel/accounts/{idType}/{idValue}/transactions`. */
export interface ChannelStatementEntry {
  entryId: string;
  direction: 'CREDIT' | 'DEBIT';
  amount: string;
  currency: string;
  time: string;
  kind: string;
  description?: string;
  transactionId?: string;
  counterparty?: Party;
}

export interface ChannelStatement {
  offset: number;
  limit: number;
  total: number;
  entries: ChannelStatementEntry[];
}

/** A message of the sandbox notification outbox (`GET <public>/sandbox/outbox`): the SMS the hub "sent". */
export interface OutboxMessage {
  recipient: string;
  template: string;
  text: string;
  reference: string;
  createdAt: string;
}

/** A refusal of the channel API (RFC 9457 problem details), with the status and the API's own words. */
export class ChannelApiError extends Error {
  constructor(readonly status: number, readonly detail: string, readonly path?: string) {
    super(detail);
    this.name = 'ChannelApiError';
  }
}

/** How long before its expiry a token is renewed, in ms: a call never leaves with a token about to lapse. */
const TOKEN_MARGIN_MS = 30_000;
/** How long the manifest is kept, in ms: the sandbox may be reseeded, but not between two clicks. */
const MANIFEST_TTL_MS = 60_000;

/** The wallet's view of Lango: one instance per wallet back-end, for one bank (tenant). */
export class WalletClient {
  #manifest: { value: WalletManifest; until: number } | undefined;
  #token: { value: string; until: number } | undefined;

  /** `publicUrl` is read per call: listeners know their URLs only once bound. */
  constructor(private readonly publicUrl: () => string, readonly tenantId: string) {}

  /** The sandbox manifest, cached for a minute. */
  async manifest(): Promise<WalletManifest> {
    if (this.#manifest && this.#manifest.until > Date.now()) return this.#manifest.value;
    const response = await fetch(`${this.publicUrl()}/sandbox/manifest.json`);
    if (response.status !== 200) throw new ChannelApiError(response.status, 'the sandbox manifest is not available');
    const value = await response.json() as WalletManifest;
    this.#manifest = { value, until: Date.now() + MANIFEST_TTL_MS };
    return value;
  }

  /** The bank's customers with an MSISDN: who may sign in to this wallet. */
  async customers(): Promise<WalletManifest['msisdns']> {
    return (await this.manifest()).msisdns.filter((entry) => entry.tenantId === this.tenantId);
  }

  /** A channel token: client credentials with an RFC 7523 client assertion signed by the published key. */
  async #accessToken(): Promise<string> {
    if (this.#token && this.#token.until > Date.now()) return this.#token.value;
    const manifest = await this.manifest();
    const app = manifest.demoChannelApp;
    if (!app) throw new ChannelApiError(503, 'this sandbox publishes no demo channel app');
    const issuer = `${manifest.listeners.public ?? this.publicUrl()}/oauth`;
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', ...(app.privateJwk.kid && { kid: app.privateJwk.kid }) })
      .setIssuer(app.clientId).setSubject(app.clientId).setAudience(issuer)
      .setJti(randomUUID()).setIssuedAt(now).setNotBefore(now).setExpirationTime(now + 60)
      .sign(await importJWK(app.privateJwk, 'ES256'));
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials', scope: 'channel', client_id: app.clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion,
      }),
    });
    const body = await response.json().catch(() => ({})) as { access_token?: string; expires_in?: number; error_description?: string };
    if (response.status !== 200 || !body.access_token) throw new ChannelApiError(502, `the channel token was refused: ${body.error_description ?? response.status}`);
    this.#token = { value: body.access_token, until: Date.now() + (body.expires_in ?? 300) * 1000 - TOKEN_MARGIN_MS };
    return body.access_token;
  }

  /** One channel API call; a non-2xx answer throws ChannelApiError with the problem's detail. */
  async #call<T>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const manifest = await this.manifest();
    const channel = manifest.listeners.channel;
    if (!channel) throw new ChannelApiError(503, 'this sandbox runs no channel listener');
    const send = async () => fetch(`${channel}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.#accessToken()}`, 'platform-tenantid': this.tenantId, accept: 'application/json',
        ...(body !== undefined && { 'content-type': 'application/json' }), ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    let response = await send();
    // A token revoked or lost by a restarted server: one fresh token, one retry.
    if (response.status === 401) {
      this.#token = undefined;
      response = await send();
    }
    const text = await response.text();
    const parsed = text ? JSON.parse(text) as Record<string, unknown> : {};
    if (response.status >= 300) throw new ChannelApiError(response.status, String(parsed.detail ?? parsed.title ?? `HTTP ${response.status}`), typeof parsed.path === 'string' ? parsed.path : undefined);
    return parsed as T;
  }

  /** Balances of a customer by MSISDN. */
  account(msisdn: string): Promise<ChannelAccount> {
    return this.#call('GET', `/channel/accounts/MSISDN/${encodeURIComponent(msisdn)}`);
  }

  /** A page of a customer's bookings, newest first. */
  statement(msisdn: string, offset: number, limit: number): Promise<ChannelStatement> {
    return this.#call('GET', `/channel/accounts/MSISDN/${encodeURIComponent(msisdn)}/transactions?offset=${offset}&limit=${limit}`);
  }

  /**
   * Starts a P2P transfer by MSISDN that stops for the payer's confirmation once the fees are known; the idempotency
   * key makes a resubmitted form return the first transfer.
   */
  startTransfer(from: string, to: string, amount: Money, note: string | undefined, idempotencyKey: string): Promise<ChannelTransfer> {
    return this.#call('POST', '/channel/transfer', {
      payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: from } },
      payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: to } },
      amount, ...(note && { note }), confirmationRequired: true,
    }, { 'x-idempotency-key': idempotencyKey });
  }

  /** A transfer of this bank, outgoing or incoming. */
  transfer(transactionId: string): Promise<ChannelTransfer> {
    return this.#call('GET', `/channel/transfer/${encodeURIComponent(transactionId)}`);
  }

  /** The payer's answer to the quote of a two-step transfer. */
  confirmTransfer(transactionId: string, accept: boolean): Promise<ChannelTransfer> {
    return this.#call('POST', `/channel/transfer/${encodeURIComponent(transactionId)}/confirmation`, { accept });
  }

  /** Asks a payer anywhere in the scheme to pay this bank's customer. */
  requestToPay(payee: string, payer: string, amount: Money, note: string | undefined, idempotencyKey: string): Promise<ChannelTransactionRequest> {
    return this.#call('POST', '/channel/transactionRequest', {
      payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: payer } },
      payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: payee } },
      amount, ...(note && { note }),
    }, { 'x-idempotency-key': idempotencyKey });
  }

  /** A request to pay sent or received by this bank. */
  transactionRequest(transactionRequestId: string): Promise<ChannelTransactionRequest> {
    return this.#call('GET', `/channel/transactionRequest/${encodeURIComponent(transactionRequestId)}`);
  }

  /** The payer's approval or refusal of a request received from another bank. */
  decide(transactionRequestId: string, accept: boolean): Promise<ChannelTransactionRequest> {
    return this.#call('POST', `/channel/transactionRequest/${encodeURIComponent(transactionRequestId)}/decision`, { accept });
  }

  /**
   * Requests to pay that reached a customer, newest first, as the sandbox's notification outbox holds them (the SMS
   * "Approve or decline in your app"): the channel API has no list of them, a real wallet gets a push instead.
   */
  async requestNotifications(msisdn: string): Promise<OutboxMessage[]> {
    const response = await fetch(`${this.publicUrl()}/sandbox/outbox?recipient=${encodeURIComponent(msisdn)}&limit=50`);
    if (response.status !== 200) return [];
    const { messages } = await response.json() as { messages: OutboxMessage[] };
    return messages.filter((message) => message.template === 'request-to-pay' && message.recipient === msisdn);
  }
}
