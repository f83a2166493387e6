// SPDX-License-Identifier: Apache-2.0
// The developer portal's readiness checks (issue 8): what a TPP runs from the portal against its own client to
// learn, step by step, whether it can go through a whole AIS and PIS journey at a sandbox bank — and if not,
// which step stops it and what the API said. These are the report's types, shared by the runner and the formats.
import type { JWK } from 'jose';

export interface ReadinessTarget {
  /** Base URLs: the issuer is `${public}/oauth`; the Berlin Group API is called on `publicTls` with the QWAC (mTLS). */
  urls: { public: string; publicTls: string };
  /** PEM of the sandbox CA, issuer of the TLS listener's certificate. */
  caPem: string;
  client: {
    clientId: string;
    /** Signs the private_key_jwt client assertions. */
    privateJwk: JWK;
    /** Signs DPoP proofs. */
    dpopPrivateJwk: JWK;
    redirectUri: string;
    /** The client's TPP roles (`AIS`, `PIS`, …): the checks of a role the client lacks are skipped. */
    roles: readonly string[];
    /** eIDAS QWAC and its key (PEM), presented on the TLS listener. */
    qwac: { certPem: string; keyPem: string };
  };
  /** Tenant id of the sandbox bank, e.g. `buffalo`. */
  bank: string;
  /** A sandbox PSU at that bank: the robot signs in with these. */
  psu: { username: string; password: string; otp: string };
}

export const CHECK_OUTCOMES = ['pass', 'fail', 'skipped'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

export interface ReadinessCheck {
  /** Stable id (`discovery`, `registration`, …, `pis-status`). */
  id: string;
  name: string;
  outcome: CheckOutcome;
  /** Wall time of the check, ms (0 when skipped). */
  durationMs: number;
  /** What happened, for a person: on failure the API's own error text; when skipped, why. */
  detail: string;
  /** HTTP status of the answer that decided the outcome, when there was one. */
  httpStatus?: number;
}

export interface ReadinessReport {
  clientId: string;
  bank: string;
  /** ISO 8601 instants. */
  startedAt: string;
  finishedAt: string;
  /** No check failed (checks of roles the client lacks are skipped and do not count against it). */
  passed: boolean;
  checks: ReadinessCheck[];
}

export interface ReadinessOptions {
  /** PSU-IP-Address sent with the PSU's calls (the PSU takes part); default 127.0.0.1, the robot on this server. */
  psuIpAddress?: string | undefined;
  /** Amount of the test payment, a decimal string in the account's currency; default `1.00`. */
  paymentAmount?: string | undefined;
  /** How long `pis-status` waits for the payment to settle, ms; default 30 000. */
  paymentTimeoutMs?: number | undefined;
  /** Longest wait for any one HTTP answer, ms; default 15 000. */
  requestTimeoutMs?: number | undefined;
}

export const READINESS_DEFAULTS = {
  psuIpAddress: '127.0.0.1',
  paymentAmount: '1.00',
  paymentTimeoutMs: 30_000,
  requestTimeoutMs: 15_000,
} as const;
