// SPDX-License-Identifier: Apache-2.0
// Bad input on the developer portal's API: each refusal is RFC 9457 problem details with the right status, a message
// that says what to change, and a stable `reason`; nothing is created. (The pages' messages: test/browser/portal-journey.)
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { x509 } from '../../platform/crypto/index.js';
import { openDatabase, type SqlDatabase } from '../../platform/store/index.js';
import { portalDeveloper, verificationToken, type PortalDeveloper } from '../support/portal-client.js';
import { startPaymentsSandbox, type PaymentsSandbox } from '../support/payments-sandbox.js';

interface Problem { status: number; detail: string; reason: string; code: string }

async function csrFor(algorithm: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams): Promise<string> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const signingAlgorithm = algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : algorithm;
  return (await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=tester', keys, signingAlgorithm }, webcrypto)).toString('pem');
}

describe('developer portal API: bad input', () => {
  let sandbox: PaymentsSandbox;
  let database: SqlDatabase;
  let developer: PortalDeveloper;
  let appId: string;
  let base: string;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}/portal/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Problem };
  };
  const certificates = async () => (await developer.call<{ certificates: unknown[] }>('GET', `/apps/${appId}/certificates`)).body.certificates.length;

  before(async () => {
    sandbox = await startPaymentsSandbox();
    base = sandbox.lango.urls.public!;
    database = await openDatabase({ dataDir: sandbox.dataDir });
    developer = await portalDeveloper(base, 'dev@bad-input.example', 'Bad Input Ltd');
    const app = await developer.call<{ id: string }>('POST', '/apps', { name: 'AIS only', roles: ['AIS'], redirectUris: ['https://ais.lango.test/cb'] });
    appId = app.body.id;
  });
  after(async () => {
    await database?.close();
    await sandbox?.stop();
  });

  it('a malformed CSR: 400 CSR_MALFORMED, no certificate', async () => {
    for (const csr of ['hello', '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----']) {
      const answer = await developer.call<Problem>('POST', `/apps/${appId}/certificates`, { kind: 'qwac', csr });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.reason, 'CSR_MALFORMED');
      assert.match(answer.body.detail, /certificate signing request in PEM/);
    }
    assert.equal(await certificates(), 0);
  });

  it('a key of a weak size or an unsupported type: 400 KEY_TOO_WEAK / KEY_TYPE_UNSUPPORTED', async () => {
    const weak = await developer.call<Problem>('POST', `/apps/${appId}/certificates`, { kind: 'qwac', csr: await csrFor({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]) }) });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.reason, 'KEY_TOO_WEAK');
    assert.match(weak.body.detail, /1024 bits; at least 2048/);
    const curve = await developer.call<Problem>('POST', `/apps/${appId}/certificates`, { kind: 'qwac', csr: await csrFor({ name: 'ECDSA', namedCurve: 'P-521' }) });
    assert.equal(curve.status, 400);
    assert.equal(curve.body.reason, 'KEY_TYPE_UNSUPPORTED');
    assert.equal(await certificates(), 0);
    // A JWKS with a weak key is refused when the application is registered, too.
    const jwks = await developer.call<Problem>('POST', '/apps', { name: 'Weak keys', roles: ['AIS'], redirectUris: ['https://w.lango.test/cb'], jwks: { keys: [{ kty: 'RSA', n: Buffer.alloc(128, 1).toString('base64url'), e: 'AQAB' }] } });
    assert.equal(jwks.status, 400);
    assert.equal(jwks.body.reason, 'JWKS_INVALID');
    assert.match(jwks.body.detail, /fewer than 2048 bits/);
  });

  it('a role not allowed: for the certificate (the app is AIS only) and for the application (mobile money, unknown)', async () => {
    const certificate = await developer.call<Problem>('POST', `/apps/${appId}/certificates`, { kind: 'qwac', roles: ['PSP_AI', 'PSP_PI'] });
    assert.equal(certificate.status, 400);
    assert.equal(certificate.body.reason, 'ROLE_NOT_ALLOWED');
    assert.match(certificate.body.detail, /may not hold payment initiation \(PSP_PI\)/);
    assert.equal(await certificates(), 0);
    for (const roles of [['MM'], ['AIS', 'BANKING']]) {
      const app = await developer.call<Problem>('POST', '/apps', { name: 'Roles', roles, redirectUris: ['https://r.lango.test/cb'] });
      assert.equal(app.status, 400);
      assert.equal(app.body.reason, 'ROLE_NOT_ALLOWED');
    }
    assert.equal((await developer.call<{ applications: unknown[] }>('GET', '/apps')).body.applications.length, 1);
  });

  it('a duplicate e-mail, whatever its case: 409 EMAIL_TAKEN', async () => {
    const answer = await post('/signup', { email: ' DEV@Bad-Input.example ', password: 'another long passphrase', name: 'Copycat', organisationName: 'Copy Ltd' });
    assert.equal(answer.status, 409);
    assert.match(answer.type ?? '', /^application\/problem\+json/);
    assert.equal(answer.body.reason, 'EMAIL_TAKEN');
    assert.match(answer.body.detail, /already exists/);
  });

  it('an expired verification link: 400 TOKEN_EXPIRED; a new link works', async () => {
    const email = 'late@bad-input.example';
    assert.equal((await post('/signup', { email, password: 'a long test passphrase', name: 'Late', organisationName: 'Late Ltd' })).status, 201);
    const token = await verificationToken(base, email);
    // A day and more passes: the link's expiry moves into the past.
    await database.kysely<{ portal_tokens: { purpose: string; email: string; expires_at: number } }>().updateTable('portal_tokens')
      .set({ expires_at: Date.now() - 1000 }).where('email', '=', email).execute();
    const expired = await post('/verify-email', { token });
    assert.equal(expired.status, 400);
    assert.equal(expired.body.reason, 'TOKEN_EXPIRED');
    assert.match(expired.body.detail, /expired; ask for a new one/);
    const signIn = await post('/session', { email, password: 'a long test passphrase' });
    assert.equal(signIn.body.reason, 'EMAIL_NOT_VERIFIED', 'still unverified');

    // The page says the same and offers a new link.
    const page = await fetch(`${base}/portal/verify-email`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }) });
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /the link has expired; ask for a new one/);
    assert.match(html, /id="resend"/);
    await fetch(`${base}/portal/resend-verification`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email }) });
    assert.equal((await post('/verify-email', { token: await verificationToken(base, email) })).status, 200);
  });

  it('API changes without a session, or with the cookie but without the CSRF header, are refused and change nothing', async () => {
    const forged = await developer.call<Problem>('POST', '/apps', { name: 'Forged', roles: ['AIS'], redirectUris: ['https://f.lango.test/cb'] }, { withoutCsrf: true });
    assert.equal(forged.status, 403);
    const anonymous = await post('/apps', { name: 'Sneaky', roles: ['AIS'], redirectUris: ['https://s.lango.test/cb'] });
    assert.equal(anonymous.status, 401);
    const response = await fetch(`${base}/portal/api/v1/apps`, { method: 'GET' });
    assert.equal(response.status, 401);
    assert.equal((await developer.call<{ applications: unknown[] }>('GET', '/apps')).body.applications.length, 1);
  });
});
