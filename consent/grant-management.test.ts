// SPDX-License-Identifier: Apache-2.0
// FAPI Grant Management for OAuth 2.0 as a TPP meets it: the grant id in the token response, the Grant Management
// API (query, revoke) with a DPoP-bound token of the same client, and the cascade of a revocation to the tokens
// and the consent.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import * as client from 'openid-client';
import { privateKeyJwtClient, startConsentHarness, type ConsentHarness } from '../test/support/consent-harness.js';
import { CLIENT_ASSERTION_TYPE, clientAssertion, dpopProof, dpopProofWithToken, postForm } from '../test/support/oauth-requests.js';
import { PsuBrowser, authoriseAsPsu } from '../test/support/psu-browser.js';

const AIS_DETAILS = [{ type: 'account_information', actions: ['accounts', 'balances'], frequencyPerDay: 4 }];
const MANAGE = 'grant_management_query grant_management_revoke';

let harness: ConsentHarness;
let tpp: client.Configuration;
let gateway: client.Configuration;
let grantsEndpoint: string;

before(async () => {
  harness = await startConsentHarness();
  const { demoTpp, demoChannelApp } = harness.manifest;
  tpp = await privateKeyJwtClient(harness.issuer, demoTpp.clientId, demoTpp.privateJwk);
  gateway = await privateKeyJwtClient(harness.issuer, demoChannelApp.clientId, demoChannelApp.privateJwk);
  grantsEndpoint = String(tpp.serverMetadata().grant_management_endpoint);
});
after(async () => { await harness?.stop(); });

/** A completed authorisation code flow of the demo TPP for John's first Buffalo account. */
async function authorise(dpop: client.DPoPHandle) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = await client.buildAuthorizationUrlWithPAR(tpp, {
    redirect_uri: harness.manifest.demoTpp.redirectUri, scope: 'accounts', state, bank: 'buffalo',
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    authorization_details: JSON.stringify(AIS_DETAILS), grant_management_action: 'create',
  }, { DPoP: dpop });
  const { callback } = await authoriseAsPsu(new PsuBrowser(), url, { username: 'john.smith', password: 'buffalo-pass-1', otps: ['123456'], accounts: ['buffalo-1001'] });
  return client.authorizationCodeGrant(tpp, callback, { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP: dpop });
}

/** A DPoP-bound client_credentials token of `config` for the Grant Management API. */
async function managementToken(config: client.Configuration, scope = MANAGE) {
  const keys = await client.randomDPoPKeyPair();
  const dpop = client.getDPoPHandle(config, keys);
  const { access_token: token } = await client.clientCredentialsGrant(config, { scope }, { DPoP: dpop });
  return { token, dpop, keys };
}

async function callGrant(config: client.Configuration, method: 'GET' | 'DELETE', grantId: string, credentials: { token: string; dpop: client.DPoPHandle }) {
  try {
    return await client.fetchProtectedResource(config, credentials.token, new URL(`${grantsEndpoint}/${grantId}`), method, undefined, undefined, { DPoP: credentials.dpop });
  } catch (error) {
    if (error instanceof client.WWWAuthenticateChallengeError) return error.response;
    throw error;
  }
}

/** Another AIS TPP, registered from a software statement of the sandbox directory. */
async function otherTpp(): Promise<client.Configuration> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const statement = await harness.directory.issueSoftwareStatement({
    softwareId: 'other-app', orgId: 'org-7', orgName: 'Other App Ltd', roles: ['AIS'],
    redirectUris: ['https://other.example/callback'], jwks: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] },
  });
  const response = await fetch(`${harness.issuer}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ software_statement: statement, token_endpoint_auth_method: 'private_key_jwt' }) });
  assert.equal(response.status, 201);
  const { client_id: clientId } = (await response.json()) as { client_id: string };
  return privateKeyJwtClient(harness.issuer, clientId, { ...(await exportJWK(privateKey)), kid, alg: 'ES256' });
}

describe('grant management (FAPI Grant Management for OAuth 2.0)', () => {
  it('advertises the grant management endpoint and actions in the discovery metadata', () => {
    const metadata = tpp.serverMetadata();
    assert.equal(metadata.grant_management_endpoint, `${harness.issuer}/grants`);
    assert.deepEqual(metadata.grant_management_actions_supported, ['create', 'query', 'revoke']);
  });

  it('lets the TPP query its grant: the scopes and the authorization_details with the accounts the PSU chose', async () => {
    const dpop = client.getDPoPHandle(tpp, await client.randomDPoPKeyPair());
    const tokens = await authorise(dpop);
    const grantId = String(tokens.grant_id);
    assert.ok(tokens.grant_id, 'the token response names the grant');

    const response = await callGrant(tpp, 'GET', grantId, await managementToken(tpp));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const grant = (await response.json()) as { scopes: unknown; authorization_details: { type: string; accounts: unknown; consentId: string }[] };
    assert.deepEqual(grant.scopes, [{ scope: 'accounts', resource: ['urn:lango:api'] }]);
    const [detail] = grant.authorization_details;
    assert.equal(detail!.type, 'account_information');
    assert.deepEqual(detail!.accounts, [{ accountId: 'buffalo-1001' }]);
    assert.equal((await harness.consents.findByGrant(grantId))?.id, detail!.consentId);

    // The refresh token answers the same grant id.
    assert.equal((await client.refreshTokenGrant(tpp, tokens.refresh_token!, undefined, { DPoP: dpop })).grant_id, grantId);
    // A client_credentials token has no grant, and names none.
    assert.equal((await client.clientCredentialsGrant(tpp, { scope: 'accounts' }, { DPoP: dpop })).grant_id, undefined);
  });

  it('refuses another client (404 invalid_grant_id), a token without the scope (403), an unbound use of the token (401)', async () => {
    const tokens = await authorise(client.getDPoPHandle(tpp, await client.randomDPoPKeyPair()));
    const grantId = String(tokens.grant_id);

    const other = await otherTpp();
    const foreign = await callGrant(other, 'GET', grantId, await managementToken(other));
    assert.equal(foreign.status, 404);
    assert.equal(((await foreign.json()) as { error: string }).error, 'invalid_grant_id');
    const unknown = await callGrant(tpp, 'GET', 'no-such-grant', await managementToken(tpp));
    assert.equal(unknown.status, 404);
    assert.equal((await callGrant(other, 'DELETE', grantId, await managementToken(other))).status, 404);

    const noScope = await callGrant(tpp, 'GET', grantId, await managementToken(tpp, 'accounts'));
    assert.equal(noScope.status, 403);
    assert.match(noScope.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
    const queryOnly = await callGrant(tpp, 'DELETE', grantId, await managementToken(tpp, 'grant_management_query'));
    assert.equal(queryOnly.status, 403);

    const { token } = await managementToken(tpp);
    const thief = await callGrant(tpp, 'GET', grantId, { token, dpop: client.getDPoPHandle(tpp, await client.randomDPoPKeyPair()) });
    assert.equal(thief.status, 401);
    assert.match(thief.headers.get('www-authenticate') ?? '', /^DPoP error="invalid_token"/);
    const noProof = await fetch(`${grantsEndpoint}/${grantId}`, { headers: { authorization: `DPoP ${token}` } });
    assert.equal(noProof.status, 401);
    assert.equal(((await noProof.json()) as { error: string }).error, 'invalid_dpop_proof');
    const { token: bound, keys } = await managementToken(tpp);
    const proof = await dpopProofWithToken(keys, 'GET', `${grantsEndpoint}/${grantId}`, bound);
    const once = await fetch(`${grantsEndpoint}/${grantId}`, { headers: { authorization: `DPoP ${bound}`, dpop: proof } });
    assert.equal(once.status, 200);
    const replayed = await fetch(`${grantsEndpoint}/${grantId}`, { headers: { authorization: `DPoP ${bound}`, dpop: proof } });
    assert.equal(replayed.status, 401);
    assert.equal(((await replayed.json()) as { error: string }).error, 'invalid_dpop_proof', 'a DPoP proof is used once');
    const elsewhere = await fetch(`${grantsEndpoint}/${grantId}`, { headers: { authorization: `DPoP ${bound}`, dpop: await dpopProofWithToken(keys, 'GET', `${grantsEndpoint}/other`, bound) } });
    assert.equal(elsewhere.status, 401, 'htu names another URL');
    const asBearer = await fetch(`${grantsEndpoint}/${grantId}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(asBearer.status, 401);
    const channel = await client.clientCredentialsGrant(gateway, { scope: 'channel' });
    const unbound = await fetch(`${grantsEndpoint}/${grantId}`, { headers: { authorization: `Bearer ${channel.access_token}` } });
    assert.equal(unbound.status, 401, 'an unbound token is refused');
  });

  it('revokes the grant: 204, the tokens stop, the refresh token no longer works and the consent is terminatedByTpp', async () => {
    const dpop = client.getDPoPHandle(tpp, await client.randomDPoPKeyPair());
    const tokens = await authorise(dpop);
    const grantId = String(tokens.grant_id);
    const consent = await harness.consents.findByGrant(grantId);
    assert.equal(consent?.status, 'valid');
    assert.equal((await client.tokenIntrospection(gateway, tokens.access_token)).active, true);

    const credentials = await managementToken(tpp);
    const revoked = await callGrant(tpp, 'DELETE', grantId, credentials);
    assert.equal(revoked.status, 204);
    assert.equal(await revoked.text(), '');

    assert.equal((await client.tokenIntrospection(gateway, tokens.access_token)).active, false);
    await assert.rejects(client.refreshTokenGrant(tpp, tokens.refresh_token!, undefined, { DPoP: dpop }), (error: client.ResponseBodyError) => error.error === 'invalid_grant');
    const ended = await harness.consents.get(consent!.id);
    assert.equal(ended?.status, 'terminatedByTpp');
    assert.equal(ended?.statusChangedBy, 'tpp');
    assert.equal((await callGrant(tpp, 'GET', grantId, credentials)).status, 404);
  });

  it('at the PAR endpoint: merge / replace with an own grant id is refused (invalid_request, not supported), an unknown grant id with invalid_grant_id', async () => {
    const tokens = await authorise(client.getDPoPHandle(tpp, await client.randomDPoPKeyPair()));
    const { demoTpp } = harness.manifest;
    const par = async (parameters: Record<string, string>) => postForm(String(tpp.serverMetadata().pushed_authorization_request_endpoint), {
      client_id: demoTpp.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await clientAssertion(demoTpp.clientId, demoTpp.privateJwk, harness.issuer),
      response_type: 'code', redirect_uri: demoTpp.redirectUri, scope: 'accounts',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256',
      ...parameters,
    }, { dpop: await dpopProof(await client.randomDPoPKeyPair(), 'POST', String(tpp.serverMetadata().pushed_authorization_request_endpoint)) });

    assert.equal((await par({ grant_management_action: 'create' })).status, 201);
    for (const action of ['merge', 'replace']) {
      const refused = await par({ grant_management_action: action, grant_id: String(tokens.grant_id) });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error, 'invalid_request');
      assert.match(String(refused.body.error_description), new RegExp(`grant_management_action ${action} is not supported`));
    }
    const unknown = await par({ grant_management_action: 'merge', grant_id: 'no-such-grant' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error, 'invalid_grant_id');
    assert.equal((await par({ grant_management_action: 'merge' })).body.error, 'invalid_request');
    assert.equal((await par({ grant_management_action: 'delete' })).body.error, 'invalid_request');
    assert.equal((await par({ grant_id: String(tokens.grant_id) })).body.error, 'invalid_request');
  });
});
