// SPDX-License-Identifier: Apache-2.0
// A team's own PSU in the whole sandbox: created by the portal's service, it is unknown to another team's client
// (the login fails exactly as with a wrong password), while its own team's client gets consent and reads the
// account with its opening balance through the Berlin Group API. The PSU pages are driven over plain HTTP.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { openDatabase, type SqlDatabase } from '../../../platform/store/index.js';
import { registerOtherTpp } from '../../../test/support/berlin-group-other-tpp.js';
import type { BerlinGroupStage } from '../../../test/support/berlin-group-stage.js';
import type { BerlinGroupTpp } from '../../../test/support/berlin-group-tpp.js';
import { startPaymentsSandbox, type PaymentsSandbox } from '../../../test/support/payments-sandbox.js';
import { PsuBrowser, csrfOf, formActionOf, type Page } from '../../../test/support/psu-browser.js';
import { openTeamSandbox, type CreatedTeamPsu, type TeamSandbox } from './index.js';

const TEAM_A = 'PSDTZ-BOT-TEAMA1';
const TEAM_B = 'PSDTZ-BOT-TEAMB1';
const OTP = '123456';
const AT_BUFFALO = { 'Platform-TenantId': 'buffalo', 'PSU-IP-Address': '192.0.2.10' };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface Authorisation {
  browser: PsuBrowser;
  login: Page;
  verifier: string;
  state: string;
}

describe('a team sandbox PSU in the running sandbox', () => {
  let sandbox: PaymentsSandbox;
  let database: SqlDatabase;
  let team: TeamSandbox;
  let amina: CreatedTeamPsu;
  let teamA: BerlinGroupTpp;
  let teamB: BerlinGroupTpp;

  before(async () => {
    sandbox = await startPaymentsSandbox();
    // The portal runs in the sandbox process; here a second connection to the sandbox's SQLite file stands in for it.
    database = await openDatabase({ dataDir: sandbox.dataDir });
    team = await openTeamSandbox(database, { simulatorsUrl: sandbox.lango.urls.simulators! });
    amina = await team.createPsu(TEAM_A, { tenantId: 'buffalo', username: 'amina', fullName: 'Amina Team-A', openingBalance: '321000.50' });
    // registerOtherTpp reads only the sandbox and its CA from the stage.
    const stage = { sandbox, caPem: readFileSync(join(sandbox.dataDir, 'tls', 'ca.pem'), 'utf8') } as BerlinGroupStage;
    teamA = await registerOtherTpp(stage, database, { organizationIdentifier: TEAM_A, roles: ['AIS'], certificateRoles: ['PSP_AI'] });
    teamB = await registerOtherTpp(stage, database, { organizationIdentifier: TEAM_B, roles: ['AIS'], certificateRoles: ['PSP_AI'] });
  });

  after(async () => {
    await database?.close();
    await sandbox?.stop();
  });

  /** A Berlin Group consent on the team PSU's account, created by `tpp`; its id. */
  async function consentFor(tpp: BerlinGroupTpp): Promise<string> {
    const bban = amina.psu.accounts[0]!.number;
    const created = await tpp.call<{ consentId: string }>('POST', '/v1/consents', {
      token: await tpp.clientToken('accounts'), headers: AT_BUFFALO,
      body: { access: { accounts: [{ bban }], balances: [{ bban }] }, recurringIndicator: true, validUntil: inDays(1), frequencyPerDay: 4, combinedServiceIndicator: false },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.consentId;
  }

  /** A consent on the PSU's account with the redirect approach; the dashboard link the TPP sends the PSU to. */
  async function redirectConsentFor(tpp: BerlinGroupTpp): Promise<string> {
    const bban = amina.psu.accounts[0]!.number;
    const created = await tpp.call<{ _links: { scaRedirect?: { href: string } } }>('POST', '/v1/consents', {
      token: await tpp.clientToken('accounts'), headers: { ...AT_BUFFALO, 'TPP-Redirect-URI': `${tpp.demo.redirectUri}?done=1` },
      body: { access: { accounts: [{ bban }] }, recurringIndicator: true, validUntil: inDays(1), frequencyPerDay: 4, combinedServiceIndicator: false },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body._links.scaRedirect!.href;
  }

  /** Signs the PSU in on the dashboard at `url` with `password`: the page after the bank's credentials. */
  async function dashboardLogin(url: string, password: string): Promise<Page> {
    const browser = new PsuBrowser();
    const page = await browser.follow(await browser.get(url), new URL(url).origin);
    return browser.follow(await browser.post(formActionOf(page, 'login'), { csrf: csrfOf(page), bank: 'buffalo', username: amina.psu.username, password }), new URL(url).origin);
  }

  /** The authorisation of the consent started by `tpp` (PAR, PKCE, DPoP), up to the bank's login page. */
  async function startAuthorisation(tpp: BerlinGroupTpp, consentId: string): Promise<Authorisation> {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = await client.buildAuthorizationUrlWithPAR(tpp.oauth, {
      redirect_uri: tpp.demo.redirectUri, scope: `AIS:${consentId}`, bank: 'buffalo', state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    }, { DPoP: tpp.dpop });
    const browser = new PsuBrowser();
    const login = await browser.follow(await browser.get(url), url.origin);
    assert.equal(login.status, 200);
    return { browser, login, verifier, state };
  }

  const logIn = async ({ browser, login }: Authorisation, password: string) =>
    browser.follow(await browser.post(formActionOf(login, 'login'), { csrf: csrfOf(login), username: amina.psu.username, password }), new URL(login.url).origin);

  it('another team\'s client cannot log the PSU in: the same page as a wrong password, and no code is asked for', async () => {
    const authorisation = await startAuthorisation(teamB, await consentFor(teamB));
    const rightPassword = await logIn(authorisation, amina.password);
    const wrongPassword = await logIn(authorisation, 'not-the-password');
    // The login page again, answered 400 as for any refused form.
    assert.equal(rightPassword.status, 400);
    assert.equal(wrongPassword.status, rightPassword.status);
    assert.match(rightPassword.html, /The username or password is not right for this bank\./);
    assert.doesNotMatch(rightPassword.html, /id="verify"/, 'no one-time code step');
    assert.equal(rightPassword.html, wrongPassword.html, 'nothing tells the PSU exists');
  });

  it('on the dashboard (redirect approach) it signs in only to approve a consent of its own team\'s client', async () => {
    const own = await dashboardLogin(await redirectConsentFor(teamA), amina.password);
    assert.match(own.html, /id="verify"/, 'on to the one-time code');
    const dashboard = `${sandbox.lango.urls.public}/psu/consents`;
    for (const url of [await redirectConsentFor(teamB), dashboard]) {
      const refused = await dashboardLogin(url, amina.password);
      assert.match(refused.html, /The username or password is not right for this bank\./, url);
      assert.doesNotMatch(refused.html, /id="verify"/, url);
    }
    // Seeded PSUs sign in there as before, with or without a consent named.
    const browser = new PsuBrowser();
    const page = await browser.follow(await browser.get(dashboard), sandbox.lango.urls.public!);
    const john = await browser.follow(await browser.post(formActionOf(page, 'login'), { csrf: csrfOf(page), bank: 'buffalo', username: 'john.smith', password: 'buffalo-pass-1' }), sandbox.lango.urls.public!);
    assert.match(john.html, /id="verify"/);
  });

  it('its own team\'s client logs it in, gets consent for its account, and reads the account with its opening balance', async () => {
    const account = amina.psu.accounts[0]!;
    const consentId = await consentFor(teamA);
    const authorisation = await startAuthorisation(teamA, consentId);
    const { browser } = authorisation;
    const origin = new URL(authorisation.login.url).origin;
    const sca = await logIn(authorisation, amina.password);
    assert.match(sca.html, /id="verify"/, sca.html.slice(0, 500));
    const consentPage = await browser.follow(await browser.post(formActionOf(sca, 'verify'), { csrf: csrfOf(sca), otp: OTP }), origin);
    assert.match(consentPage.html, new RegExp(`name="account" value="${account.id}"`), 'the consent page offers the team PSU\'s account');
    const back = await browser.follow(await browser.post(formActionOf(consentPage, 'accept'), { csrf: csrfOf(consentPage), decision: 'accept', account: account.id }), origin);
    const callback = back.location ?? '';
    assert.ok(callback.startsWith(teamA.demo.redirectUri), `redirected back to the TPP, not ${back.status} ${callback}`);
    const tokens = await client.authorizationCodeGrant(teamA.oauth, new URL(callback), { pkceCodeVerifier: authorisation.verifier, expectedState: authorisation.state }, undefined, { DPoP: teamA.dpop });

    const read = { token: tokens.access_token, headers: { 'Consent-ID': consentId, 'PSU-IP-Address': '192.0.2.10' } };
    const list = await teamA.call<{ accounts: { resourceId: string; bban: string; currency: string }[] }>('GET', '/v1/accounts', read);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body.accounts.map((item) => [item.resourceId, item.bban, item.currency]), [[account.id, account.number, 'TZS']]);
    const balances = await teamA.call<{ balances: { balanceType: string; balanceAmount: { amount: string } }[] }>('GET', `/v1/accounts/${account.id}/balances`, read);
    assert.equal(balances.status, 200, JSON.stringify(balances.body));
    assert.equal(balances.body.balances.find((balance) => balance.balanceType === 'interimBooked')?.balanceAmount.amount, '321000.50');

    // The published manifest still shows only the shared PSUs.
    const manifest = await (await fetch(`${sandbox.lango.urls.public}/sandbox/manifest.json`)).json() as { psus: { username: string }[] };
    assert.ok(!manifest.psus.some((psu) => psu.username === amina.psu.username));
  });
});
