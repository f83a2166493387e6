// SPDX-License-Identifier: Apache-2.0
// RFC 7591 dynamic registration behind a software statement: no statement signed by the sandbox directory,
// no client. The statement's values win over the request's (RFC 7591 §2.3) and decide the client's roles.
import { LangoError } from '../../../platform/errors/index.js';
import { SoftwareStatementRejected, type SoftwareDirectory } from '../../directory/software-directory.js';
import { typesAllowed } from '../client-roles.js';

const CERTIFICATE_AUTH = new Set(['tls_client_auth', 'self_signed_tls_client_auth']);

/** An RFC 7591 §3.2.2 registration error, rendered by the OAuth dialect. */
function registrationError(oauthError: 'invalid_software_statement' | 'invalid_client_metadata', message: string, cause?: unknown): LangoError {
  return new LangoError('VALIDATION_FAILED', message, { details: { oauthError }, ...(cause !== undefined && { cause }) });
}

/** The metadata to register: the request's, overruled by the verified statement and Lango's FAPI defaults. */
export async function gateRegistration(body: unknown, directory: SoftwareDirectory): Promise<Record<string, unknown>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw registrationError('invalid_client_metadata', 'the registration request must be a JSON object');
  const { software_statement: statement, lango_first_party: _firstParty, software_roles: _roles, ...requested } = body as Record<string, unknown>;
  if (typeof statement !== 'string') throw registrationError('invalid_software_statement', 'a software_statement signed by the sandbox directory is required');
  let claims;
  try {
    claims = await directory.verifySoftwareStatement(statement);
  } catch (error) {
    if (error instanceof SoftwareStatementRejected) throw registrationError('invalid_software_statement', error.message, error);
    throw error;
  }
  const method = typeof requested.token_endpoint_auth_method === 'string' ? requested.token_endpoint_auth_method : 'private_key_jwt';
  const certificateBound = CERTIFICATE_AUTH.has(method);
  return {
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    // FAPI 2.0 §5.3.2.1: sender-constrained tokens; by default bound the way the client authenticates.
    dpop_bound_access_tokens: !certificateBound,
    tls_client_certificate_bound_access_tokens: certificateBound,
    ...requested,
    token_endpoint_auth_method: method,
    response_types: ['code'],
    software_statement: statement,
    software_id: claims.software_id,
    org_id: claims.org_id,
    org_name: claims.org_name,
    client_name: claims.client_name,
    software_roles: claims.software_roles,
    redirect_uris: claims.redirect_uris,
    jwks: claims.jwks,
    authorization_details_types: typesAllowed(claims.software_roles),
  };
}
