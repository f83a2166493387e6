// SPDX-License-Identifier: Apache-2.0
// oidc-provider on the FAPI 2.0 Security Profile (final, 2025) for third-party clients. Each entry cites the
// clause it enforces; the hooks live in their own files (one concern each).
import type { JWK } from 'jose';
import { operatorUsernameOf, type OperatorDirectory } from '../operators/operator.js';
import { renderProviderError } from '../psu/provider-error-page.js';
import type { PsuDirectory } from '../psu/psu-directory.js';
import type { AdapterFactory } from './adapters/sql/sql-adapter.js';
import { authorizationDetailsTypes } from './authorization-details.js';
import { clientAssertionPolicy } from './client-assertion.js';
import { extraClientMetadata, introspectionAllowed, revocationAllowed } from './client-policy.js';
import { OPERATIONS_SCOPE, isFirstParty, isOperationsClient, type ClientLike } from './client-roles.js';
import { grantManagementMetadata, grantManagementParams, GRANTS_PATH } from './grant-management.js';
import { mtlsHooks } from './mtls.js';
import type { OidcProviderModule } from './oidc-provider.js';
import { resourceIndicators } from './resource-server.js';
import { TTL_SECONDS } from './ttl.js';

/** FAPI 2.0 §5.4.1: PS256, ES256 (EdDSA left out: not every relying party supports it). */
const FAPI_ALGS = ['ES256', 'PS256'];
/** Seconds of clock difference accepted on iat/nbf/exp (FAPI 2.0 §5.3.2.1: accept up to 10 s ahead, never more than 60 s). */
const CLOCK_TOLERANCE_S = 15;

export interface ProviderSettings {
  issuer: string;
  /** Base URL of the TLS listener, for RFC 8705 §5 mtls_endpoint_aliases; absent without one. */
  mtlsBaseUrl: string | undefined;
  adapter: AdapterFactory;
  jwks: JWK[];
  cookieKeys: string[];
  psuDirectory: PsuDirectory;
  operators: OperatorDirectory;
  errors: OidcProviderModule['errors'];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- oidc-provider hands untyped contexts and models to hooks */
type Ctx = any;

export function providerConfiguration(settings: ProviderSettings): Record<string, unknown> {
  const { errors } = settings;
  const mtls = settings.mtlsBaseUrl && `${settings.mtlsBaseUrl}/oauth`;
  return {
    adapter: settings.adapter,
    jwks: { keys: settings.jwks },
    cookies: {
      keys: settings.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    routes: { authorization: '/authorize', pushed_authorization_request: '/par', token: '/token', introspection: '/introspect', revocation: '/revoke', registration: '/register', jwks: '/jwks' },
    // FAPI 2.0 §5.3.2.1: private_key_jwt or mTLS client authentication only (RFC 8705 §2.1, §2.2).
    clientAuthMethods: ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'],
    clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'private_key_jwt', id_token_signed_response_alg: 'PS256' },
    clockTolerance: CLOCK_TOLERANCE_S,
    // FAPI 2.0 §5.3.2.2: response type `code` only.
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access', OPERATIONS_SCOPE],
    // An operator's tenant roles, for the operations client only (the scope is refused to others: resource-server.ts).
    claims: { openid: ['sub'], [OPERATIONS_SCOPE]: ['lango_roles'] },
    // FAPI 2.0 §5.3.2.2: PKCE with S256 for every authorisation request (oidc-provider knows no other method).
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    // The PSU's bank (a tenant id), when the TPP knows it; checked against the banks at the PAR endpoint.
    extraParams: {
      async bank(_ctx: Ctx, value: unknown) {
        if (value === undefined) return;
        const banks = await settings.psuDirectory.banks();
        if (typeof value !== 'string' || !banks.some((bank) => bank.tenantId === value)) throw new errors.InvalidRequest('bank is not a bank of this server');
      },
      // FAPI Grant Management for OAuth 2.0 §5.1 (grant-management.ts).
      ...grantManagementParams(errors),
    },
    extraClientMetadata: extraClientMetadata(errors.InvalidClientMetadata),
    assertJwtClientAuthClaimsAndHeader: clientAssertionPolicy(errors.InvalidClientAuth, CLOCK_TOLERANCE_S),
    enabledJWA: {
      clientAuthSigningAlgValues: FAPI_ALGS,
      idTokenSigningAlgValues: FAPI_ALGS,
      requestObjectSigningAlgValues: FAPI_ALGS,
      // EdDSA (Ed25519) too: FAPI 2.0 Final §5.4.1 lists it with PS256 and ES256 for proofs.
      dPoPSigningAlgValues: [...FAPI_ALGS, 'EdDSA'],
      authorizationSigningAlgValues: FAPI_ALGS,
      introspectionSigningAlgValues: FAPI_ALGS,
    },
    features: {
      devInteractions: { enabled: false },
      fapi: { enabled: true, profile: (_ctx: Ctx, client: ClientLike | undefined) => (isFirstParty(client) ? undefined : '2.0') },
      // FAPI 2.0 §5.3.2.2: pushed authorisation requests only (RFC 9126 §5).
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
      // FAPI 2.0 §5.3.2.1: sender-constrained tokens, DPoP (RFC 9449) or mTLS (RFC 8705 §3).
      dPoP: { enabled: true },
      mTLS: { enabled: true, certificateBoundAccessTokens: true, tlsClientAuth: true, selfSignedTlsClientAuth: true, ...mtlsHooks },
      richAuthorizationRequests: {
        enabled: true,
        types: authorizationDetailsTypes(errors.InvalidAuthorizationDetails),
        // The grant holds the details as the PSU approved them (enriched with accounts and consent id).
        authorizationDetailsForGrantSource: (ctx: Ctx) => ctx.oidc.grant?.rar ?? [],
        authorizationDetailsForAccessToken: (ctx: Ctx, _token: unknown, source: Ctx) => source?.rar ?? (ctx.oidc.params.authorization_details ? JSON.parse(ctx.oidc.params.authorization_details) : []),
        authorizationDetailsForIntrospection: (_ctx: Ctx, token: Ctx) => token.rar,
      },
      resourceIndicators: resourceIndicators(errors),
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      revocation: { enabled: true, allowedPolicy: revocationAllowed(errors.InvalidRequest) },
      // Registration itself is gated in front of oidc-provider by a software statement (http/registration-gate.ts).
      registration: { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: true },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
    },
    ttl: { ...TTL_SECONDS },
    // FAPI clients get refresh tokens without offline_access (PEERS.md trap); rotation stays off (FAPI 2.0 §5.3.2.1).
    issueRefreshToken: async (_ctx: Ctx, client: Ctx, code: Ctx) => client.grantTypeAllowed('refresh_token') && ['AuthorizationCode', 'RefreshToken'].includes(code.kind),
    rotateRefreshToken: false,
    // Tokens live with the consent (its grant), not with the browser session at this server.
    expiresWithSession: async () => false,
    // No silent re-use of an earlier grant: every authorisation is a new consent with its own SCA (PSD2 Art. 97).
    loadExistingGrant: async (ctx: Ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    // An operator (`operator:<username>`) must still exist; the roles are read at each token, so a change shows at once.
    findAccount: async (ctx: Ctx, sub: string) => {
      const username = operatorUsernameOf(sub);
      if (username === undefined) return { accountId: sub, claims: async () => ({ sub }) };
      const operator = await settings.operators.find(username);
      if (!operator) return undefined;
      const roles = isOperationsClient(ctx?.oidc?.client) ? { lango_roles: operator.roles } : {};
      return { accountId: sub, claims: async () => ({ sub, ...roles }) };
    },
    // RFC 7662: introspection of an operator's access token carries the tenant roles too.
    extraTokenClaims: async (ctx: Ctx, token: Ctx) => {
      const username = typeof token.accountId === 'string' ? operatorUsernameOf(token.accountId) : undefined;
      if (username === undefined || !isOperationsClient(ctx?.oidc?.client)) return undefined;
      const operator = await settings.operators.find(username);
      return operator ? { lango_roles: operator.roles } : undefined;
    },
    interactions: {
      url: async (ctx: Ctx, interaction: { uid: string }) => {
        // OpenID Connect Core §3.1.2.1 ui_locales picks the PSU pages' language.
        const locale = String(ctx.oidc.params.ui_locales ?? '').split(' ').map((tag) => tag.split('-')[0]).find((tag) => tag === 'sw' || tag === 'en');
        return `/psu/interaction/${interaction.uid}${locale ? `?lang=${locale}` : ''}`;
      },
    },
    renderError: renderProviderError,
    // No browser-based TPP calls the authorisation server directly: no CORS for anyone.
    clientBasedCORS: () => false,
    discovery: {
      ui_locales_supported: ['en', 'sw'],
      ...grantManagementMetadata(settings.issuer),
      ...(mtls && {
        mtls_endpoint_aliases: {
          token_endpoint: `${mtls}/token`,
          pushed_authorization_request_endpoint: `${mtls}/par`,
          introspection_endpoint: `${mtls}/introspect`,
          revocation_endpoint: `${mtls}/revoke`,
          grant_management_endpoint: `${mtls}${GRANTS_PATH}`,
        },
      }),
    },
  };
}
