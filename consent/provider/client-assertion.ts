// SPDX-License-Identifier: Apache-2.0
import type { OidcErrorClass } from './oidc-provider.js';

/**
 * Longest client assertion accepted, in seconds from now to its `exp`. RFC 7523 §3 lets the server
 * refuse a far `exp`; this bound is what lets the replay cache forget a `jti` (adapters/cache/replay-adapter.ts).
 */
export const MAX_ASSERTION_LIFETIME_S = 300;

interface AssertionContext {
  oidc: { issuer: string; isFapi(...profiles: string[]): string | undefined };
}

/** `assertJwtClientAuthClaimsAndHeader`: checks beyond signature, iss, sub, jti and expiry, which oidc-provider does. */
export function clientAssertionPolicy(InvalidClientAuth: OidcErrorClass, clockToleranceSeconds: number) {
  return async (ctx: AssertionContext, claims: { aud?: unknown; exp?: unknown }) => {
    // FAPI 2.0 Security Profile §5.3.2.1 (and its errata): the audience is the issuer identifier, as a string.
    if (ctx.oidc.isFapi('2.0') && claims.aud !== ctx.oidc.issuer) {
      throw new InvalidClientAuth('audience (aud) must equal the issuer identifier url');
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp === 'number' && claims.exp - now > MAX_ASSERTION_LIFETIME_S + clockToleranceSeconds) {
      throw new InvalidClientAuth(`client assertion exp must be within ${MAX_ASSERTION_LIFETIME_S} s`);
    }
  };
}
