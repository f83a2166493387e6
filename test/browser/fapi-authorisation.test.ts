// SPDX-License-Identifier: Apache-2.0
// The FAPI 2.0 authorisation code flow end to end, as a TPP and a PSU meet it: openid-client as the relying
// party (PAR, PKCE S256, private_key_jwt or tls_client_auth, DPoP- or certificate-bound tokens), the PSU pages
// driven in Debian's chromium at phone size, the redirect back to the TPP caught before it leaves the machine.
import assert from 'node:assert/strict';
import { X509Certificate, createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import * as client from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SANDBOX_PKI_FILES, issueCertificate, type CertificateAndKey } from '../../platform/crypto/index.js';
import { browserSkip } from '../support/browser.js';
import { demoDpopKeys, type ConsentHarness } from '../support/consent-harness.js';
import type { DpopResource, Introspection } from '../support/dpop-resource.js';
import { PHONE, startFapiStage, type FapiStage, type Psu } from './fapi-stage.js';
import { mtlsFetch } from '../support/mtls-fetch.js';

const AIS_DETAILS = [{ type: 'account_information', actions: ['accounts', 'balances'], frequencyPerDay: 4 }];
const MTLS_REDIRECT_URI = 'https://mtls-tpp.example/callback';

interface Steps {
  psu: Psu;
  otp: string;
  /** Whether the login page shows the `#bank` select (the request named no bank). */
  chooseBank: boolean;
  decision: 'accept' | 'deny';
  /** The one account to tick on the consent page. */
  account?: string;
  /** Called on each PSU page once it shows: login, sca, consent. */
  onPage?: (name: 'login' | 'sca' | 'consent', page: Page) => Promise<void>;
}

/** RFC 9449 §7.1: the resource's 401 challenge names invalid_token. */
function invalidToken(error: client.WWWAuthenticateChallengeError): boolean {
  return error.status === 401 && error.cause.some((challenge) => challenge.scheme === 'dpop' && challenge.parameters.error === 'invalid_token');
}

/** A resource on TLS that wants the client certificate the token is bound to (RFC 8705 §3). */
async function startMtlsResource(server: CertificateAndKey, caPem: string, introspect: (token: string) => Promise<Introspection & { cnf?: Record<string, string> }>) {
  const https: Server = createServer({ cert: server.certPem, key: server.keyPem, ca: caPem, requestCert: true, rejectUnauthorized: true }, (request, response) => {
    void (async () => {
      const [scheme, token] = (request.headers.authorization ?? '').split(' ');
      const peer = (request.socket as TLSSocket).getPeerCertificate();
      const refuse = () => {
        response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' });
        response.end(JSON.stringify({ error: 'invalid_token' }));
      };
      if (scheme !== 'Bearer' || !token || !peer.raw) return refuse();
      const introspection = await introspect(token);
      const thumbprint = createHash('sha256').update(peer.raw).digest('base64url');
      if (!introspection.active || introspection.cnf?.['x5t#S256'] !== thumbprint) return refuse();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ sub: introspection.sub }));
    })().catch(() => { response.writeHead(500); response.end(); });
  });
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  const { port } = https.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}/resource`,
    close: () => new Promise<void>((resolve) => { https.closeAllConnections(); https.close(() => resolve()); }),
  };
}

describe('the FAPI 2.0 authorisation in chromium', { skip: browserSkip }, () => {
  let stage: FapiStage;
  let harness: ConsentHarness;
  let browser: Browser;
  let tpp: client.Configuration;
  let gateway: client.Configuration;
  let resource: DpopResource;
  let psu: Psu;
  let otp: string;

  before(async () => {
    stage = await startFapiStage();
    ({ harness, browser, tpp, gateway, resource } = stage);
    const { psus, sca } = harness.manifest;
    const found = psus.find((candidate) => candidate.password && candidate.accounts.length >= 2) ?? psus.find((candidate) => candidate.password && candidate.accounts.length > 0);
    assert.ok(found, 'the manifest publishes a PSU with credentials and accounts');
    psu = found;
    otp = sca.otp;
  });
  after(async () => {
    await stage?.stop();
  });

  const phoneContext = (locale = 'en-GB') => browser.newContext({ viewport: PHONE, locale });

  /**
   * Drives the PSU pages from the authorisation URL to the redirect back to the TPP, which is answered in the
   * browser (page.route) and never reaches the network; returns that redirect.
   */
  async function authoriseInChromium(context: BrowserContext, url: URL, redirectUri: string, steps: Steps): Promise<URL> {
    const page = await context.newPage();
    const redirectOrigin = new URL(redirectUri).origin;
    let resolveCallback!: (url: URL) => void;
    const callback = new Promise<URL>((resolve) => { resolveCallback = resolve; });
    await page.route((candidate) => candidate.origin === redirectOrigin, async (route) => {
      resolveCallback(new URL(route.request().url()));
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>TPP</title><p>back at the TPP</p>' });
    });

    const origin = url.origin;
    const login = await page.goto(url.href);
    assert.equal(login?.status(), 200);
    assert.equal(new URL(page.url()).origin, origin);
    await page.waitForSelector('#username');
    await steps.onPage?.('login', page);
    if (steps.chooseBank) await page.selectOption('#bank', steps.psu.tenantId);
    else assert.equal(await page.locator('select#bank').count(), 0, 'the bank named in the request is not asked again');
    await page.fill('#username', steps.psu.username);
    await page.fill('#password', steps.psu.password);
    await page.click('#login');

    await page.waitForSelector('#otp');
    await steps.onPage?.('sca', page);
    await page.fill('#otp', steps.otp);
    await page.click('#verify');

    await page.waitForSelector('#accept');
    await steps.onPage?.('consent', page);
    if (steps.account) {
      for (const box of await page.locator('input[name=account]').all()) await box.setChecked((await box.getAttribute('value')) === steps.account);
    }
    await page.click(steps.decision === 'accept' ? '#accept' : '#deny');
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([callback, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no redirect to ${redirectUri}; the browser is at ${page.url()}`)), 20_000);
    })]).finally(() => clearTimeout(timer));
    await page.close();
    return answer;
  }

  async function dpopFlow(context: BrowserContext, dpop: client.DPoPHandle, decision: 'accept' | 'deny', extra: Partial<Steps> = {}) {
    const { demoTpp } = harness.manifest;
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = await client.buildAuthorizationUrlWithPAR(tpp, {
      redirect_uri: demoTpp.redirectUri,
      scope: 'accounts',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      authorization_details: JSON.stringify(AIS_DETAILS),
    }, { DPoP: dpop });
    const callback = await authoriseInChromium(context, url, demoTpp.redirectUri, { psu, otp, chooseBank: true, decision, account: psu.accounts[0]!.id, ...extra });
    assert.equal(`${callback.origin}${callback.pathname}`, demoTpp.redirectUri);
    assert.equal(callback.searchParams.get('state'), state);
    assert.equal(callback.searchParams.get('iss'), harness.issuer);
    return { callback, verifier, state };
  }

  async function dpopTokens(context: BrowserContext, dpop: client.DPoPHandle) {
    const { callback, verifier, state } = await dpopFlow(context, dpop, 'accept');
    return client.authorizationCodeGrant(tpp, callback, { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP: dpop });
  }

  it('PAR + PKCE + private_key_jwt + DPoP: the PSU logs in, enters the code, picks an account, allows; the token works at the resource', async () => {
    const context = await phoneContext();
    try {
      const dpop = client.getDPoPHandle(tpp, await demoDpopKeys(harness.manifest.demoTpp));
      const tokens = await dpopTokens(context, dpop);
      assert.equal(tokens.token_type.toLowerCase(), 'dpop');
      assert.ok(tokens.refresh_token);

      const introspection = await client.tokenIntrospection(gateway, tokens.access_token);
      assert.equal(introspection.active, true);
      assert.equal(introspection.sub, `${psu.tenantId}:${psu.username}`);
      const [detail] = introspection.authorization_details as unknown as { accounts: { accountId: string }[]; consentId: string }[];
      assert.deepEqual(detail!.accounts, [{ accountId: psu.accounts[0]!.id }], 'only the account the PSU ticked');
      assert.equal((await harness.consents.get(detail!.consentId))?.status, 'valid');

      const response = await client.fetchProtectedResource(tpp, tokens.access_token, new URL(resource.url), 'GET', undefined, undefined, { DPoP: dpop });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { sub: string }).sub, `${psu.tenantId}:${psu.username}`);
    } finally {
      await context.close();
    }
  });

  it('tls_client_auth on the TLS listener: the token is bound to the client certificate and works only with it', async () => {
    const tlsDir = join(harness.dataDir, 'tls');
    const caPem = await readFile(join(tlsDir, SANDBOX_PKI_FILES.caCert), 'utf8');
    const caKeyPem = await readFile(join(tlsDir, SANDBOX_PKI_FILES.caKey), 'utf8');
    const ca = { certPem: caPem, keyPem: caKeyPem };
    const tppCertificate = await issueCertificate({ issuer: ca, commonName: 'mtls-tpp.example', organization: 'Mtls TPP', usage: 'client', validityDays: 1 });
    const otherCertificate = await issueCertificate({ issuer: ca, commonName: 'other-tpp.example', organization: 'Other TPP', usage: 'client', validityDays: 1 });
    const serverCertificate = await issueCertificate({ issuer: ca, commonName: '127.0.0.1', usage: 'server', validityDays: 1, altNames: ['127.0.0.1'] });

    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const statement = await harness.directory.issueSoftwareStatement({
      softwareId: 'mtls-browser-tpp', orgId: 'org-mtls-browser', orgName: 'Mtls TPP', roles: ['AIS'], redirectUris: [MTLS_REDIRECT_URI],
      jwks: { keys: [{ ...publicJwk, kid: await calculateJwkThumbprint(publicJwk) }] },
    });
    const registration = await fetch(`${harness.issuer}/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ software_statement: statement, token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=mtls-tpp.example, O=Mtls TPP' }),
    });
    const registered = (await registration.json()) as { client_id: string };
    assert.equal(registration.status, 201, JSON.stringify(registered));

    const configure = (certificate: CertificateAndKey) => client.discovery(new URL(harness.issuer), registered.client_id, { use_mtls_endpoint_aliases: true }, client.TlsClientAuth(), {
      execute: [client.allowInsecureRequests],
      [client.customFetch]: mtlsFetch(certificate, caPem) as never,
    });
    const mtlsTpp = await configure(tppCertificate);
    assert.ok(mtlsTpp.serverMetadata().mtls_endpoint_aliases!.token_endpoint!.startsWith(`${harness.urls.publicTls}/`));
    const mtlsResource = await startMtlsResource(serverCertificate, caPem, async (token) => (await client.tokenIntrospection(gateway, token)) as never);
    const context = await phoneContext();
    try {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const url = await client.buildAuthorizationUrlWithPAR(mtlsTpp, {
        redirect_uri: MTLS_REDIRECT_URI, scope: 'accounts', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
        state, bank: psu.tenantId, authorization_details: JSON.stringify([{ type: 'account_information', actions: ['balances'] }]),
      });
      const callback = await authoriseInChromium(context, url, MTLS_REDIRECT_URI, { psu, otp, chooseBank: false, decision: 'accept' });
      assert.ok(callback.searchParams.get('code'));
      const tokens = await client.authorizationCodeGrant(mtlsTpp, callback, { pkceCodeVerifier: verifier, expectedState: state });
      assert.equal(tokens.token_type.toLowerCase(), 'bearer', 'RFC 8705 §3: a certificate-bound token is still a Bearer token');

      const introspection = await client.tokenIntrospection(mtlsTpp, tokens.access_token);
      assert.equal(introspection.active, true);
      assert.equal((introspection.cnf as Record<string, string>)['x5t#S256'], createHash('sha256').update(new X509Certificate(tppCertificate.certPem).raw).digest('base64url'));

      const response = await client.fetchProtectedResource(mtlsTpp, tokens.access_token, new URL(mtlsResource.url), 'GET');
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { sub: string }).sub, `${psu.tenantId}:${psu.username}`);
      const thief = await mtlsFetch(otherCertificate, caPem)(mtlsResource.url, { method: 'GET', headers: { authorization: `Bearer ${tokens.access_token}` } });
      assert.equal(thief.status, 401, 'the token with another certificate is refused');
    } finally {
      await context.close();
      await mtlsResource.close();
    }
  });

  it('the PSU denies: the redirect carries error=access_denied and the consent is rejected', async () => {
    const context = await phoneContext();
    try {
      const { callback } = await dpopFlow(context, client.getDPoPHandle(tpp, await client.randomDPoPKeyPair()), 'deny');
      assert.equal(callback.searchParams.get('error'), 'access_denied');
      assert.equal(callback.searchParams.get('code'), null);
      const [latest] = await harness.consents.listForPsu(`${psu.tenantId}:${psu.username}`);
      assert.equal(latest?.status, 'rejected');
    } finally {
      await context.close();
    }
  });

  it('the PSU withdraws the consent in the dashboard: the very next resource call with the same token is refused', async () => {
    const context = await phoneContext();
    try {
      const dpop = client.getDPoPHandle(tpp, await client.randomDPoPKeyPair());
      const tokens = await dpopTokens(context, dpop);
      const [detail] = (await client.tokenIntrospection(gateway, tokens.access_token)).authorization_details as unknown as { consentId: string }[];
      const before = await client.fetchProtectedResource(tpp, tokens.access_token, new URL(resource.url), 'GET', undefined, undefined, { DPoP: dpop });
      assert.equal(before.status, 200);

      const page = await context.newPage();
      await page.goto(`${harness.urls.public}/psu/consents`);
      await page.selectOption('#bank', psu.tenantId);
      await page.fill('#username', psu.username);
      await page.fill('#password', psu.password);
      await page.click('#login');
      await page.fill('#otp', otp);
      await page.click('#verify');
      const withdraw = page.locator(`#withdraw-${detail!.consentId}`);
      await withdraw.waitFor();
      assert.equal(new URL(page.url()).pathname, '/psu/consents');
      await page.screenshot({ path: '/tmp/psu-dashboard.png', fullPage: true });
      await withdraw.click();
      const notice = page.locator('[role=status]');
      await notice.waitFor();
      assert.match(await notice.innerText(), /You withdrew the access of Lango Demo TPP/);
      assert.equal(await page.locator(`#withdraw-${detail!.consentId}`).count(), 0, 'a withdrawn consent offers no withdraw button');
      await page.close();

      await assert.rejects(client.fetchProtectedResource(tpp, tokens.access_token, new URL(resource.url), 'GET', undefined, undefined, { DPoP: dpop }), invalidToken);
      assert.equal((await harness.consents.get(detail!.consentId))?.status, 'revokedByPsu');
    } finally {
      await context.close();
    }
  });

  it('in Swahili on a phone: <html lang="sw">, Swahili text, every input labelled, no horizontal scroll', async () => {
    const seen = new Map<string, string>();
    const check = async (name: string, page: Page, expected: RegExp) => {
      assert.equal(await page.getAttribute('html', 'lang'), 'sw', name);
      assert.match(await page.innerText('main'), expected, name);
      // A string, as the test code is compiled without the DOM library.
      const unlabelled = await page.evaluate<string[]>(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter((field) => field.labels.length === 0 || [...field.labels].every((label) => label.innerText.trim() === ''))
        .map((field) => field.outerHTML)`);
      assert.deepEqual(unlabelled, [], `${name}: every input has a label`);
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      assert.ok(width <= PHONE.width, `${name}: ${width}px wide, the phone is ${PHONE.width}px`);
      await page.screenshot({ path: `/tmp/psu-${name}.png`, fullPage: true });
      seen.set(name, page.url());
    };

    // Accept-Language: sw for the authorisation pages.
    const context = await phoneContext('sw');
    try {
      const { callback } = await dpopFlow(context, client.getDPoPHandle(tpp, await client.randomDPoPKeyPair()), 'accept', {
        onPage: async (name, page) => {
          const expected = { login: /Ingia kwenye benki yako/, sca: /Thibitisha kuwa ni wewe/, consent: /Toa ruhusa/ }[name];
          await check(name, page, expected);
        },
      });
      assert.ok(callback.searchParams.get('code'));
    } finally {
      await context.close();
    }
    assert.deepEqual([...seen.keys()], ['login', 'sca', 'consent']);

    // ?lang=sw for the dashboard, in a browser that asks for English.
    const english = await phoneContext('en-GB');
    try {
      const page = await english.newPage();
      await page.goto(`${harness.urls.public}/psu/consents?lang=sw`);
      await check('dashboard-login-sw', page, /Ingia ili kuona na kusimamia ruhusa/);
      await page.selectOption('#bank', psu.tenantId);
      await page.fill('#username', psu.username);
      await page.fill('#password', psu.password);
      await page.click('#login');
      await page.waitForSelector('#otp');
      await page.fill('#otp', otp);
      await page.click('#verify');
      await page.waitForSelector('#sign-out');
      await check('dashboard-sw', page, /Ruhusa ulizotoa[\s\S]*Lango Demo TPP[\s\S]*Ondoa/);
    } finally {
      await english.close();
    }
  });
});
