// SPDX-License-Identifier: Apache-2.0
// An operator signed in through the operations client (first party): no consent to ask, the grant is given with
// the requested scopes (`openid operations`; the PAR endpoint already refused any other API scope).
import { API_RESOURCE, OIDC_SCOPES, apiScopesOf } from '../../provider/resource-server.js';
import { OPERATIONS_SCOPE } from '../../provider/client-roles.js';
import type { OidcInteraction, OidcProvider } from '../../provider/oidc-provider.js';
import type { PsuFlow } from '../psu-flow.js';

const OPENID_SCOPES: readonly string[] = [...OIDC_SCOPES, OPERATIONS_SCOPE];

/** Saves the operator's grant for the operations client; returns its id. */
export async function grantOperator(provider: OidcProvider, interaction: OidcInteraction, flow: PsuFlow): Promise<string> {
  const { params } = interaction;
  const scopes = String(params.scope ?? '').split(' ').filter(Boolean);
  const grant = new provider.Grant({ accountId: flow.psuId!, clientId: String(params.client_id) });
  const openid = scopes.filter((scope) => OPENID_SCOPES.includes(scope));
  if (openid.length) grant.addOIDCScope(openid.join(' '));
  const api = apiScopesOf(params.scope);
  if (api.length) grant.addResourceScope(typeof params.resource === 'string' ? params.resource : API_RESOURCE, api.join(' '));
  return grant.save();
}
