// SPDX-License-Identifier: Apache-2.0
import type { OidcProvider } from './oidc-provider.js';
import { forgetGrant } from './token-cache.js';

/** Every model oidc-provider issues under a grant. */
const GRANT_MODELS = ['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest'] as const;

/**
 * Ends a grant and everything issued under it, so the next introspection of any of its tokens answers
 * `active: false` (RFC 7662 §2.2) and the next resource call fails. Used when the PSU withdraws a consent.
 */
export async function revokeGrant(provider: OidcProvider, grantId: string): Promise<void> {
  await Promise.all(GRANT_MODELS.map((model) => provider[model].adapter.revokeByGrantId(grantId)));
  await provider.Grant.adapter.destroy(grantId);
  forgetGrant(grantId);
}
