// SPDX-License-Identifier: Apache-2.0
// Lango's API as the one resource server (RFC 8707): every access token is for it, and a client's roles
// decide which of its scopes the token may carry.
import { rolesOf, scopesAllowed, type ClientLike, type TppRole } from './client-roles.js';
import type { OidcErrorClass } from './oidc-provider.js';
import { TTL_SECONDS } from './ttl.js';

/** The resource indicator (and `aud`) of Lango's APIs. */
export const API_RESOURCE = 'urn:lango:api';

/** Scopes of OpenID Connect itself; everything else is a scope of the API. */
export const OIDC_SCOPES = ['openid', 'offline_access'] as const;

/**
 * Berlin Group's OAuth SCA approach names the consent or payment in the scope: `AIS:<consentId>`,
 * `PIS:<paymentId>`, `PIIS:<consentId>` (NextGenPSD2 Implementation Guidelines, "OAuth2 as pre-step").
 */
export const CONSENT_SCOPE = /^(AIS|PIS|PIIS):([A-Za-z0-9._-]{1,128})$/;
const CONSENT_SCOPE_ROLES: Record<string, readonly TppRole[]> = { AIS: ['AIS'], PIS: ['PIS', 'PISP'], PIIS: ['PIIS'] };

interface ProviderContext {
  oidc: { params?: { scope?: unknown }; entities?: { Grant?: { resources?: Record<string, string> } } };
}

/** The API scopes a request names, without OpenID's. */
export function apiScopesOf(scope: unknown): string[] {
  if (typeof scope !== 'string') return [];
  return scope.split(' ').filter((item) => item && !(OIDC_SCOPES as readonly string[]).includes(item));
}

function allowedFor(client: ClientLike, requested: readonly string[]): Set<string> {
  const allowed = scopesAllowed(client);
  const roles = rolesOf(client);
  for (const scope of requested) {
    const prefix = CONSENT_SCOPE.exec(scope)?.[1];
    if (prefix && CONSENT_SCOPE_ROLES[prefix]!.some((role) => roles.includes(role))) allowed.add(scope);
  }
  return allowed;
}

/** `features.resourceIndicators`: the API is the default resource; scopes outside the roles are refused. */
export function resourceIndicators(errors: { InvalidTarget: OidcErrorClass; InvalidScope: OidcErrorClass }) {
  return {
    enabled: true,
    // RFC 9396 §7 requires a resource for rich authorisation requests; a client need not name it.
    defaultResource: async () => API_RESOURCE,
    useGrantedResource: async () => true,
    async getResourceServerInfo(ctx: ProviderContext, resource: string, client: ClientLike) {
      if (resource !== API_RESOURCE) throw new errors.InvalidTarget(`unknown resource ${resource}; use ${API_RESOURCE}`);
      const requested = apiScopesOf(ctx.oidc.params?.scope);
      // At the token endpoint the scopes come from the grant: its consent scopes must stay on the token.
      const granted = apiScopesOf(ctx.oidc.entities?.Grant?.resources?.[resource]);
      const allowed = allowedFor(client, [...requested, ...granted]);
      const refused = requested.filter((scope) => !allowed.has(scope));
      // RFC 6749 §5.2 invalid_scope: say so rather than silently issuing less than asked.
      if (refused.length) throw new errors.InvalidScope(`scope ${refused.join(' ')} is outside the client's roles`, refused.join(' '));
      return { scope: [...allowed].join(' '), audience: API_RESOURCE, accessTokenTTL: TTL_SECONDS.AccessToken, accessTokenFormat: 'opaque' };
    },
  };
}
