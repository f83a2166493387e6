// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import type { Cache } from '../../../../platform/cache/index.js';
import type { AdapterPayload, OidcAdapter } from '../../oidc-provider.js';

/**
 * How long a seen DPoP proof or client assertion `jti` is remembered, in ms. A DPoP proof is accepted while its
 * `iat` is within 300 s of now (RFC 9449 §11.1; oidc-provider's window), so a proof may be replayed at most
 * 600 s after its first use; client assertions live at most MAX_ASSERTION_LIFETIME_S (client-assertion.ts).
 */
export const REPLAY_WINDOW_MS = 15 * 60_000;

/**
 * oidc-provider's `ReplayDetection` model on the Cache port. Its `unique()` calls `find` then `upsert`, which
 * two processes could interleave; here `find` itself is the atomic check-and-remember (`rememberOnce`, Redis
 * SET NX across processes), so a `jti` is accepted exactly once (RFC 9449 §11.1, RFC 7523 §3).
 */
/**
 * The same check without oidc-provider's model around it (the resource check of every API call): `jti` of `iss` is
 * remembered under the key the model's `unique()` uses, so a proof seen by either is seen by both.
 */
export function cacheReplayCheck(cache: Cache): (iss: string, jti: string) => Promise<boolean> {
  return (iss, jti) => cache.rememberOnce(`oauth:replay:${createHash('sha256').update(`${iss}${jti}`).digest('base64url')}`, REPLAY_WINDOW_MS);
}

export class CacheReplayAdapter implements OidcAdapter {
  constructor(private readonly cache: Cache) {}

  async find(id: string): Promise<AdapterPayload | undefined> {
    const first = await this.cache.rememberOnce(`oauth:replay:${id}`, REPLAY_WINDOW_MS);
    return first ? undefined : { jti: id };
  }

  async upsert(): Promise<void> {}
  async findByUid(): Promise<undefined> { return undefined; }
  async findByUserCode(): Promise<undefined> { return undefined; }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}
