// SPDX-License-Identifier: Apache-2.0
// FAPI Grant Management for OAuth 2.0 (fapi-grant-management), the parts inside oidc-provider, which has no such
// feature: the authorisation request parameters, `grant_id` in the token response and the discovery metadata.
// The Grant Management API itself (`GET` / `DELETE /oauth/grants/{grant_id}`) is http/grant-routes.ts.
import type { OidcGrant, OidcProviderModule } from './oidc-provider.js';

/** Where the grants live, under the issuer: `<issuer>/grants/{grant_id}`. */
export const GRANTS_PATH = '/grants';

/**
 * §5.1 grant_management_action: only `create` (a new grant, as every authorisation here gives: PSD2 Art. 97 wants
 * a fresh consent and SCA). `merge` and `replace` are refused with invalid_request; §6 query and revoke are offered.
 */
export const GRANT_MANAGEMENT_ACTIONS_SUPPORTED = ['create', 'query', 'revoke'] as const;
const AUTHORIZATION_ACTIONS = ['create', 'merge', 'replace'] as const;

/* eslint-disable @typescript-eslint/no-explicit-any -- oidc-provider hands untyped contexts to hooks */
type Ctx = any;

/** `extraParams` validators of `grant_management_action` and `grant_id` at the PAR (and authorisation) endpoint. */
export function grantManagementParams(errors: OidcProviderModule['errors']) {
  return {
    async grant_management_action(ctx: Ctx, value: unknown, client: { clientId: string } | undefined) {
      const grantId: unknown = ctx.oidc.params.grant_id;
      if (value === undefined) {
        if (grantId !== undefined) throw new errors.InvalidRequest('grant_id needs grant_management_action merge or replace');
        return;
      }
      if (typeof value !== 'string' || !(AUTHORIZATION_ACTIONS as readonly string[]).includes(value)) {
        throw new errors.InvalidRequest(`grant_management_action must be one of ${AUTHORIZATION_ACTIONS.join(', ')}`);
      }
      if (value === 'create') {
        if (grantId !== undefined) throw new errors.InvalidRequest('grant_id must not be sent with grant_management_action create');
        return;
      }
      if (typeof grantId !== 'string' || !grantId) throw new errors.InvalidRequest(`grant_management_action ${value} needs grant_id`);
      // §5.2 invalid_grant_id: unknown, or another client's grant (the same answer, so no grant is disclosed).
      const grant = await ctx.oidc.provider.Grant.find(grantId);
      if (!grant || grant.clientId !== client?.clientId) throw new errors.CustomOIDCProviderError('invalid_grant_id', 'grant_id is unknown');
      throw new errors.InvalidRequest(`grant_management_action ${value} is not supported; grant_management_actions_supported: ${GRANT_MANAGEMENT_ACTIONS_SUPPORTED.join(', ')}`);
    },
    // Checked together with the action above (oidc-provider validates each parameter on its own).
    grant_id: undefined,
  };
}

/** §5.3 the grant behind the tokens goes back with them (authorization_code and refresh_token grants). */
export async function grantIdInTokenResponse(ctx: Ctx, next: () => Promise<void>): Promise<void> {
  await next();
  const grant: OidcGrant | undefined = ctx.oidc?.route === 'token' ? ctx.oidc.entities?.Grant : undefined;
  const body = ctx.body as Record<string, unknown> | undefined;
  if (!grant || ctx.status !== 200 || !body || typeof body.access_token !== 'string') return;
  ctx.body = { ...body, grant_id: grant.jti };
}

/** §4 authorisation server metadata. */
export function grantManagementMetadata(issuer: string) {
  return {
    grant_management_actions_supported: [...GRANT_MANAGEMENT_ACTIONS_SUPPORTED],
    grant_management_endpoint: `${issuer}${GRANTS_PATH}`,
    grant_management_action_required: false,
  };
}

export interface GrantDescription {
  scopes: { scope: string; resource?: string[] }[];
  claims?: string[];
  authorization_details?: Record<string, unknown>[];
}

/** §6.4 the query response: scopes (per resource), claims and authorization_details of the grant. */
export function describeGrant(grant: OidcGrant): GrantDescription {
  const scopes: GrantDescription['scopes'] = [];
  if (grant.openid?.scope) scopes.push({ scope: grant.openid.scope });
  for (const [resource, scope] of Object.entries(grant.resources ?? {})) if (scope) scopes.push({ scope, resource: [resource] });
  return {
    scopes,
    ...(grant.openid?.claims?.length && { claims: grant.openid.claims }),
    ...(grant.rar?.length && { authorization_details: grant.rar }),
  };
}
