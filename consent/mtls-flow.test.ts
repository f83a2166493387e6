// SPDX-License-Identifier: Apache-2.0
// RFC 8705 on the TLS listener: tls_client_auth with a certificate from the sandbox CA, tokens bound to it
// (cnf.x5t#S256), through the mtls_endpoint_aliases a relying party finds in the metadata.
import assert from 'node:assert/strict';
import { X509Certificate, createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import * as client from 'openid-client';
import { SANDBOX_PKI_FILES, createRootCa, issueCertificate, type CertificateAndKey } from '../platform/crypto/index.js';
import { startConsentHarness, type ConsentHarness } from '../test/support/consent-harness.js';
import { mtlsFetch } from '../test/support/mtls-fetch.js';
import { PsuBrowser, authoriseAsPsu } from '../test/support/psu-browser.js';

let harness: ConsentHarness;
let caPem: string;
let tppCertificate: CertificateAndKey;
let clientId: string;
const REDIRECT_URI = 'https://mtls-tpp.example/callback';

before(async () => {
  harness = await startConsentHarness();
  const tlsDir = join(harness.dataDir, 'tls');
  caPem = await readFile(join(tlsDir, SANDBOX_PKI_FILES.caCert), 'utf8');
  const caKeyPem = await readFile(join(tlsDir, SANDBOX_PKI_FILES.caKey), 'utf8');
  tppCertificate = await issueCertificate({ issuer: { certPem: caPem, keyPem: caKeyPem }, commonName: 'mtls-tpp.example', organization: 'Mtls TPP', usage: 'client', validityDays: 1 });

  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const statement = await harness.directory.issueSoftwareStatement({
    softwareId: 'mtls-tpp', orgId: 'org-mtls', orgName: 'Mtls TPP', roles: ['AIS'], redirectUris: [REDIRECT_URI],
    jwks: { keys: [{ ...publicJwk, kid: await calculateJwkThumbprint(publicJwk) }] },
  });
  const response = await fetch(`${harness.issuer}/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ software_statement: statement, token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=mtls-tpp.example, O=Mtls TPP' }),
  });
  const registered = (await response.json()) as { client_id: string; tls_client_certificate_bound_access_tokens: boolean };
  assert.equal(response.status, 201, JSON.stringify(registered));
  assert.equal(registered.tls_client_certificate_bound_access_tokens, true);
  clientId = registered.client_id;
});
after(async () => { await harness?.stop(); });

async function mtlsClient(certificate: CertificateAndKey | undefined): Promise<client.Configuration> {
  return client.discovery(new URL(harness.issuer), clientId, { use_mtls_endpoint_aliases: true }, client.TlsClientAuth(), {
    execute: [client.allowInsecureRequests],
    [client.customFetch]: mtlsFetch(certificate, caPem) as never,
  });
}

const thumbprintOf = (pem: string) => createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');

/** PAR + PKCE for account balances at Lion Bank, Juma Salim approves, the code is exchanged over mTLS. */
async function authoriseJumaAtLion(tpp: client.Configuration) {
  const verifier = client.randomPKCECodeVerifier();
  const url = await client.buildAuthorizationUrlWithPAR(tpp, {
    redirect_uri: REDIRECT_URI, scope: 'accounts', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', bank: 'lion',
    authorization_details: JSON.stringify([{ type: 'account_information', actions: ['balances'] }]),
  });
  const { callback } = await authoriseAsPsu(new PsuBrowser(), url, { username: 'juma.salim', password: 'lion-pass-2', otps: ['123456'] });
  return client.authorizationCodeGrant(tpp, callback, { pkceCodeVerifier: verifier, expectedState: client.skipStateCheck });
}

describe('tls_client_auth and certificate-bound tokens on the TLS listener', () => {
  it('issues a token bound to the client certificate (cnf.x5t#S256), found through the mTLS endpoint aliases', async () => {
    const tpp = await mtlsClient(tppCertificate);
    assert.match(tpp.serverMetadata().mtls_endpoint_aliases!.token_endpoint!, new RegExp(`^${harness.urls.publicTls}/oauth/token$`));
    const tokens = await authoriseJumaAtLion(tpp);
    assert.equal(tokens.token_type.toLowerCase(), 'bearer', 'RFC 8705 §3: a certificate-bound token is still a Bearer token');

    const introspection = await client.tokenIntrospection(tpp, tokens.access_token);
    assert.equal(introspection.active, true);
    assert.equal(introspection.sub, 'lion:juma.salim');
    assert.equal((introspection.cnf as Record<string, string>)['x5t#S256'], thumbprintOf(tppCertificate.certPem));
  });

  it('lets the TPP query and revoke its grant on the TLS listener with a certificate-bound token (Grant Management API)', async () => {
    const tpp = await mtlsClient(tppCertificate);
    const grants = String((tpp.serverMetadata().mtls_endpoint_aliases as Record<string, string>).grant_management_endpoint);
    assert.equal(grants, `${harness.urls.publicTls}/oauth/grants`);
    const tokens = await authoriseJumaAtLion(tpp);
    const grantUrl = `${grants}/${String(tokens.grant_id)}`;
    const { access_token: token } = await client.clientCredentialsGrant(tpp, { scope: 'grant_management_query grant_management_revoke' });
    const call = (method: string, certificate: CertificateAndKey | undefined) => mtlsFetch(certificate, caPem)(grantUrl, { method, headers: { authorization: `Bearer ${token}` } });

    const caKeyPem = await readFile(join(harness.dataDir, 'tls', SANDBOX_PKI_FILES.caKey), 'utf8');
    const other = await issueCertificate({ issuer: { certPem: caPem, keyPem: caKeyPem }, commonName: 'other-tpp.example', organization: 'Mtls TPP', usage: 'client', validityDays: 1 });
    assert.equal((await call('GET', other)).status, 401, 'the token is bound to the certificate it was issued for');
    const queried = await call('GET', tppCertificate);
    assert.equal(queried.status, 200);
    assert.deepEqual(((await queried.json()) as { scopes: unknown }).scopes, [{ scope: 'accounts', resource: ['urn:lango:api'] }]);
    assert.equal((await call('DELETE', tppCertificate)).status, 204);
    assert.equal((await client.tokenIntrospection(tpp, tokens.access_token)).active, false);
  });

  it('refuses tls_client_auth without a certificate, or with one no trusted CA signed: 401 invalid_client', async () => {
    const stranger = await createRootCa({ commonName: 'Not the sandbox', validityDays: 1 });
    const lookalike = await issueCertificate({ issuer: stranger, commonName: 'mtls-tpp.example', organization: 'Mtls TPP', usage: 'client', validityDays: 1 });
    for (const certificate of [undefined, lookalike]) {
      const tpp = await mtlsClient(certificate);
      await assert.rejects(client.clientCredentialsGrant(tpp, { scope: 'accounts' }), (error: client.ResponseBodyError) => error.error === 'invalid_client' && error.status === 401);
    }
  });

  it('refuses a certificate whose subject is not the registered one: 401 invalid_client', async () => {
    const caKeyPem = await readFile(join(harness.dataDir, 'tls', SANDBOX_PKI_FILES.caKey), 'utf8');
    const other = await issueCertificate({ issuer: { certPem: caPem, keyPem: caKeyPem }, commonName: 'other-tpp.example', organization: 'Mtls TPP', usage: 'client', validityDays: 1 });
    await assert.rejects(client.clientCredentialsGrant(await mtlsClient(other), { scope: 'accounts' }), (error: client.ResponseBodyError) => error.error === 'invalid_client');
  });
});
