// SPDX-License-Identifier: Apache-2.0
// The developer portal's view of a TPP application's API calls (issue 8): what the gateway recorded in
// `gateway.audit`, projected per OAuth client so a team sees its own calls, errors, latency and quota use.
// Times are epoch milliseconds; latencies milliseconds.

/** One API call of an application, as the gateway recorded it. */
export interface ApiCall {
  /** Offset of the audit record in `gateway.audit`: unique, increasing in the order the gateway recorded calls. */
  position: number;
  /** When the request arrived. */
  at: number;
  clientId: string;
  requestId: string | undefined;
  /** The bank (tenant) the call concerned. */
  tenantId: string | undefined;
  consentId: string | undefined;
  paymentId: string | undefined;
  method: string;
  /** The route pattern (`/v1/accounts/:accountId/balances`). */
  endpoint: string;
  /** HTTP status of the answer. */
  status: number;
  /** The NextGenPSD2 error code of a refused call. */
  errorCode: string | undefined;
  durationMs: number;
}

/** `ok`: status below 400; `error`: 400 and above. */
export type CallOutcome = 'ok' | 'error';

export interface CallsQuery {
  /** Most calls returned, 1 … 500. */
  limit: number;
  /** Only calls with a position below this one: the `position` of the last call of the previous page. */
  before?: number | undefined;
  status?: CallOutcome | undefined;
}

export interface EndpointUse {
  method: string;
  endpoint: string;
  count: number;
  /** Calls answered with status 400 or above. */
  errors: number;
}

export interface ActivitySummary {
  /** Start of the period (epoch ms, inclusive). */
  since: number;
  total: number;
  /** Calls answered with status 400 or above. */
  errors: number;
  /** Median latency (nearest rank), ms; undefined without calls. */
  p50Ms: number | undefined;
  /** 95th percentile latency (nearest rank), ms; undefined without calls. */
  p95Ms: number | undefined;
  /** Most used first. */
  byEndpoint: EndpointUse[];
}

export interface QuotaUse {
  clientId: string;
  /** The gateway's limit (config `gateway.rateLimitPerMinute`). */
  perMinuteLimit: number;
  /** Calls in the 60 s before `now`: the gateway's window is 60 s long, opened by the first call after the last one ended. */
  lastMinute: number;
  /** Calls since 00:00 UTC of `now`'s day. */
  today: number;
  /** `lastMinute` ≥ the limit: further calls are likely refused with ACCESS_EXCEEDED (429) for now. */
  limited: boolean;
}

/**
 * What the portal reads (port). Every query takes the client ids the caller may see — the portal passes its
 * team's own applications — and never answers for any other client; no ids, no calls.
 */
export interface ApiActivity {
  /** The clients' calls, newest (highest position) first. Throws ActivityQueryInvalidError for a limit outside 1 … 500. */
  calls(clientIds: readonly string[], query: CallsQuery): Promise<ApiCall[]>;
  /** Counts, errors, latency percentiles and per-endpoint use of the clients' calls at or after `sinceMs`. */
  summary(clientIds: readonly string[], sinceMs: number): Promise<ActivitySummary>;
  /** One client's use of its per-minute rate limit at `now`, and its calls today (UTC). */
  quota(clientId: string, perMinuteLimit: number, now: number): Promise<QuotaUse>;
}

/** The projection's writing side (port): used only by the feed. */
export interface ApiActivityStore extends ApiActivity {
  /**
   * Stores the calls not stored yet (by position; a call seen again changes nothing) whose `at` is not before
   * `keepFrom`. Atomic: all of the batch or none.
   */
  record(calls: readonly ApiCall[], keepFrom: number): Promise<void>;
  /** Deletes calls that arrived before `keepFrom`; resolves with how many. */
  prune(keepFrom: number): Promise<number>;
}

export const CALLS_LIMIT_MAX = 500;
