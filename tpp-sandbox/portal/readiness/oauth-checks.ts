// SPDX-License-Identifier: Apache-2.0
// The OAuth side of the journey (FAPI 2.0 Security Profile): the issuer's metadata, the client authenticating
// with private_key_jwt, DPoP-bound tokens for its roles' scopes, and the PSU's authorisation (PAR + PKCE + DPoP,
// the robot at the bank's pages, the code exchange) that the AIS and PIS checks share.
import { importJWK } from 'jose';
import * as oidc from 'openid-client';
import { CheckFailedError } from './errors.js';
import { fetchVia, made, type Journey, type StepResult } from './journey.js';
import { problemOf } from './problem-text.js';
import { authoriseAsRobot } from './psu-robot.js';

/** The scope of Lango's API each tested role's token carries (consent/provider/client-roles.ts ROLE_GRANTS). */
export const ROLE_SCOPES = { AIS: 'accounts', PIS: 'payments' } as const;

/** Runs `action`; a failure becomes CheckFailedError prefixed with what was being done. */
async function step<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof CheckFailedError) throw error;
    const problem = problemOf(error);
    throw new CheckFailedError(`${what}: ${problem.detail}`, problem.httpStatus, error);
  }
}

const listed = (value: unknown, item: string) => Array.isArray(value) && value.includes(item);

/** GET the issuer's OpenID configuration; it must name this issuer and offer PAR, PKCE S256, DPoP and private_key_jwt. */
export async function discoveryCheck(journey: Journey): Promise<StepResult> {
  const url = `${journey.issuer}/.well-known/openid-configuration`;
  const response = await step(`GET ${url}`, () => fetchVia(journey.tppAgent)(url, { headers: { accept: 'application/json' } }));
  if (response.status !== 200) throw new CheckFailedError(`GET ${url}: HTTP ${response.status}`, response.status);
  const metadata = await step('reading the OpenID configuration', () => response.json() as Promise<oidc.ServerMetadata>);
  const missing = [
    metadata.issuer !== journey.issuer && `issuer ${journey.issuer} (it says ${String(metadata.issuer)})`,
    !metadata.token_endpoint && 'token_endpoint',
    !metadata.pushed_authorization_request_endpoint && 'pushed_authorization_request_endpoint (PAR)',
    !listed(metadata.code_challenge_methods_supported, 'S256') && 'PKCE method S256',
    !listed(metadata.dpop_signing_alg_values_supported, String(journey.target.client.dpopPrivateJwk.alg ?? 'ES256')) && 'DPoP with the DPoP key\'s algorithm',
    !listed(metadata.token_endpoint_auth_methods_supported, 'private_key_jwt') && 'client authentication private_key_jwt',
  ].filter((item): item is string => typeof item === 'string');
  if (missing.length > 0) throw new CheckFailedError(`the OpenID configuration at ${url} lacks ${missing.join(', ')}`, response.status);
  journey.metadata = metadata;
  return { detail: `issuer ${metadata.issuer} offers PAR, PKCE S256, DPoP and private_key_jwt`, httpStatus: response.status };
}

/** The client's keys as openid-client uses them; the client-credentials grant proves the client is registered with this key. */
export async function registrationCheck(journey: Journey): Promise<StepResult> {
  const { client } = journey.target;
  const alg = String(client.privateJwk.alg ?? 'ES256');
  const key = await step('the client\'s private key cannot be used', () => importJWK(client.privateJwk, alg) as Promise<oidc.CryptoKey>);
  const dpopAlg = String(client.dpopPrivateJwk.alg ?? 'ES256');
  const { d: _private, ...dpopPublic } = client.dpopPrivateJwk;
  const dpopKeys = await step('the DPoP private key cannot be used', async () => ({
    privateKey: (await importJWK(client.dpopPrivateJwk, dpopAlg)) as oidc.CryptoKey,
    publicKey: (await importJWK(dpopPublic, dpopAlg, { extractable: true })) as oidc.CryptoKey,
  }));
  const oauth = new oidc.Configuration(made(journey.metadata, 'the OpenID configuration'), client.clientId, {}, oidc.PrivateKeyJwt({ key, ...(client.privateJwk.kid && { kid: client.privateJwk.kid }) }));
  // The sandbox serves OAuth on plain http over loopback; openid-client refuses that unless told.
  if (journey.issuer.startsWith('http:')) oidc.allowInsecureRequests(oauth);
  oauth[oidc.customFetch] = (url, options) => fetchVia(journey.tppAgent)(url, options as RequestInit);
  journey.oauth = oauth;
  journey.dpop = oidc.getDPoPHandle(oauth, dpopKeys);
  await step('client-credentials grant with private_key_jwt', () => oidc.clientCredentialsGrant(oauth, {}, { DPoP: journey.dpop! }));
  return { detail: `client ${client.clientId} is registered and authenticates with private_key_jwt${client.privateJwk.kid ? ` (key ${client.privateJwk.kid})` : ''}`, httpStatus: 200 };
}

/** A DPoP-bound client-credentials token for each tested role's scope. */
export async function tokenCheck(journey: Journey): Promise<StepResult> {
  const scopes = Object.entries(ROLE_SCOPES).filter(([role]) => journey.target.client.roles.includes(role)).map(([, scope]) => scope);
  if (scopes.length === 0) throw new CheckFailedError('the app has neither the AIS nor the PIS role: there is no API scope to ask for');
  const oauth = made(journey.oauth, 'the OAuth configuration');
  const said: string[] = [];
  for (const scope of scopes) {
    const token = await step(`client-credentials grant for scope ${scope}`, () => oidc.clientCredentialsGrant(oauth, { scope }, { DPoP: made(journey.dpop, 'the DPoP key') }));
    if (token.token_type.toLowerCase() !== 'dpop') throw new CheckFailedError(`the token for scope ${scope} is of type ${token.token_type}, not DPoP-bound`, 200);
    const granted = (token.scope ?? scope).split(' ');
    if (!granted.includes(scope)) throw new CheckFailedError(`asked for scope ${scope}, granted "${token.scope ?? ''}"`, 200);
    journey.tokens.set(scope, token.access_token);
    said.push(`${scope} (${token.expires_in ?? '?'} s)`);
  }
  return { detail: `DPoP-bound tokens for ${said.join(', ')}`, httpStatus: 200 };
}

/**
 * The PSU authorises `scope` (`AIS:<consentId>`, `PIS:<paymentId>`) at the target's bank: PAR with PKCE and DPoP,
 * the robot on the bank's pages, then the code exchanged for the PSU's DPoP-bound token.
 */
export async function authoriseByPsu(journey: Journey, scope: string): Promise<oidc.TokenEndpointResponse> {
  const oauth = made(journey.oauth, 'the OAuth configuration');
  const dpop = made(journey.dpop, 'the DPoP key');
  const { target } = journey;
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authorizationUrl = await step('pushed authorisation request', async () => oidc.buildAuthorizationUrlWithPAR(oauth, {
    redirect_uri: target.client.redirectUri, scope, bank: target.bank, state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  }, { DPoP: dpop }));
  const callback = await step(`the PSU ${target.psu.username} at ${target.bank}`, () => authoriseAsRobot(journey.browserAgent, authorizationUrl, target.psu));
  return step('code exchange', () => oidc.authorizationCodeGrant(oauth, callback, { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP: dpop }));
}
