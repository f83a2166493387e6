// SPDX-License-Identifier: Apache-2.0
// X-Request-ID as an idempotency key (ARCHITECTURE "Storage"): per TPP, a repeated id with the same request gets
// the first answer again and changes nothing; with another request it is refused.

export interface LoggedAnswer {
  status: number;
  headers: Record<string, string>;
  /** The JSON body as sent, or undefined for an empty one. */
  body: unknown;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; answer: LoggedAnswer }
  /** The first request with this id is still being answered. */
  | { kind: 'pending' }
  /** The id was used for another request. */
  | { kind: 'mismatch' };

/** The answers of state-changing requests by (TPP, X-Request-ID) (port). */
export interface RequestLog {
  /** Claims the id for the request with this fingerprint, or says why not; a claim older than `staleMs` is taken over. */
  claim(clientId: string, requestId: string, fingerprint: string): Promise<Claim>;
  /** Keeps the answer of a claimed request for later repeats. */
  complete(clientId: string, requestId: string, answer: LoggedAnswer): Promise<void>;
  /** Drops a claim whose request failed on Lango's side (5xx), so that a retry runs it again. */
  release(clientId: string, requestId: string): Promise<void>;
}
