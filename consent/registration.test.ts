// SPDX-License-Identifier: Apache-2.0
// Dynamic client registration (RFC 7591) gated by a software statement from the sandbox directory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import * as client from 'openid-client';
import { privateKeyJwtClient, startConsentHarness, type ConsentHarness } from '../test/support/consent-harness.js';
import type { SoftwareStatementRequest } from './index.js';

let harness: ConsentHarness;
before(async () => { harness = await startConsentHarness(); });
after(async () => { await harness?.stop(); });

async function newKeys(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' }, publicJwk: { ...publicJwk, kid, alg: 'ES256', use: 'sig' } };
}

function statementRequest(publicJwk: JWK, overrides: Partial<SoftwareStatementRequest> = {}): SoftwareStatementRequest {
  return {
    softwareId: 'budget-app', orgId: 'org-42', orgName: 'Budget App Ltd', roles: ['AIS'],
    redirectUris: ['https://budget.example/callback'], jwks: { keys: [publicJwk] }, ...overrides,
  };
}

async function register(body: Record<string, unknown>) {
  const response = await fetch(`${harness.issuer}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('dynamic client registration', () => {
  it('registers a client from a valid software statement, with the roles, names and URIs the statement asserts', async () => {
    const { privateJwk, publicJwk } = await newKeys();
    const statement = await harness.directory.issueSoftwareStatement(statementRequest(publicJwk));
    const answer = await register({ software_statement: statement, token_endpoint_auth_method: 'private_key_jwt', redirect_uris: ['https://elsewhere.example/cb'], software_roles: ['PIS'], lango_first_party: true });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.body.client_name, 'Budget App Ltd');
    assert.deepEqual(answer.body.software_roles, ['AIS'], 'roles come from the statement only');
    assert.deepEqual(answer.body.redirect_uris, ['https://budget.example/callback'], 'RFC 7591 §2.3: the statement wins');
    assert.deepEqual(answer.body.authorization_details_types, ['account_information']);
    assert.equal(answer.body.dpop_bound_access_tokens, true);
    assert.equal(answer.body.lango_first_party, undefined, 'no one registers a first-party client');
    assert.ok(answer.body.registration_access_token);

    const registered = await privateKeyJwtClient(harness.issuer, String(answer.body.client_id), privateJwk);
    const dpop = client.getDPoPHandle(registered, await client.randomDPoPKeyPair());
    assert.equal((await client.clientCredentialsGrant(registered, { scope: 'accounts' }, { DPoP: dpop })).scope, 'accounts');
    await assert.rejects(client.clientCredentialsGrant(registered, { scope: 'payments' }, { DPoP: dpop }), (error: client.ResponseBodyError) => error.error === 'invalid_scope' && error.status === 400);
  });

  it('refuses a request without a software statement: 400 invalid_software_statement', async () => {
    const { publicJwk } = await newKeys();
    const answer = await register({ redirect_uris: ['https://budget.example/callback'], jwks: { keys: [publicJwk] }, token_endpoint_auth_method: 'private_key_jwt' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'invalid_software_statement');
  });

  it('refuses an expired software statement: 400 invalid_software_statement', async () => {
    const { publicJwk } = await newKeys();
    const statement = await harness.directory.issueSoftwareStatement(statementRequest(publicJwk, { expiresInSeconds: -60 }));
    const answer = await register({ software_statement: statement });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'invalid_software_statement');
    assert.match(String(answer.body.error_description), /expired/);
  });

  it('refuses a forged software statement (not signed by the directory): 400 invalid_software_statement', async () => {
    const { publicJwk } = await newKeys();
    const genuine = await harness.directory.issueSoftwareStatement(statementRequest(publicJwk));
    const [header] = genuine.split('.');
    const { kid } = JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string };
    const forger = await generateKeyPair('ES256');
    const forged = await new SignJWT({ software_id: 'x', org_id: 'x', org_name: 'x', software_roles: ['AIS', 'PIS', 'PIIS'], redirect_uris: [], jwks: { keys: [publicJwk] } })
      .setProtectedHeader({ alg: 'ES256', kid }).setIssuer('urn:lango:sandbox-directory').setIssuedAt().setExpirationTime('1h')
      .sign(forger.privateKey);
    const answer = await register({ software_statement: forged });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'invalid_software_statement');
    assert.match(String(answer.body.error_description), /signature/);
  });
});
