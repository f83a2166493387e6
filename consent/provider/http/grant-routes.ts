// SPDX-License-Identifier: Apache-2.0
// The Grant Management API (FAPI Grant Management for OAuth 2.0 §6) next to oidc-provider, which has none:
// `GET /oauth/grants/{grant_id}` answers the grant's scopes and authorization_details, `DELETE` revokes it with
// every token under it and ends the consent behind it (`terminatedByTpp`). The caller presents its own
// sender-constrained access token with scope grant_management_query / grant_management_revoke; only the grants
// of that client are visible.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConsentExpiredError, ConsentStatusInvalidError } from '../../errors.js';
import type { ConsentStore } from '../../consents/consent.js';
import { GRANT_MANAGEMENT_SCOPES } from '../client-roles.js';
import { describeGrant, GRANTS_PATH } from '../grant-management.js';
import type { OidcGrant, OidcProvider } from '../oidc-provider.js';
import { presentedToken, TokenRefused } from '../presented-token.js';
import { revokeGrant } from '../revoke-grant.js';

export interface GrantRoutesOptions {
  mount: string;
  provider: () => OidcProvider;
  consents: ConsentStore;
}

interface GrantRequest {
  Params: { grantId: string };
}

function answer(reply: FastifyReply, status: number, body?: unknown): FastifyReply {
  reply.code(status).header('cache-control', 'no-store');
  return body === undefined ? reply.send() : reply.type('application/json').send(body);
}

/** The URLs the client may have addressed (DPoP `htu`): the issuer's, and this listener's own (the mTLS alias). */
function urlsOf(provider: OidcProvider, request: FastifyRequest<GrantRequest>, mount: string): string[] {
  const path = `${GRANTS_PATH}/${encodeURIComponent(request.params.grantId)}`;
  return [`${provider.issuer}${path}`, `${request.protocol}://${request.host}${mount}${path}`];
}

/** The grant of the calling client, with the token that asked; or the error answer already sent. */
async function authorised(options: GrantRoutesOptions, request: FastifyRequest<GrantRequest>, reply: FastifyReply, scope: string): Promise<OidcGrant | undefined> {
  const provider = options.provider();
  try {
    const token = await presentedToken(provider, {
      method: request.method, urls: urlsOf(provider, request, options.mount), headers: request.headers, socket: request.raw.socket,
    }, scope);
    const grant = await provider.Grant.find(request.params.grantId);
    // §6.6: 404 for a grant that is unknown, or another client's (the same answer: no grant id is disclosed).
    if (!grant || grant.clientId !== token.clientId) {
      answer(reply, 404, { error: 'invalid_grant_id', error_description: 'the grant is unknown' });
      return undefined;
    }
    return grant;
  } catch (error) {
    if (!(error instanceof TokenRefused)) throw error;
    reply.header('www-authenticate', error.challenge);
    answer(reply, error.status, { error: error.error, error_description: error.message });
    return undefined;
  }
}

export async function grantRoutes(server: FastifyInstance, options: GrantRoutesOptions): Promise<void> {
  const path = `${options.mount}${GRANTS_PATH}/:grantId`;

  server.get<GrantRequest>(path, async (request, reply) => {
    const grant = await authorised(options, request, reply, GRANT_MANAGEMENT_SCOPES.query);
    if (grant) return answer(reply, 200, describeGrant(grant));
    return reply;
  });

  server.delete<GrantRequest>(path, async (request, reply) => {
    const grant = await authorised(options, request, reply, GRANT_MANAGEMENT_SCOPES.revoke);
    if (!grant) return reply;
    // The tokens stop first; then the consent behind the grant ends as the TPP's doing.
    await revokeGrant(options.provider(), grant.jti);
    const consent = await options.consents.findByGrant(grant.jti);
    if (consent && (consent.status === 'received' || consent.status === 'valid')) {
      try {
        await options.consents.terminateByTpp(consent.id, grant.clientId);
      } catch (error) {
        // The PSU withdrew it (or it expired) meanwhile: it has ended all the same.
        if (!(error instanceof ConsentStatusInvalidError || error instanceof ConsentExpiredError)) throw error;
      }
    }
    request.log.info({ grantId: grant.jti, clientId: grant.clientId, consentId: consent?.id }, 'grant revoked by the TPP');
    return answer(reply, 204);
  });
}
