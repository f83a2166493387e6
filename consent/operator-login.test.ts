// SPDX-License-Identifier: Apache-2.0
// Back-office operators sign in through the same authorisation server with the operations client: their own
// login page (no bank), the one-time code, no consent page; the tokens carry `lango_roles`. Plain HTTP, openid-client
// as the operations UI's relying party.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { privateKeyJwtClient, startConsentHarness, type ConsentHarness } from '../test/support/consent-harness.js';
import { PsuBrowser, authoriseAsPsu, csrfOf, formActionOf, type Page } from '../test/support/psu-browser.js';

let harness: ConsentHarness;
let operations: client.Configuration;
let gateway: client.Configuration;

before(async () => {
  harness = await startConsentHarness();
  const { operationsClient, demoChannelApp } = harness.manifest;
  operations = await privateKeyJwtClient(harness.issuer, operationsClient.clientId, operationsClient.privateJwk, { id_token_signed_response_alg: 'ES256' });
  gateway = await privateKeyJwtClient(harness.issuer, demoChannelApp.clientId, demoChannelApp.privateJwk);
});
after(async () => {
  await harness?.stop();
});

function operator(username: string) {
  const found = harness.manifest.operators.find((candidate) => candidate.username === username);
  assert.ok(found, `operator ${username} in the manifest`);
  return found;
}

async function pushed(configuration = operations, redirectUri = harness.manifest.operationsClient.redirectUri, scope = 'openid operations') {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = await client.buildAuthorizationUrlWithPAR(configuration, {
    redirect_uri: redirectUri, scope, state, nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  return { url, verifier, state, nonce };
}

/** Opens the login page of a fresh operations authorisation. */
async function loginPage(browser: PsuBrowser): Promise<Page> {
  const { url } = await pushed();
  const page = await browser.follow(await browser.get(url), url.origin);
  assert.equal(page.status, 200);
  return page;
}

async function submitLogin(browser: PsuBrowser, page: Page, username: string, password: string): Promise<Page> {
  return browser.follow(await browser.post(formActionOf(page, 'login'), { csrf: csrfOf(page), username, password }), new URL(page.url).origin);
}

describe('operator login through the operations client', () => {
  it('the manifest lists the operations client and the seeded operators with their tenant roles', () => {
    const { operationsClient, operators } = harness.manifest;
    assert.equal(operationsClient.clientId, 'lango-operations');
    assert.match(operationsClient.redirectUri, /\/auth\/callback$/);
    assert.equal(operationsClient.scope, 'openid operations');
    assert.deepEqual(operator('ops.viewer').roles, { buffalo: 'viewer' });
    assert.deepEqual(operator('ops.operator').roles, { buffalo: 'operator' });
    assert.deepEqual(operator('ops.supervisor').roles, { buffalo: 'supervisor' });
    assert.ok(operators.some((candidate) => candidate.roles.lion === 'supervisor'));
  });

  it('an operator signs in (login, one-time code, no consent page) and the tokens carry sub and lango_roles', async () => {
    const supervisor = operator('ops.supervisor');
    const { url, verifier, state, nonce } = await pushed();
    const { callback, pages } = await authoriseAsPsu(new PsuBrowser(), url, { username: supervisor.username, password: supervisor.password, otps: [supervisor.otp] });
    const [login, sca] = pages;
    assert.match(login!.html, /id="username"/);
    assert.match(login!.html, /id="password"/);
    assert.match(login!.html, /id="login"/);
    assert.doesNotMatch(login!.html, /id="bank"|name="bank"/, 'no bank on the operator page');
    assert.match(sca!.html, /id="otp"/);
    assert.equal(pages.length, 3, 'login, code, then straight back to the client');
    assert.ok(pages.every((page) => !page.html.includes('id="accept"')), 'no consent page');
    assert.equal(`${callback.origin}${callback.pathname}`, harness.manifest.operationsClient.redirectUri);

    const tokens = await client.authorizationCodeGrant(operations, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const claims = tokens.claims()!;
    assert.equal(claims.sub, 'operator:ops.supervisor');
    assert.deepEqual(claims.lango_roles, { buffalo: 'supervisor' });
    assert.equal(tokens.scope, 'operations', 'the access token (for the API resource) carries the operations scope');

    const introspection = await client.tokenIntrospection(gateway, tokens.access_token);
    assert.equal(introspection.active, true);
    assert.equal(introspection.sub, 'operator:ops.supervisor');
    assert.equal(introspection.client_id, 'lango-operations');
    assert.deepEqual(introspection.lango_roles, { buffalo: 'supervisor' });
  });

  it('refuses a PSU\'s bank credentials on the operator page, with the same words as a wrong password', async () => {
    const john = harness.manifest.psus.find((psu) => psu.tenantId === 'buffalo' && psu.username === 'john.smith')!;
    const browser = new PsuBrowser();
    const psuTry = await submitLogin(browser, await loginPage(browser), john.username, john.password);
    assert.equal(psuTry.status, 400);
    assert.match(psuTry.html, /The username or password is not right\./);
    assert.match(psuTry.html, /id="username"/, 'still the login page');

    const viewer = operator('ops.viewer');
    const wrongPassword = await submitLogin(browser, psuTry, viewer.username, 'not-the-password');
    const unknownUser = await submitLogin(browser, wrongPassword, 'ops.nobody', viewer.password);
    for (const page of [wrongPassword, unknownUser]) {
      assert.equal(page.status, 400);
      assert.match(page.html, /The username or password is not right\./);
      assert.doesNotMatch(page.html, /id="otp"/);
    }
    const errorsOf = (page: Page) => [...page.html.matchAll(/class="error"[^>]*>([^<]*)</g)].map((match) => match[1]);
    assert.deepEqual(errorsOf(wrongPassword), errorsOf(unknownUser), 'no hint which part was wrong');
  });

  it('refuses an operator\'s credentials on a PSU\'s login page', async () => {
    const { demoTpp } = harness.manifest;
    const tpp = await privateKeyJwtClient(harness.issuer, demoTpp.clientId, demoTpp.privateJwk);
    const { importJWK } = await import('jose');
    const { d: _d, ...publicJwk } = demoTpp.dpopPrivateJwk;
    const dpop = client.getDPoPHandle(tpp, {
      privateKey: (await importJWK(demoTpp.dpopPrivateJwk, 'ES256')) as client.CryptoKey,
      publicKey: (await importJWK(publicJwk, 'ES256', { extractable: true })) as client.CryptoKey,
    });
    const url = await client.buildAuthorizationUrlWithPAR(tpp, {
      redirect_uri: demoTpp.redirectUri, scope: 'accounts', bank: 'buffalo', state: client.randomState(),
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256',
      authorization_details: JSON.stringify([{ type: 'account_information', actions: ['accounts'] }]),
    }, { DPoP: dpop });
    const browser = new PsuBrowser();
    const page = await browser.follow(await browser.get(url), url.origin);
    const supervisor = operator('ops.supervisor');
    const refused = await submitLogin(browser, page, supervisor.username, supervisor.password);
    assert.equal(refused.status, 400);
    assert.doesNotMatch(refused.html, /id="otp"/);
  });

  it('refuses the operations scope to other clients at the PAR endpoint', async () => {
    const { demoChannelApp } = harness.manifest;
    await assert.rejects(
      client.buildAuthorizationUrlWithPAR(gateway, {
        redirect_uri: 'https://nowhere.lango.test/callback', scope: 'operations',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256',
      }),
      (error: client.ResponseBodyError) => error.status === 400 && typeof error.error === 'string',
      `${demoChannelApp.clientId} may not ask for operations`,
    );
  });
});
