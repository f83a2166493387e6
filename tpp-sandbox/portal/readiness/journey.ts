// SPDX-License-Identifier: Apache-2.0
// What the checks share while they walk the TPP's journey: the client's OAuth configuration and DPoP key, the
// tokens, consent and payment made so far, and the two HTTP agents — one presenting the QWAC (every TPP call,
// as the starter kit does it), one that only trusts the sandbox CA (the PSU robot, which is not the TPP).
import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import { CheckFailedError } from './errors.js';
import { oauthErrorText, problemOf, tppMessagesText } from './problem-text.js';
import { READINESS_DEFAULTS, type ReadinessOptions, type ReadinessTarget } from './readiness.js';

/** An account as GET /v1/accounts lists it. */
export interface ListedAccount {
  resourceId: string;
  iban?: string;
  bban?: string;
  currency?: string;
  name?: string;
}

/** What a check that passed reports: the detail shown to the developer and the decisive HTTP status. */
export interface StepResult {
  detail: string;
  httpStatus?: number | undefined;
}

export interface Journey {
  readonly target: ReadinessTarget;
  readonly options: Required<{ [K in keyof ReadinessOptions]: NonNullable<ReadinessOptions[K]> }>;
  /** `${urls.public}/oauth`. */
  readonly issuer: string;
  /** Presents the QWAC and trusts the sandbox CA. */
  readonly tppAgent: Agent;
  /** Trusts the sandbox CA; no client certificate. */
  readonly browserAgent: Agent;
  metadata?: oidc.ServerMetadata;
  oauth?: oidc.Configuration;
  dpop?: oidc.DPoPHandle;
  /** Client-credentials tokens by scope (`accounts`, `payments`). */
  readonly tokens: Map<string, string>;
  consentId?: string;
  /** The PSU's token for the consent. */
  aisToken?: string;
  accounts?: ListedAccount[];
  /** The test payment: its id and its resource path (`/v1/payments/<product>/<id>`). */
  payment?: { id: string; path: string };
}

export function openJourney(target: ReadinessTarget, options: ReadinessOptions = {}): Journey {
  const settings = {
    psuIpAddress: options.psuIpAddress ?? READINESS_DEFAULTS.psuIpAddress,
    paymentAmount: options.paymentAmount ?? READINESS_DEFAULTS.paymentAmount,
    paymentTimeoutMs: options.paymentTimeoutMs ?? READINESS_DEFAULTS.paymentTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? READINESS_DEFAULTS.requestTimeoutMs,
  };
  const timeouts = { headersTimeout: settings.requestTimeoutMs, bodyTimeout: settings.requestTimeoutMs };
  const { certPem, keyPem } = target.client.qwac;
  return {
    target, options: settings, issuer: `${target.urls.public.replace(/\/+$/, '')}/oauth`, tokens: new Map(),
    tppAgent: new Agent({ ...timeouts, connect: { cert: certPem, key: keyPem, ca: target.caPem, timeout: settings.requestTimeoutMs } }),
    browserAgent: new Agent({ ...timeouts, connect: { ca: target.caPem, timeout: settings.requestTimeoutMs } }),
  };
}

export async function closeJourney(journey: Journey): Promise<void> {
  await Promise.allSettled([journey.tppAgent.close(), journey.browserAgent.close()]);
}

/** The value a dependency of this check set; its absence is a bug in the step table, not in the TPP's setup. */
export function made<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`readiness: ${what} is missing although the step that makes it passed`);
  return value;
}

/** undici's fetch through one of the journey's agents, typed as the Fetch API openid-client expects. */
export function fetchVia(agent: Agent): (url: string, init?: RequestInit) => Promise<Response> {
  return (url, init) => undiciFetch(url, { ...init, dispatcher: agent } as never) as unknown as Promise<Response>;
}

export interface Xs2aAnswer<T> {
  status: number;
  body: T;
  /** What the bank said when it refused: tppMessages, or the OAuth challenge. */
  problem: string | undefined;
}

/**
 * One Berlin Group call on the TLS listener with a DPoP-bound token; the answer whatever its status. Throws
 * CheckFailedError only when there is no answer (connection refused, TLS handshake failed, timeout).
 */
export async function xs2a<T = Record<string, unknown>>(journey: Journey, method: string, path: string, token: string, extra: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Xs2aAnswer<T>> {
  const oauth = made(journey.oauth, 'the OAuth configuration');
  // X-Request-ID on every call (§4.4); the bank is named by Platform-TenantId where the call needs one.
  const headers = new Headers({ 'X-Request-ID': randomUUID(), accept: 'application/json', ...extra.headers });
  if (extra.body !== undefined) headers.set('content-type', 'application/json');
  const url = new URL(`${journey.target.urls.publicTls.replace(/\/+$/, '')}${path}`);
  let response: Response;
  try {
    response = await oidc.fetchProtectedResource(oauth, token, url, method, extra.body === undefined ? undefined : JSON.stringify(extra.body), headers, { DPoP: made(journey.dpop, 'the DPoP key') });
  } catch (error) {
    // A 401 with a DPoP or Bearer challenge arrives as an error; its response still holds the tppMessages.
    const challenged = error as { status?: number; response?: Response; cause?: { parameters?: unknown }[] };
    if (error instanceof oidc.WWWAuthenticateChallengeError && challenged.response) {
      const body = await challenged.response.text().then((text) => (text ? JSON.parse(text) as T : {} as T)).catch(() => ({} as T));
      const challenge = (challenged.cause ?? []).map((item) => oauthErrorText(item.parameters)).find(Boolean);
      return { status: error.status, body, problem: tppMessagesText(body) ?? challenge };
    }
    throw new CheckFailedError(`${method} ${path}: no answer from ${url.origin}: ${problemOf(error).detail}`, undefined, error);
  }
  const text = await response.text();
  let body: T;
  try {
    body = (text ? JSON.parse(text) : {}) as T;
  } catch {
    throw new CheckFailedError(`${method} ${path}: HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`, response.status);
  }
  return { status: response.status, body, problem: response.ok ? undefined : tppMessagesText(body) };
}

/** The answer when its status is one of `expected`; CheckFailedError naming the call, status and the bank's words otherwise. */
export function expectStatus<T>(answer: Xs2aAnswer<T>, expected: readonly number[], what: string): Xs2aAnswer<T> {
  if (expected.includes(answer.status)) return answer;
  throw new CheckFailedError(`${what}: HTTP ${answer.status}${answer.problem ? ` — ${answer.problem}` : ''}`, answer.status);
}
