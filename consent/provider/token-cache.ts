// SPDX-License-Identifier: Apache-2.0
// Access tokens a resource check found, remembered for a moment: a TPP presents the same token on every call, and
// reading it and its grant from the store each time costs more than all the other checks of a read. Revoking a
// grant in this process forgets its tokens at once; another process's revocation is seen within TTL_MS.
import type { OidcToken } from './oidc-provider.js';

/** How long a found token is trusted without reading the store again, in ms. */
export const TOKEN_CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 50_000;

const entries = new Map<string, { token: OidcToken; until: number }>();

/** The remembered token of this value, when still fresh and not expired. */
export function cachedToken(value: string, now = Date.now()): OidcToken | undefined {
  const entry = entries.get(value);
  if (!entry) return undefined;
  if (entry.until <= now) {
    entries.delete(value);
    return undefined;
  }
  return entry.token;
}

/** Remembers a token found active, at most until it expires. */
export function rememberToken(value: string, token: OidcToken, now = Date.now()): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const expires = typeof token.exp === 'number' ? token.exp * 1000 : now + TOKEN_CACHE_TTL_MS;
  entries.set(value, { token, until: Math.min(now + TOKEN_CACHE_TTL_MS, expires) });
}

/** Forgets every remembered token of a grant (it was revoked). */
export function forgetGrant(grantId: string): void {
  for (const [value, entry] of entries) if (entry.token.grantId === grantId) entries.delete(value);
}
