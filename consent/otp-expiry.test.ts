// SPDX-License-Identifier: Apache-2.0
// A one-time code is accepted for OTP_TTL_MS after it was sent: later, even the right code is refused as expired
// (its own message, not counted as a wrong code) and a new one is sent — in the sandbox the same published code.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { OTP_TTL_MS } from './index.js';
import { SANDBOX_OPERATORS, SANDBOX_OTP } from '../tpp-sandbox/index.js';
import { privateKeyJwtClient } from '../test/support/consent-harness.js';
import { startClockedConsentServer, type ClockedConsentServer } from '../test/support/consent-clock-server.js';
import { PsuBrowser, csrfOf, formActionOf } from '../test/support/psu-browser.js';

let server: ClockedConsentServer;

before(async () => {
  server = await startClockedConsentServer();
});
after(async () => {
  await server?.stop();
});

describe('one-time code expiry', () => {
  it('is 5 minutes', () => {
    assert.equal(OTP_TTL_MS, 5 * 60_000);
  });

  it('refuses a correct but expired code with its own message, then accepts the new one', async () => {
    const operations = server.demoClients.find((demo) => demo.operations)!;
    const relyingParty = await privateKeyJwtClient(server.issuer, operations.clientId, operations.privateJwk, { id_token_signed_response_alg: 'ES256' });
    const url = await client.buildAuthorizationUrlWithPAR(relyingParty, {
      redirect_uri: operations.redirectUri!, scope: 'openid operations', state: client.randomState(),
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    });
    const { username, password } = SANDBOX_OPERATORS[0]!;
    const browser = new PsuBrowser();
    const login = await browser.follow(await browser.get(url), server.url);
    const sca = await browser.follow(await browser.post(formActionOf(login, 'login'), { csrf: csrfOf(login), username, password }), server.url);
    assert.match(sca.html, /id="otp"/);

    server.clock.now += OTP_TTL_MS + 1_000;
    const expired = await browser.post(formActionOf(sca, 'verify'), { csrf: csrfOf(sca), otp: SANDBOX_OTP });
    assert.equal(expired.status, 400);
    assert.match(expired.html, /That code has expired\. We sent you a new one\./);
    assert.doesNotMatch(expired.html, /That code is not right/, 'not counted as a wrong code');

    const accepted = await browser.post(formActionOf(expired, 'verify'), { csrf: csrfOf(expired), otp: SANDBOX_OTP });
    assert.equal(accepted.status, 303);
    const callback = await browser.follow(accepted, server.url);
    assert.ok(callback.location?.startsWith(operations.redirectUri!), `back to the operations client: ${callback.location}`);
    assert.ok(new URL(callback.location!).searchParams.get('code'));
  });
});
