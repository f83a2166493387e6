// SPDX-License-Identifier: Apache-2.0
// The authorisation server as a TPP meets it: openid-client as the relying party, the PSU pages driven over
// HTTP, a resource that checks DPoP binding through introspection, on real listeners.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import * as client from 'openid-client';
import { demoDpopKeys, privateKeyJwtClient, startConsentHarness, type ConsentHarness } from '../test/support/consent-harness.js';
import { startDpopResource, type DpopResource, type Introspection } from '../test/support/dpop-resource.js';
import { CLIENT_ASSERTION_TYPE, clientAssertion, dpopProof, postForm } from '../test/support/oauth-requests.js';
import { PsuBrowser, authoriseAsPsu, csrfOf, formActionOf, type PsuAnswers } from '../test/support/psu-browser.js';

const AIS_DETAILS = [{ type: 'account_information', actions: ['accounts', 'balances', 'transactions'], frequencyPerDay: 4 }];
const JOHN: PsuAnswers = { username: 'john.smith', password: 'buffalo-pass-1', otps: ['123456'], accounts: ['buffalo-1001'] };

let harness: ConsentHarness;
let tpp: client.Configuration;
let gateway: client.Configuration;
let resource: DpopResource;
let endpoints: { par: string; token: string; authorize: string; introspect: string };

before(async () => {
  harness = await startConsentHarness();
  const { demoTpp, demoChannelApp } = harness.manifest;
  tpp = await privateKeyJwtClient(harness.issuer, demoTpp.clientId, demoTpp.privateJwk);
  // The demo channel app is first-party: it may introspect any token, as the gateway will.
  gateway = await privateKeyJwtClient(harness.issuer, demoChannelApp.clientId, demoChannelApp.privateJwk);
  resource = await startDpopResource(async (token) => (await client.tokenIntrospection(gateway, token)) as Introspection);
  const metadata = tpp.serverMetadata();
  endpoints = { par: metadata.pushed_authorization_request_endpoint!, token: metadata.token_endpoint!, authorize: metadata.authorization_endpoint!, introspect: metadata.introspection_endpoint! };
});
after(async () => {
  await resource?.close();
  await harness?.stop();
});

/** RFC 9449 §7.1: the resource's 401 challenge names invalid_token. */
function invalidToken(error: client.WWWAuthenticateChallengeError): boolean {
  return error.status === 401 && error.cause.some((challenge) => challenge.scheme === 'dpop' && challenge.parameters.error === 'invalid_token');
}

async function pushAndAuthorise(dpop: client.DPoPHandle, answers: PsuAnswers, parameters: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = await client.buildAuthorizationUrlWithPAR(tpp, {
    redirect_uri: harness.manifest.demoTpp.redirectUri,
    scope: 'accounts',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    authorization_details: JSON.stringify(AIS_DETAILS),
    bank: 'buffalo',
    ...parameters,
  }, { DPoP: dpop });
  const { callback, pages } = await authoriseAsPsu(new PsuBrowser(), url, answers);
  return { callback, pages, verifier, state };
}

async function tokensFor(dpop: client.DPoPHandle) {
  const { callback, verifier, state } = await pushAndAuthorise(dpop, JOHN);
  return client.authorizationCodeGrant(tpp, callback, { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP: dpop });
}

/** The demo TPP's PAR with a hand-made client assertion, for requests openid-client will not send. */
async function rawPar(parameters: Record<string, string | undefined>) {
  const { demoTpp } = harness.manifest;
  const form: Record<string, string | undefined> = {
    client_id: demoTpp.clientId,
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: await clientAssertion(demoTpp.clientId, demoTpp.privateJwk, harness.issuer),
    response_type: 'code',
    redirect_uri: demoTpp.redirectUri,
    scope: 'accounts',
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
    ...parameters,
  };
  return postForm(endpoints.par, Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined)));
}

describe('authorisation code flow (PAR + PKCE + private_key_jwt + DPoP)', () => {
  it('issues a DPoP-bound token that introspects as active, bound (cnf.jkt) and carrying the approved details', async () => {
    const keys = await demoDpopKeys(harness.manifest.demoTpp);
    const dpop = client.getDPoPHandle(tpp, keys);
    const { callback, verifier, state } = await pushAndAuthorise(dpop, JOHN);
    assert.equal(callback.searchParams.get('iss'), harness.issuer, 'RFC 9207: the authorisation response names its issuer');

    const tokens = await client.authorizationCodeGrant(tpp, callback, { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP: dpop });
    assert.equal(tokens.token_type.toLowerCase(), 'dpop');
    assert.ok(tokens.refresh_token, 'a FAPI client gets a refresh token');
    assert.equal(tokens.expires_in, 300);

    const introspection = await client.tokenIntrospection(tpp, tokens.access_token);
    assert.equal(introspection.active, true);
    assert.equal(introspection.sub, 'buffalo:john.smith');
    assert.equal(introspection.scope, 'accounts');
    assert.equal((introspection.cnf as { jkt?: string }).jkt, await calculateJwkThumbprint(await exportJWK(keys.publicKey)));
    const [detail] = introspection.authorization_details as unknown as { type: string; accounts: { accountId: string }[]; consentId: string }[];
    assert.equal(detail!.type, 'account_information');
    assert.deepEqual(detail!.accounts, [{ accountId: 'buffalo-1001' }]);
    const consent = await harness.consents.get(detail!.consentId);
    assert.equal(consent?.status, 'valid');
    assert.equal(consent?.psuId, 'buffalo:john.smith');
    assert.equal(consent?.clientId, harness.manifest.demoTpp.clientId);
    assert.deepEqual(consent?.permissions.accounts.map((account) => account.accountId), ['buffalo-1001']);
    assert.deepEqual(consent?.permissions.scopes, ['accounts', 'balances', 'transactions']);
    assert.equal(consent?.frequencyPerDay, 4);

    const response = await client.fetchProtectedResource(tpp, tokens.access_token, new URL(resource.url), 'GET', undefined, undefined, { DPoP: dpop });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { sub: string }).sub, 'buffalo:john.smith');

    const refreshed = await client.refreshTokenGrant(tpp, tokens.refresh_token!, undefined, { DPoP: dpop });
    assert.notEqual(refreshed.access_token, tokens.access_token);
    assert.equal((await client.tokenIntrospection(gateway, refreshed.access_token)).active, true);
  });

  it('shows the bank select when the request names no bank, and the TPP by name', async () => {
    const verifier = client.randomPKCECodeVerifier();
    const url = await client.buildAuthorizationUrlWithPAR(tpp, {
      redirect_uri: harness.manifest.demoTpp.redirectUri, scope: 'accounts', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    }, { DPoP: client.getDPoPHandle(tpp, await client.randomDPoPKeyPair()) });
    const browser = new PsuBrowser();
    const login = await browser.follow(await browser.get(url), url.origin);
    assert.equal(login.status, 200);
    assert.match(login.html, /<select id="bank" name="bank"/);
    assert.match(login.html, /<option value="rhino">Rhino Bank<\/option>/);
    assert.match(login.html, /Lango Demo TPP wants to connect/);
    const { callback } = await authoriseAsPsu(new PsuBrowser(), url, { bank: 'rhino', username: 'john.smith', password: 'rhino-pass-1', otps: ['123456'] });
    assert.ok(callback.searchParams.get('code'));
  });

  it('ends with access_denied and a rejected consent when the PSU denies', async () => {
    const { callback } = await pushAndAuthorise(client.getDPoPHandle(tpp, await client.randomDPoPKeyPair()), { ...JOHN, decision: 'deny' });
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('iss'), harness.issuer);
    const [latest] = await harness.consents.listForPsu('buffalo:john.smith');
    assert.equal(latest?.status, 'rejected');
  });

  it('answers a wrong one-time code on the page, and ends with access_denied at the third', async () => {
    const { callback, pages } = await pushAndAuthorise(client.getDPoPHandle(tpp, await client.randomDPoPKeyPair()), { ...JOHN, otps: ['000000', '111111', '222222'] });
    const [, firstWrong, secondWrong] = pages.slice(1);
    assert.equal(firstWrong?.status, 400);
    assert.match(firstWrong!.html, /role="alert"/);
    assert.match(firstWrong!.html, /<input type="text" id="otp" name="otp"[^>]* aria-invalid="true" aria-describedby="otp-hint otp-error"/);
    assert.match(firstWrong!.html, /You can try 2 more times/);
    assert.match(secondWrong!.html, /You can try 1 more time\./);
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.match(callback.searchParams.get('error_description') ?? '', /one-time code/);
  });

  it('authorises an existing Berlin Group consent named in the scope (AIS:<consentId>) instead of creating one', async () => {
    const existing = await harness.consents.create({
      tenantId: 'buffalo', scheme: 'berlin-group', clientId: harness.manifest.demoTpp.clientId,
      permissions: { scopes: ['accounts', 'balances'], accounts: [] }, recurringIndicator: true, frequencyPerDay: 4,
    });
    const dpop = client.getDPoPHandle(tpp, await client.randomDPoPKeyPair());
    const { callback, verifier, state } = await pushAndAuthorise(dpop, JOHN, { scope: `AIS:${existing.id}`, authorization_details: '[]' });
    const tokens = await client.authorizationCodeGrant(tpp, callback, { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP: dpop });
    assert.equal(tokens.scope, `AIS:${existing.id}`);
    const authorised = await harness.consents.get(existing.id);
    assert.equal(authorised?.status, 'valid');
    assert.equal(authorised?.psuId, 'buffalo:john.smith');
    assert.ok(authorised?.grantId);
  });

  it('withdrawing the consent in the PSU dashboard makes the very next introspection and resource call fail', async () => {
    const dpop = client.getDPoPHandle(tpp, await client.randomDPoPKeyPair());
    const tokens = await tokensFor(dpop);
    const [detail] = (await client.tokenIntrospection(gateway, tokens.access_token)).authorization_details as unknown as { consentId: string }[];

    const browser = new PsuBrowser();
    const origin = new URL(harness.urls.public!).origin;
    let page = await browser.get(`${harness.urls.public}/psu/consents`);
    page = await browser.follow(await browser.post(formActionOf(page, 'login'), { csrf: csrfOf(page), bank: 'buffalo', username: 'john.smith', password: 'buffalo-pass-1' }), origin);
    page = await browser.follow(await browser.post(formActionOf(page, 'verify'), { csrf: csrfOf(page), otp: '123456' }), origin);
    assert.equal(page.status, 200);
    assert.match(page.html, /Lango Demo TPP/);
    page = await browser.follow(await browser.post(formActionOf(page, `withdraw-${detail!.consentId}`), { csrf: csrfOf(page), consent: detail!.consentId }), origin);
    assert.match(page.html, /You withdrew the access of Lango Demo TPP/);

    assert.equal((await client.tokenIntrospection(gateway, tokens.access_token)).active, false);
    await assert.rejects(client.fetchProtectedResource(tpp, tokens.access_token, new URL(resource.url), 'GET', undefined, undefined, { DPoP: dpop }), invalidToken);
    assert.equal((await harness.consents.get(detail!.consentId))?.status, 'revokedByPsu');
    await assert.rejects(client.refreshTokenGrant(tpp, tokens.refresh_token!, undefined, { DPoP: dpop }), (error: client.ResponseBodyError) => error.error === 'invalid_grant');
  });
});

describe('client_credentials with private_key_jwt', () => {
  it('gives the first-party channel app a token for the channel scope', async () => {
    const tokens = await client.clientCredentialsGrant(gateway, { scope: 'channel' });
    assert.equal(tokens.scope, 'channel');
    const introspection = await client.tokenIntrospection(gateway, tokens.access_token);
    assert.equal(introspection.active, true);
    assert.equal(introspection.client_id, harness.manifest.demoChannelApp.clientId);
  });

  it('lets a client revoke its own token (RFC 7009): the next introspection says inactive', async () => {
    const tokens = await client.clientCredentialsGrant(gateway, { scope: 'channel' });
    await client.tokenRevocation(gateway, tokens.access_token);
    assert.equal((await client.tokenIntrospection(gateway, tokens.access_token)).active, false);
  });

  it('gives a TPP a DPoP-bound token without a PSU', async () => {
    const tokens = await client.clientCredentialsGrant(tpp, { scope: 'payments' }, { DPoP: client.getDPoPHandle(tpp, await client.randomDPoPKeyPair()) });
    assert.equal(tokens.token_type.toLowerCase(), 'dpop');
    assert.equal(tokens.scope, 'payments');
  });
});

describe('refusals, each with its OAuth error and status', () => {
  it('an authorisation request without PAR: invalid_request back at the redirect URI', async () => {
    const url = new URL(endpoints.authorize);
    for (const [key, value] of Object.entries({
      client_id: harness.manifest.demoTpp.clientId, response_type: 'code', redirect_uri: harness.manifest.demoTpp.redirectUri, scope: 'accounts',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256', state: 'xyz',
    })) url.searchParams.set(key, value);
    const response = await fetch(url, { redirect: 'manual' });
    assert.equal(response.status, 303);
    const location = new URL(response.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, harness.manifest.demoTpp.redirectUri);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.match(location.searchParams.get('error_description')!, /Pushed Authorization Request must be used/);
    assert.equal(location.searchParams.get('state'), 'xyz');
  });

  it('a pushed request without PKCE, or with plain: 400 invalid_request', async () => {
    const without = await rawPar({ code_challenge: undefined, code_challenge_method: undefined });
    assert.equal(without.status, 400);
    assert.equal(without.body.error, 'invalid_request');
    assert.match(String(without.body.error_description), /PKCE/);
    const plain = await rawPar({ code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
    assert.equal(plain.status, 400);
    assert.equal(plain.body.error, 'invalid_request');
    assert.match(String(plain.body.error_description), /code_challenge_method/);
  });

  it('a redirect URI the client did not register: 400 invalid_request at the PAR endpoint (RFC 9126 §2.3)', async () => {
    const answer = await rawPar({ redirect_uri: 'https://evil.example/callback' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'invalid_request');
    assert.match(String(answer.body.error_description), /redirect_uri/);
  });

  it('authorization_details or scopes outside the client roles: 400 invalid_authorization_details / invalid_scope', async () => {
    const details = await rawPar({ authorization_details: JSON.stringify([{ type: 'funds_confirmation' }]) });
    assert.equal(details.status, 400);
    assert.equal(details.body.error, 'invalid_authorization_details');
    const scope = await rawPar({ scope: 'fundsconfirmations' });
    assert.equal(scope.status, 400);
    assert.equal(scope.body.error, 'invalid_scope');
  });

  it('authorization_details of the wrong shape: 400 invalid_authorization_details', async () => {
    const answer = await rawPar({ authorization_details: JSON.stringify([{ type: 'payment_initiation', instructedAmount: { currency: 'TZS', amount: '1e3' }, creditorName: 'Jane', creditorAccount: { msisdn: '27710305999' } }]) });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'invalid_authorization_details');
    assert.match(String(answer.body.error_description), /instructedAmount.amount/);
  });

  it('a client assertion for another audience, or a reused one: 401 invalid_client', async () => {
    const { demoTpp } = harness.manifest;
    const keys = await client.randomDPoPKeyPair();
    const request = async (assertion: string) => postForm(endpoints.token, {
      grant_type: 'client_credentials', scope: 'accounts', client_id: demoTpp.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion,
    }, { dpop: await dpopProof(keys, 'POST', endpoints.token) });
    const wrongAudience = await request(await clientAssertion(demoTpp.clientId, demoTpp.privateJwk, endpoints.token));
    assert.equal(wrongAudience.status, 401);
    assert.equal(wrongAudience.body.error, 'invalid_client');
    const assertion = await clientAssertion(demoTpp.clientId, demoTpp.privateJwk, harness.issuer);
    assert.equal((await request(assertion)).status, 200);
    const reused = await request(assertion);
    assert.equal(reused.status, 401);
    assert.equal(reused.body.error, 'invalid_client');
  });

  it('a replayed DPoP proof: 400 invalid_dpop_proof', async () => {
    const { demoTpp } = harness.manifest;
    const proof = await dpopProof(await client.randomDPoPKeyPair(), 'POST', endpoints.token);
    const request = async () => postForm(endpoints.token, {
      grant_type: 'client_credentials', scope: 'accounts', client_id: demoTpp.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await clientAssertion(demoTpp.clientId, demoTpp.privateJwk, harness.issuer),
    }, { dpop: proof });
    assert.equal((await request()).status, 200);
    const replayed = await request();
    assert.equal(replayed.status, 400);
    assert.equal(replayed.body.error, 'invalid_dpop_proof');
  });

  it('no DPoP proof from a client registered for DPoP-bound tokens: 400 invalid_request', async () => {
    const { demoTpp } = harness.manifest;
    const answer = await postForm(endpoints.token, {
      grant_type: 'client_credentials', scope: 'accounts', client_id: demoTpp.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await clientAssertion(demoTpp.clientId, demoTpp.privateJwk, harness.issuer),
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'invalid_request');
    assert.match(String(answer.body.error_description), /DPoP proof/);
  });

  it('a token presented with another DPoP key: 401 invalid_token at the resource', async () => {
    const tokens = await tokensFor(client.getDPoPHandle(tpp, await client.randomDPoPKeyPair()));
    const thief = client.getDPoPHandle(tpp, await client.randomDPoPKeyPair());
    await assert.rejects(client.fetchProtectedResource(tpp, tokens.access_token, new URL(resource.url), 'GET', undefined, undefined, { DPoP: thief }), invalidToken);
  });

  it('a TPP cannot introspect another client\'s token: active false', async () => {
    const channelToken = await client.clientCredentialsGrant(gateway, { scope: 'channel' });
    assert.equal((await client.tokenIntrospection(tpp, channelToken.access_token)).active, false);
  });
});
