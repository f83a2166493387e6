// SPDX-License-Identifier: Apache-2.0
// Where a PSU is in login → SCA → consent (or the dashboard), kept in the Cache port: short-lived state that
// may be lost without harm (the PSU starts again). Several processes share it through Redis (LANGO_REDIS_URL).
import { createHash, randomBytes } from 'node:crypto';
import { sameSecret } from '../../platform/crypto/index.js';
import type { Cache } from '../../platform/cache/index.js';

export type PsuStage = 'login' | 'sca' | 'consent' | 'signed-in';

export interface PsuFlow {
  /** Synchronizer token of this flow's forms (OWASP CSRF cheat sheet), 256 random bits. */
  csrf: string;
  stage: PsuStage;
  tenantId?: string;
  /** The PSU's id, or an operator's subject `operator:<username>` (then `operator` is true). */
  psuId?: string;
  /** A back-office operator signing in through the operations client, not a PSU. */
  operator?: boolean;
  psuName?: string;
  loginFailures: number;
  /** SHA-256 of the current one-time code with the flow's token; the code itself is never stored. */
  otpHash?: string;
  /** Epoch ms. */
  otpExpiresAt?: number;
  otpFailures: number;
  /** The WebAuthn challenge last handed out (base64url): used once, for a passkey's registration or assertion. */
  passkeyChallenge?: string;
  /** Epoch ms. */
  passkeyChallengeExpiresAt?: number;
  /** How the PSU passed SCA, for the `amr` claim. */
  scaMethod?: 'otp' | 'passkey';
  /** The consent this authorisation creates or (Berlin Group `AIS:<id>` scope) authorises. */
  consentId?: string;
  /** The consent the PSU is approving on the dashboard (decoupled and redirect approaches), once it typed a fresh code. */
  approving?: string;
  /** A consent named in the dashboard's address (`?approve=<id>`, the redirect approach): shown once signed in. */
  approveHint?: string;
  /** A message to show once on the next page (the dashboard's "access withdrawn"). */
  notice?: string;
}

export const MAX_LOGIN_FAILURES = 5;
/** Issue 4: after 3 wrong one-time codes the authorisation ends with access_denied. */
export const MAX_OTP_FAILURES = 3;

export function otpHash(flow: Pick<PsuFlow, 'csrf'>, code: string): string {
  return createHash('sha256').update(`${flow.csrf}:${code}`).digest('base64url');
}

/** Constant-time comparison of two tokens or hashes. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  return sameSecret(a, b);
}

export class PsuFlows {
  constructor(private readonly cache: Cache, private readonly ttlMs: number) {}

  async get(key: string): Promise<PsuFlow | undefined> {
    const stored = await this.cache.get(`psu:flow:${key}`);
    return stored ? (JSON.parse(stored) as PsuFlow) : undefined;
  }

  async start(key: string): Promise<PsuFlow> {
    const flow: PsuFlow = { csrf: randomBytes(32).toString('base64url'), stage: 'login', loginFailures: 0, otpFailures: 0 };
    await this.save(key, flow);
    return flow;
  }

  async save(key: string, flow: PsuFlow): Promise<void> {
    await this.cache.set(`psu:flow:${key}`, JSON.stringify(flow), this.ttlMs);
  }

  async end(key: string): Promise<void> {
    await this.cache.delete(`psu:flow:${key}`);
  }
}
