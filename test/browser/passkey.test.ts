// SPDX-License-Identifier: Apache-2.0
// Passkeys as the SCA element next to the one-time code, in chromium with a CDP virtual authenticator: the PSU
// adds a passkey on the dashboard, then an authorisation (PAR + PKCE + private_key_jwt + DPoP) passes SCA with
// it instead of the code, and the token works; a passkey of another PSU does not authenticate this one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { browserSkip } from '../support/browser.js';
import { demoDpopKeys, type ConsentHarness } from '../support/consent-harness.js';
import type { DpopResource } from '../support/dpop-resource.js';
import { PHONE, startFapiStage, type FapiStage, type Psu } from './fapi-stage.js';


interface Authenticator {
  cdp: CDPSession;
  authenticatorId: string;
}

/** A platform authenticator with user verification, as a phone's screen lock, for this page. */
async function virtualAuthenticator(page: Page): Promise<Authenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return { cdp, authenticatorId };
}

describe('passkeys as SCA in chromium', { skip: browserSkip }, () => {
  let stage: FapiStage;
  let harness: ConsentHarness;
  let browser: Browser;
  let tpp: client.Configuration;
  let gateway: client.Configuration;
  let resource: DpopResource;
  let psu: Psu;
  let other: Psu;
  let otp: string;

  before(async () => {
    stage = await startFapiStage();
    ({ harness, browser, tpp, gateway, resource } = stage);
    const { psus, sca } = harness.manifest;
    const withAccounts = psus.filter((candidate) => candidate.password && candidate.accounts.length > 0);
    assert.ok(withAccounts.length >= 2, 'the manifest publishes two PSUs with credentials and accounts');
    [psu, other] = [withAccounts[0]!, withAccounts[1]!];
    otp = sca.otp;
  });
  after(async () => {
    await stage?.stop();
  });

  const phoneContext = async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    if (process.env.LANGO_TEST_DEBUG) context.on('console', (message) => console.log('browser:', message.text()));
    return context;
  };

  async function signInToDashboard(page: Page, who: Psu): Promise<void> {
    await page.goto(`${harness.urls.public}/psu/consents`);
    await page.selectOption('#bank', who.tenantId);
    await page.fill('#username', who.username);
    await page.fill('#password', who.password);
    await page.click('#login');
    await page.fill('#otp', otp);
    await page.click('#verify');
    await page.waitForSelector('#sign-out');
  }

  async function addPasskey(page: Page): Promise<void> {
    await page.click('#add-passkey');
    const notice = page.locator('[role=status]');
    await page.locator('[role=status], #passkey-error:visible').first().waitFor();
    if (!(await notice.count())) assert.fail(`no passkey added: ${await page.locator('main').innerText()}`);
    assert.match(await notice.innerText(), /Your passkey was added/);
    assert.match(await page.locator('#passkey-count').innerText(), /You have 1 passkey\./);
  }

  /** Pushes an authorisation request of the demo TPP; the PSU chooses the bank. */
  async function pushRequest(dpop: client.DPoPHandle) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = await client.buildAuthorizationUrlWithPAR(tpp, {
      redirect_uri: harness.manifest.demoTpp.redirectUri, scope: 'accounts', state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      authorization_details: JSON.stringify([{ type: 'account_information', actions: ['accounts', 'balances'] }]),
    }, { DPoP: dpop });
    return { url, verifier, state };
  }

  /** Catches the redirect back to the TPP in the browser. */
  async function catchCallback(page: Page): Promise<() => Promise<URL>> {
    const redirectOrigin = new URL(harness.manifest.demoTpp.redirectUri).origin;
    let resolveCallback!: (url: URL) => void;
    const callback = new Promise<URL>((resolve) => { resolveCallback = resolve; });
    await page.route((candidate) => candidate.origin === redirectOrigin, async (route) => {
      resolveCallback(new URL(route.request().url()));
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>TPP</title><p>back at the TPP</p>' });
    });
    return async () => {
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([callback, new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no redirect to the TPP; the browser is at ${page.url()}`)), 20_000);
      })]).finally(() => clearTimeout(timer));
    };
  }

  async function logIn(page: Page, url: URL, who: Psu): Promise<void> {
    await page.goto(url.href);
    await page.selectOption('#bank', who.tenantId);
    await page.fill('#username', who.username);
    await page.fill('#password', who.password);
    await page.click('#login');
    await page.waitForSelector('#otp');
  }

  it('the PSU adds a passkey on the dashboard, then passes SCA with it instead of the code; the token works', async () => {
    const context = await phoneContext();
    const page = await context.newPage();
    const psuAuthenticator = await virtualAuthenticator(page);
    await signInToDashboard(page, psu);
    await addPasskey(page);
    const { credentials } = await psuAuthenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: psuAuthenticator.authenticatorId });
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0]!.rpId, 'localhost', 'the relying party is the public URL\'s host');
    assert.equal(credentials[0]!.signCount, 1);

    const dpop = client.getDPoPHandle(tpp, await demoDpopKeys(harness.manifest.demoTpp));
    const { url, verifier, state } = await pushRequest(dpop);
    const callback = await catchCallback(page);
    await logIn(page, url, psu);
    const usePasskey = page.locator('#use-passkey');
    await usePasskey.waitFor({ state: 'visible' });
    assert.equal(await page.locator('#verify').isVisible(), true, 'the one-time code stays offered');
    await usePasskey.click();
    await page.waitForSelector('#accept');
    await page.click('#accept');
    const redirect = await callback();
    assert.equal(redirect.searchParams.get('state'), state);
    assert.ok(redirect.searchParams.get('code'));
    const { credentials: after } = await psuAuthenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: psuAuthenticator.authenticatorId });
    assert.equal(after[0]!.signCount, 2, 'the authenticator signed once more');

    const tokens = await client.authorizationCodeGrant(tpp, redirect, { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP: dpop });
    const introspection = await client.tokenIntrospection(gateway, tokens.access_token);
    assert.equal(introspection.active, true);
    assert.equal(introspection.sub, `${psu.tenantId}:${psu.username}`);
    const response = await client.fetchProtectedResource(tpp, tokens.access_token, new URL(resource.url), 'GET', undefined, undefined, { DPoP: dpop });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { sub: string }).sub, `${psu.tenantId}:${psu.username}`);
    await page.close();
    await context.close();
  });

  it('a passkey of another PSU does not authenticate this one: the error shows, the one-time code still works', async () => {
    let context: BrowserContext | undefined;
    try {
      // The other PSU adds a passkey of their own, so the SCA page offers one.
      context = await phoneContext();
      const otherDashboard = await context.newPage();
      await virtualAuthenticator(otherDashboard);
      await signInToDashboard(otherDashboard, other);
      await addPasskey(otherDashboard);
      await otherDashboard.close();
      await context.close();

      // A passkey of the first PSU on this phone (registered on the dashboard here).
      context = await phoneContext();
      const page = await context.newPage();
      const stolen = await virtualAuthenticator(page);
      await signInToDashboard(page, psu);
      await page.click('#add-passkey');
      assert.match(await page.locator('[role=status]').innerText(), /Your passkey was added/);
      const { credentials } = await stolen.cdp.send('WebAuthn.getCredentials', { authenticatorId: stolen.authenticatorId });
      assert.equal(credentials.length, 1, 'this authenticator holds only the first PSU\'s passkey');

      // The other PSU signs in for an authorisation; the options name only their passkey, so the page's options
      // are widened to any discoverable one: the authenticator answers with the first PSU's, the server refuses it.
      await page.route((candidate) => candidate.pathname.endsWith('/passkey/options'), async (route) => {
        const answer = await route.fetch();
        const options = (await answer.json()) as { allowCredentials?: unknown[] };
        assert.equal(options.allowCredentials?.length, 1);
        delete options.allowCredentials;
        await route.fulfill({ response: answer, json: options });
      });
      const dpop = client.getDPoPHandle(tpp, await client.randomDPoPKeyPair());
      const { url, state } = await pushRequest(dpop);
      const callback = await catchCallback(page);
      await logIn(page, url, other);
      await page.locator('#use-passkey').click();
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      assert.match(await summary.innerText(), /That passkey could not confirm it is you/);
      assert.match(await page.locator('#passkey-error').innerText(), /That passkey could not confirm it is you/);
      assert.equal(new URL(page.url()).pathname.startsWith('/psu/interaction/'), true);
      const { credentials: used } = await stolen.cdp.send('WebAuthn.getCredentials', { authenticatorId: stolen.authenticatorId });
      assert.equal(used[0]!.signCount, 2, 'the authenticator did sign: the server refused the assertion');

      // The code remains available and completes the authorisation.
      await page.fill('#otp', otp);
      await page.click('#verify');
      await page.waitForSelector('#accept');
      await page.click('#accept');
      const redirect = await callback();
      assert.equal(redirect.searchParams.get('state'), state);
      assert.ok(redirect.searchParams.get('code'));
      const [latest] = await harness.consents.listForPsu(`${other.tenantId}:${other.username}`);
      assert.equal(latest?.status, 'valid');
    } finally {
      await context?.close();
    }
  });
});
