// SPDX-License-Identifier: Apache-2.0
// The demo aggregator's only way into Lango, written as reference code for hackathon participants: it imports
// nothing of Lango and uses only what a fintech gets from outside. The sandbox manifest gives the TPP's
// credentials; the OAuth server is FAPI 2.0 (PAR, PKCE, private_key_jwt, DPoP-bound tokens) through openid-client;
// the Berlin Group API (NextGenPSD2) is called on the TLS listener with the TPP's QWAC as client certificate.
import { randomUUID } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import { AuthorisationRefusedError, BankRefusedError, BankUnreachableError, type TppMessage } from './errors.js';

/** A bank of the sandbox, as the manifest lists it. */
export interface SandboxBank {
  tenantId: string;
  name: string;
  fspId: string;
  currency: string;
}

/** The manifest's `demoTpp`: the published sandbox credentials of a TPP with the AIS and PIS roles. */
export interface DemoTppCredentials {
  issuer: string;
  clientId: string;
  privateJwk: JWK;
  dpopPrivateJwk: JWK;
  qwac: { certPem: string; keyPem: string };
}

interface SandboxManifest {
  listeners: Record<string, string>;
  links?: { sandboxCaCertificate?: string };
  banks: SandboxBank[];
  demoTpp?: DemoTppCredentials;
}

/** An amount as the API writes it: a decimal string, never a float. */
export interface Amount {
  amount: string;
  currency: string;
}

export interface Balance {
  balanceType: string;
  balanceAmount: Amount;
  referenceDate?: string;
  lastChangeDateTime?: string;
}

/** An account as `GET /v1/accounts` shows it (NextGenPSD2 AccountDetails). */
export interface Account {
  resourceId: string;
  iban?: string;
  bban?: string;
  msisdn?: string;
  currency: string;
  name?: string;
  product?: string;
  cashAccountType?: string;
  status?: string;
  usage?: string;
  ownerName?: string;
  balances?: Balance[];
}

export interface Transaction {
  transactionId?: string;
  bookingDate?: string;
  valueDate?: string;
  transactionAmount: Amount;
  remittanceInformationUnstructured?: string;
  bankTransactionCode?: string;
}

/** The PSU's DPoP-bound tokens for one consent; `expiresAt` in epoch ms. */
export interface PsuTokens {
  accessToken: string;
  refreshToken: string | undefined;
  expiresAt: number;
}

/** A bank the user connected: its AIS consent and the PSU's tokens for it (refreshed in place). */
export interface BankConnection {
  bank: string;
  consentId: string;
  tokens: PsuTokens;
}

/** What to keep while the browser is at the bank: where it was sent, and the state and PKCE verifier to check its return. */
export interface PendingAuthorisation {
  url: URL;
  state: string;
  verifier: string;
}

/** Lango's payment products: to a phone number at another bank of the scheme, or to an account of the same bank. */
export const PAYMENT_PRODUCTS = ['mojaloop-credit-transfers', 'on-us-credit-transfers'] as const;
export type PaymentProduct = (typeof PAYMENT_PRODUCTS)[number];

/** A single payment's initiation body (NextGenPSD2 §5.3); the creditor by MSISDN or by BBAN depending on the product. */
export interface PaymentInitiation {
  debtorAccount: { bban: string };
  instructedAmount: Amount;
  creditorAccount: { msisdn: string } | { bban: string };
  creditorName: string;
  remittanceInformationUnstructured?: string;
}

export interface AggregatorClientOptions {
  /** `<public URL>/sandbox/manifest.json`. */
  manifestUrl: string;
  /** The sandbox CA's PEM; fetched from the manifest's `links.sandboxCaCertificate` when absent. */
  caCertificatePem?: string | undefined;
}

export interface AggregatorClient {
  readonly clientId: string;
  readonly banks: readonly SandboxBank[];
  /** Origin of the authorisation server, where the browser is sent (the aggregator's pages allow forms to go there). */
  readonly authorisationOrigin: string;
  /** POST /v1/consents at `bank`: a recurring consent to every account the PSU picks, with balances; its consentId. */
  createConsent(bank: string, psuIpAddress: string): Promise<string>;
  /** Pushes an authorisation request (PAR) for `scope` (`AIS:<consentId>`, `PIS:<paymentId>`) at `bank`; where to send the browser. */
  startAuthorisation(scope: string, bank: string, redirectUri: string): Promise<PendingAuthorisation>;
  /** Checks the browser's return (`callback`: the full redirect URI with its query) and exchanges the code for the PSU's tokens. */
  finishAuthorisation(callback: URL, pending: PendingAuthorisation): Promise<PsuTokens>;
  /** GET /v1/accounts?withBalance=true under the connection's consent. */
  accounts(connection: BankConnection, psuIpAddress: string): Promise<Account[]>;
  /** GET /v1/accounts/{id}?withBalance=true under the connection's consent. */
  account(connection: BankConnection, accountId: string, psuIpAddress: string): Promise<Account>;
  /** GET /v1/accounts/{id}/transactions: the booked ones of the last `days` days, newest first. */
  transactions(connection: BankConnection, accountId: string, psuIpAddress: string, days?: number): Promise<Transaction[]>;
  /** GET /v1/consents/{id}/status with the TPP's own token: received, valid, terminatedByTpp, revokedByPsu… */
  consentStatus(consentId: string): Promise<string>;
  /** DELETE /v1/consents/{id}: ends the consent and every token issued under it. */
  deleteConsent(consentId: string): Promise<void>;
  /** POST /v1/payments/{product} at `bank`; the paymentId and first transactionStatus (RCVD). */
  initiatePayment(product: PaymentProduct, bank: string, initiation: PaymentInitiation, psuIpAddress: string): Promise<{ paymentId: string; transactionStatus: string }>;
  /** GET /v1/payments/{product}/{id}/status: RCVD, ACTC, ACSP, ACSC, RJCT, CANC… */
  paymentStatus(product: PaymentProduct, paymentId: string): Promise<string>;
  /** Closes the TLS connections. */
  close(): Promise<void>;
}

/** Refresh a PSU token this long before it expires, so a call never starts with a token about to lapse (ms). */
const REFRESH_MARGIN_MS = 30_000;
/** How far back the account page reads transactions, in days. */
const HISTORY_DAYS = 30;

/** The OAuth failure as a typed error: the server's `error` and description, or "unreachable" for a network failure. */
function oauthFailure(what: string, error: unknown): Error {
  const answer = error as { error?: unknown; error_description?: unknown; message?: string };
  if (typeof answer.error === 'string') return new AuthorisationRefusedError(what, answer.error, typeof answer.error_description === 'string' ? answer.error_description : undefined, { cause: error });
  if (error instanceof TypeError) return new BankUnreachableError(what, { cause: error });
  return new AuthorisationRefusedError(what, 'invalid_response', answer.message, { cause: error });
}

async function fetchManifest(url: string): Promise<SandboxManifest> {
  const response = await fetch(url);
  if (!response.ok) throw new BankUnreachableError(`GET ${url} answered ${response.status}`);
  return await response.json() as SandboxManifest;
}

/** Reads the manifest, discovers the OAuth server and prepares the mTLS agent and the DPoP key. */
export async function openAggregatorClient(options: AggregatorClientOptions): Promise<AggregatorClient> {
  const manifest = await fetchManifest(options.manifestUrl);
  const tpp = manifest.demoTpp;
  const publicTls = manifest.listeners.publicTls;
  if (!tpp?.qwac || !publicTls) throw new BankUnreachableError('the manifest has no demo TPP with a QWAC, or no TLS listener');
  const ca = options.caCertificatePem ?? await (await fetch(manifest.links!.sandboxCaCertificate!)).text();

  // The QWAC identifies the TPP on the TLS listener (no request signature needed there); the sandbox CA signed
  // that listener's certificate, so it is the one trusted.
  const mtls = new Agent({ connect: { cert: tpp.qwac.certPem, key: tpp.qwac.keyPem, ca } });
  const clientKey = (await importJWK(tpp.privateJwk, 'ES256')) as oidc.CryptoKey;
  const oauth = await oidc.discovery(new URL(tpp.issuer), tpp.clientId, {}, oidc.PrivateKeyJwt({ key: clientKey, kid: tpp.privateJwk.kid! }),
    // The sandbox serves OAuth on plain http over loopback; openid-client refuses that unless told.
    { execute: tpp.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [] });
  oauth[oidc.customFetch] = (url, init) => undiciFetch(url, { ...init, dispatcher: mtls } as never) as unknown as Promise<Response>;
  // Tokens are bound to a key of their own (DPoP, RFC 9449): a stolen token is useless without it.
  const { d: _private, ...dpopPublicJwk } = tpp.dpopPrivateJwk;
  const dpop = oidc.getDPoPHandle(oauth, {
    privateKey: (await importJWK(tpp.dpopPrivateJwk, 'ES256')) as oidc.CryptoKey,
    publicKey: (await importJWK(dpopPublicJwk, 'ES256', { extractable: true })) as oidc.CryptoKey,
  });

  // The TPP's own client_credentials tokens (consents, payments, status reads), kept until shortly before expiry.
  const clientTokens = new Map<string, { token: string; until: number }>();
  async function clientToken(scope: 'accounts' | 'payments'): Promise<string> {
    const kept = clientTokens.get(scope);
    if (kept && kept.until > Date.now()) return kept.token;
    try {
      const answer = await oidc.clientCredentialsGrant(oauth, { scope }, { DPoP: dpop });
      clientTokens.set(scope, { token: answer.access_token, until: Date.now() + (answer.expires_in ?? 60) * 1000 - REFRESH_MARGIN_MS });
      return answer.access_token;
    } catch (error) {
      throw oauthFailure(`client_credentials token (${scope})`, error);
    }
  }

  /** The connection's access token, refreshed first when it is about to expire. */
  async function psuToken(connection: BankConnection): Promise<string> {
    const { tokens } = connection;
    if (tokens.expiresAt - REFRESH_MARGIN_MS > Date.now() || !tokens.refreshToken) return tokens.accessToken;
    try {
      const answer = await oidc.refreshTokenGrant(oauth, tokens.refreshToken, undefined, { DPoP: dpop });
      connection.tokens = tokensOf(answer, tokens.refreshToken);
      return connection.tokens.accessToken;
    } catch (error) {
      throw oauthFailure(`refreshing the token of consent ${connection.consentId}`, error);
    }
  }

  /** One Berlin Group call: the JSON answer, or BankRefusedError with the bank's tppMessages. */
  async function xs2a<T>(method: string, path: string, token: string, extra: { body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
    // X-Request-ID is required on every call; a repeated one gets the first answer again (idempotency).
    const headers = new Headers({ 'X-Request-ID': randomUUID(), ...extra.headers });
    if (extra.body !== undefined) headers.set('content-type', 'application/json');
    let response: Response;
    try {
      // Sends `Authorization: DPoP <token>` and a fresh DPoP proof holding the token's hash.
      response = await oidc.fetchProtectedResource(oauth, token, new URL(`${publicTls}${path}`), method,
        extra.body === undefined ? undefined : JSON.stringify(extra.body), headers, { DPoP: dpop });
    } catch (error) {
      // A 401 with a WWW-Authenticate challenge is thrown by openid-client; its body still holds the tppMessages.
      if (error instanceof oidc.WWWAuthenticateChallengeError) response = error.response;
      else throw new BankUnreachableError(`${method} ${path}`, { cause: error });
    }
    const text = await response.text();
    let answer: (T & { tppMessages?: TppMessage[] }) | undefined;
    try {
      answer = (text ? JSON.parse(text) : {}) as T & { tppMessages?: TppMessage[] };
    } catch {
      answer = undefined;
    }
    if (!response.ok || !answer) throw new BankRefusedError(`${method} ${path}`, response.status, answer?.tppMessages ?? []);
    return answer;
  }

  const bankHeaders = (bank: string, psuIpAddress: string) => ({ 'Platform-TenantId': bank, 'PSU-IP-Address': psuIpAddress });
  // PSU-IP-Address says the PSU takes part right now: such reads do not count against frequencyPerDay.
  const readHeaders = (connection: BankConnection, psuIpAddress: string) => ({ 'Consent-ID': connection.consentId, 'PSU-IP-Address': psuIpAddress });

  return {
    clientId: tpp.clientId,
    banks: manifest.banks,
    authorisationOrigin: new URL(tpp.issuer).origin,

    async createConsent(bank, psuIpAddress) {
      const validUntil = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
      // Empty lists make the consent bank-offered: the PSU picks the accounts on the bank's page, and the
      // consent covers their details, balances and transactions. frequencyPerDay: reads a day without the PSU.
      const created = await xs2a<{ consentId: string }>('POST', '/v1/consents', await clientToken('accounts'), {
        headers: bankHeaders(bank, psuIpAddress),
        body: { access: { accounts: [], balances: [], transactions: [] }, recurringIndicator: true, validUntil, frequencyPerDay: 4, combinedServiceIndicator: false },
      });
      return created.consentId;
    },

    async startAuthorisation(scope, bank, redirectUri) {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      try {
        const url = await oidc.buildAuthorizationUrlWithPAR(oauth, {
          redirect_uri: redirectUri, scope, bank, state,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
        }, { DPoP: dpop });
        return { url, state, verifier };
      } catch (error) {
        throw oauthFailure('pushed authorisation request', error);
      }
    },

    async finishAuthorisation(callback, pending) {
      try {
        const answer = await oidc.authorizationCodeGrant(oauth, callback, { pkceCodeVerifier: pending.verifier, expectedState: pending.state }, undefined, { DPoP: dpop });
        return tokensOf(answer, undefined);
      } catch (error) {
        throw oauthFailure('authorisation', error);
      }
    },

    async accounts(connection, psuIpAddress) {
      const answer = await xs2a<{ accounts: Account[] }>('GET', '/v1/accounts?withBalance=true', await psuToken(connection), { headers: readHeaders(connection, psuIpAddress) });
      return answer.accounts;
    },

    async account(connection, accountId, psuIpAddress) {
      const path = `/v1/accounts/${encodeURIComponent(accountId)}?withBalance=true`;
      return (await xs2a<{ account: Account }>('GET', path, await psuToken(connection), { headers: readHeaders(connection, psuIpAddress) })).account;
    },

    async transactions(connection, accountId, psuIpAddress, days = HISTORY_DAYS) {
      const dateFrom = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
      const path = `/v1/accounts/${encodeURIComponent(accountId)}/transactions?bookingStatus=booked&dateFrom=${dateFrom}`;
      const answer = await xs2a<{ transactions: { booked?: Transaction[] } }>('GET', path, await psuToken(connection), { headers: readHeaders(connection, psuIpAddress) });
      return answer.transactions.booked ?? [];
    },

    async consentStatus(consentId) {
      return (await xs2a<{ consentStatus: string }>('GET', `/v1/consents/${encodeURIComponent(consentId)}/status`, await clientToken('accounts'))).consentStatus;
    },

    async deleteConsent(consentId) {
      await xs2a('DELETE', `/v1/consents/${encodeURIComponent(consentId)}`, await clientToken('accounts'));
    },

    async initiatePayment(product, bank, initiation, psuIpAddress) {
      return xs2a<{ paymentId: string; transactionStatus: string }>('POST', `/v1/payments/${product}`, await clientToken('payments'), {
        headers: bankHeaders(bank, psuIpAddress), body: initiation,
      });
    },

    async paymentStatus(product, paymentId) {
      return (await xs2a<{ transactionStatus: string }>('GET', `/v1/payments/${product}/${encodeURIComponent(paymentId)}/status`, await clientToken('payments'))).transactionStatus;
    },

    close: () => mtls.close(),
  };
}

/** The token answer kept as PsuTokens; a refresh answer without a new refresh token keeps the old one (no rotation). */
function tokensOf(answer: oidc.TokenEndpointResponse, previousRefreshToken: string | undefined): PsuTokens {
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token ?? previousRefreshToken,
    expiresAt: Date.now() + (answer.expires_in ?? 60) * 1000,
  };
}
