// SPDX-License-Identifier: Apache-2.0
// The PSU pages as a PSU's browser gets them: language, accessibility hooks, escaping, CSRF and binding.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import * as client from 'openid-client';
import { privateKeyJwtClient, startConsentHarness, type ConsentHarness } from '../../test/support/consent-harness.js';
import { PsuBrowser, csrfOf, formActionOf, type Page } from '../../test/support/psu-browser.js';

let harness: ConsentHarness;
let tpp: client.Configuration;
before(async () => {
  harness = await startConsentHarness();
  tpp = await privateKeyJwtClient(harness.issuer, harness.manifest.demoTpp.clientId, harness.manifest.demoTpp.privateJwk);
});
after(async () => { await harness?.stop(); });

async function startAuthorisation(config: client.Configuration, redirectUri: string, extra: Record<string, string> = {}): Promise<{ browser: PsuBrowser; page: Page }> {
  const url = await client.buildAuthorizationUrlWithPAR(config, {
    redirect_uri: redirectUri, scope: 'accounts', code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256', bank: 'buffalo', ...extra,
  }, { DPoP: client.getDPoPHandle(config, await client.randomDPoPKeyPair()) });
  const browser = new PsuBrowser();
  return { browser, page: await browser.follow(await browser.get(url), url.origin) };
}

async function signIn(browser: PsuBrowser, page: Page): Promise<Page> {
  const origin = new URL(page.url).origin;
  const sca = await browser.follow(await browser.post(formActionOf(page, 'login'), { csrf: csrfOf(page), username: 'john.smith', password: 'buffalo-pass-1' }), origin);
  return browser.follow(await browser.post(formActionOf(sca, 'verify'), { csrf: csrfOf(sca), otp: '123456' }), origin);
}

describe('PSU pages', () => {
  it('are small accessible documents: language, viewport, a label for every field, no scripts, never cached', async () => {
    const { page } = await startAuthorisation(tpp, harness.manifest.demoTpp.redirectUri);
    assert.equal(page.status, 200);
    assert.match(page.html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(page.html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    for (const id of ['username', 'password']) assert.match(page.html, new RegExp(`<label for="${id}">`));
    assert.match(page.html, /<p>Bank: <strong>Buffalo Bank<\/strong><\/p>/, 'the bank named in the request is not asked for');
    assert.doesNotMatch(page.html, /<script/);
    assert.match(page.headers.get('content-security-policy')!, /default-src 'none'/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
  });

  it('speak Swahili when the request asks with ui_locales, ?lang=sw or Accept-Language', async () => {
    const { page } = await startAuthorisation(tpp, harness.manifest.demoTpp.redirectUri, { ui_locales: 'sw' });
    assert.match(page.html, /<html lang="sw">/);
    assert.match(page.html, /Ingia kwenye benki yako/);
    assert.match(page.html, /<label for="password">Nenosiri<\/label>/);
    assert.match(page.html, /hreflang="en">English<\/a>/);
    const dashboard = await new PsuBrowser({ 'accept-language': 'sw-TZ, en;q=0.5' }).get(`${harness.urls.public}/psu/consents`);
    assert.match(dashboard.html, /<html lang="sw">/);
    const english = await new PsuBrowser({ 'accept-language': 'sw' }).get(`${harness.urls.public}/psu/consents?lang=en`);
    assert.match(english.html, /<html lang="en">/);
  });

  it('show a TPP name from its software statement escaped, never as markup', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const hostile = '<script>alert("pwned")</script> & Co';
    const statement = await harness.directory.issueSoftwareStatement({
      softwareId: 'hostile', orgId: 'o', orgName: hostile, roles: ['AIS'], redirectUris: ['https://hostile.example/cb'], jwks: { keys: [{ ...publicJwk, kid }] },
    });
    const registered = await fetch(`${harness.issuer}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ software_statement: statement }) });
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const config = await privateKeyJwtClient(harness.issuer, clientId, { ...(await exportJWK(privateKey)), kid });
    const { browser, page } = await startAuthorisation(config, 'https://hostile.example/cb');
    assert.match(page.html, /&lt;script&gt;alert\(&quot;pwned&quot;\)&lt;\/script&gt; &amp; Co wants to connect/);
    const consent = await signIn(browser, page);
    assert.match(consent.html, /&lt;script&gt;alert\(&quot;pwned&quot;\)&lt;\/script&gt; &amp; Co asks for access to your accounts at Buffalo Bank/);
    assert.doesNotMatch(consent.html, /<script>alert/);
  });

  it('refuse a form without this flow\'s CSRF token, and an interaction from another browser', async () => {
    const { browser, page } = await startAuthorisation(tpp, harness.manifest.demoTpp.redirectUri);
    const forged = await browser.post(formActionOf(page, 'login'), { csrf: 'forged', username: 'john.smith', password: 'buffalo-pass-1' });
    assert.equal(forged.status, 403);
    assert.match(forged.html, /This page has expired/);
    const elsewhere = await new PsuBrowser().get(page.url);
    assert.equal(elsewhere.status, 400, 'oidc-provider binds the interaction to the browser that started it');
    const stillLogin = await browser.get(page.url);
    assert.match(stillLogin.html, /id="login"/);
  });

  it('ask again, with an error summary, when the PSU allows without choosing an account', async () => {
    const { browser, page } = await startAuthorisation(tpp, harness.manifest.demoTpp.redirectUri);
    const consent = await signIn(browser, page);
    assert.match(consent.html, /name="account" value="buffalo-1001" checked/);
    assert.match(consent.html, /Up to 4 times a day/);
    const again = await browser.post(formActionOf(consent, 'accept'), { csrf: csrfOf(consent), decision: 'accept' });
    assert.equal(again.status, 400);
    assert.match(again.html, /<div class="error-summary" role="alert"[^>]*>[\s\S]*<a href="#accounts">Choose at least one account.<\/a>/);
    assert.match(again.html, /<fieldset id="accounts" aria-invalid="true" aria-describedby="accounts-error">/);
  });
});
