// SPDX-License-Identifier: Apache-2.0
// Rules about clients beyond oidc-provider's own: Lango's extra metadata, who may introspect or revoke what.
import { EXTRA_CLIENT_METADATA, TPP_ROLES, isFirstParty, type ClientLike } from './client-roles.js';
import type { OidcErrorClass } from './oidc-provider.js';

interface PolicyContext {
  oidc?: { route?: string };
}

interface TokenLike {
  clientId: string;
}

/** `extraClientMetadata`: Lango's properties, validated (synchronously, as oidc-provider requires). */
export function extraClientMetadata(InvalidClientMetadata: OidcErrorClass) {
  return {
    properties: [...EXTRA_CLIENT_METADATA],
    validator(ctx: PolicyContext | undefined, key: string, value: unknown, metadata: Record<string, unknown>) {
      switch (key) {
        case 'software_roles':
          if (value !== undefined && (!Array.isArray(value) || !value.every((role) => (TPP_ROLES as readonly unknown[]).includes(role)))) {
            throw new InvalidClientMetadata(`software_roles must list some of ${TPP_ROLES.join(', ')}`);
          }
          break;
        case 'lango_first_party':
          // Only Lango marks its own clients; dynamic registration never may.
          if (value !== undefined && (typeof value !== 'boolean' || ctx?.oidc?.route === 'registration')) {
            throw new InvalidClientMetadata('lango_first_party cannot be registered');
          }
          // FAPI 2.0 Security Profile §5.3.2.1: third parties get sender-constrained tokens only.
          if (value !== true && metadata.dpop_bound_access_tokens !== true && metadata.tls_client_certificate_bound_access_tokens !== true) {
            throw new InvalidClientMetadata('a third-party client needs dpop_bound_access_tokens or tls_client_certificate_bound_access_tokens');
          }
          break;
        case 'lango_operations_client':
          // Only Lango marks its own operations client, and only a first-party one.
          if (value !== undefined && (typeof value !== 'boolean' || ctx?.oidc?.route === 'registration' || (value && metadata.lango_first_party !== true))) {
            throw new InvalidClientMetadata('lango_operations_client cannot be registered');
          }
          break;
        default:
          if (value !== undefined && typeof value !== 'string') throw new InvalidClientMetadata(`${key} must be a string`);
      }
    },
  };
}

/**
 * RFC 7662 §4: the server decides who may introspect. A token's own client may; so may first-party clients
 * (Lango's resource servers, the gateway); no other TPP learns anything about someone else's token.
 */
export async function introspectionAllowed(_ctx: unknown, client: ClientLike, token: TokenLike): Promise<boolean> {
  return token.clientId === client.clientId || isFirstParty(client);
}

/** RFC 7009 §2.1: a client revokes only its own tokens; otherwise invalid_request (oidc-provider's default, kept). */
export function revocationAllowed(InvalidRequest: OidcErrorClass) {
  return async (_ctx: unknown, client: ClientLike, token: TokenLike): Promise<boolean> => {
    if (token.clientId !== client.clientId) throw new InvalidRequest('client is not authorized to revoke the presented token');
    return true;
  };
}
