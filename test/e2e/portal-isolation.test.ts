// SPDX-License-Identifier: Apache-2.0
// Two hackathon teams on one sandbox: team B can neither see nor use team A's applications, test PSUs, consents or
// API logs, and "reset my sandbox" puts back only the caller's team. Every step goes through the portal's API, the
// OAuth server and the Berlin Group API, as the teams' own code would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runReadinessChecks, type ReadinessReport } from '../../tpp-sandbox/portal/readiness/index.js';
import { poll } from '../support/poll.js';
import { kitCredentials, portalDeveloper, type PortalDeveloper } from '../support/portal-client.js';
import { startPaymentsSandbox, type PaymentsSandbox } from '../support/payments-sandbox.js';

interface App { id: string; clientId: string }
interface TeamPsu { id: string; username: string; accounts: { id: string; balance: string; openingBalance: string }[] }
interface Team { developer: PortalDeveloper; app: App; psu: TeamPsu; password: string }

describe('developer portal: isolation between teams', () => {
  let sandbox: PaymentsSandbox;
  let a: Team;
  let b: Team;
  let otp: string;

  async function team(email: string, name: string, psuName: string, openingBalance: string): Promise<Team> {
    const developer = await portalDeveloper(sandbox.lango.urls.public!, email, name);
    const app = await developer.call<App>('POST', '/apps', { name: `${name} app`, roles: ['AIS', 'PIS'], redirectUris: [`https://${psuName}.lango.test/callback`] });
    assert.equal(app.status, 201, JSON.stringify(app.body));
    assert.equal((await developer.call('POST', `/apps/${app.body.id}/certificates`, { kind: 'qwac' })).status, 201);
    const created = await developer.call<{ psu: TeamPsu; password: string }>('POST', '/sandbox/psus', { tenantId: 'buffalo', username: psuName, fullName: `${psuName} Tester`, openingBalance });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { developer, app: app.body, psu: created.body.psu, password: created.body.password };
  }

  /** Team `owner`'s application runs the readiness journey (consent, SCA, accounts, a payment) as `psu`. */
  async function journey(owner: Team, psu: { username: string; password: string }): Promise<ReadinessReport> {
    const kit = kitCredentials(await owner.developer.starterKit(owner.app.id));
    const urls = sandbox.lango.urls;
    return runReadinessChecks({
      urls: { public: urls.public!, publicTls: urls.publicTls! }, caPem: kit.caPem, bank: 'buffalo', psu: { ...psu, otp },
      client: { clientId: kit.clientId, privateJwk: kit.privateJwk, dpopPrivateJwk: kit.dpopPrivateJwk, redirectUri: kit.redirectUri, roles: ['AIS', 'PIS'], qwac: kit.qwac },
    });
  }

  const outcome = (report: ReadinessReport, id: string) => report.checks.find((check) => check.id === id)?.outcome;
  const balanceOf = async (owner: Team) => (await owner.developer.call<{ psus: TeamPsu[] }>('GET', '/sandbox/psus')).body.psus[0]!.accounts[0]!.balance;

  before(async () => {
    sandbox = await startPaymentsSandbox();
    otp = (sandbox.manifest.sca as { otp: string }).otp;
    a = await team('lead@team-a.example', 'Team Alpha', 'amina', '500000.00');
    b = await team('lead@team-b.example', 'Team Beta', 'bakari', '300000.00');
  });
  after(async () => { await sandbox?.stop(); });

  it("team B sees none of team A's applications, and cannot use them", async () => {
    const listed = await b.developer.call<{ applications: App[] }>('GET', '/apps');
    assert.deepEqual(listed.body.applications.map((app) => app.id), [b.app.id]);
    for (const [method, path] of [
      ['GET', ''], ['GET', '/certificates'], ['POST', '/certificates'], ['GET', '/starter-kit'], ['GET', '/consents'], ['GET', '/activity'],
      ['GET', '/deliveries'], ['POST', '/readiness'], ['GET', '/production'], ['POST', '/production'],
    ] as const) {
      const answer = await b.developer.call<{ reason: string }>(method, `/apps/${a.app.id}${path}`, method === 'POST' ? { kind: 'qwac', tenantId: 'buffalo' } : undefined);
      assert.equal(answer.status, 404, `${method} ${path}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.reason, 'APPLICATION_UNKNOWN', `${method} ${path}`);
    }
    assert.equal((await a.developer.call<{ certificates: unknown[] }>('GET', `/apps/${a.app.id}/certificates`)).body.certificates.length, 1, "B's attempt issued nothing for A");
  });

  it("team B's application cannot log team A's PSU in; team A's can, and reads its account", async () => {
    const listedByB = await b.developer.call<{ psus: TeamPsu[] }>('GET', '/sandbox/psus');
    assert.deepEqual(listedByB.body.psus.map((psu) => psu.id), [b.psu.id]);
    const manifest = (await (await fetch(`${sandbox.lango.urls.public}/sandbox/manifest.json`)).json()) as { psus: { username: string }[] };
    assert.ok(!manifest.psus.some((psu) => psu.username === a.psu.username || psu.username === b.psu.username), 'team PSUs are not published');

    const intruder = await journey(b, { username: a.psu.username, password: a.password });
    assert.equal(outcome(intruder, 'sca'), 'fail', JSON.stringify(intruder.checks));
    assert.match(intruder.checks.find((check) => check.id === 'sca')!.detail, /username or password/);
    assert.equal(outcome(intruder, 'ais-accounts'), 'skipped');

    const own = await journey(a, { username: a.psu.username, password: a.password });
    assert.ok(own.passed, JSON.stringify(own.checks, null, 1));
    assert.equal(outcome(own, 'pis-status'), 'pass');
    assert.notEqual(await balanceOf(a), a.psu.accounts[0]!.openingBalance, "the test payment moved team A's balance");
  });

  it("team A's consents and API calls are listed for team A only", async () => {
    const own = await b.developer.call<{ consents: { id: string; clientId: string; psuId?: string }[] }>('GET', `/apps/${b.app.id}/consents`);
    const theirs = await a.developer.call<{ consents: { id: string; clientId: string; psuId?: string; status: string }[] }>('GET', `/apps/${a.app.id}/consents`);
    assert.ok(theirs.body.consents.some((consent) => consent.psuId === a.psu.id && consent.status === 'valid'), JSON.stringify(theirs.body));
    assert.ok(own.body.consents.length > 0, "team B's own refused attempt is listed for B");
    assert.ok(own.body.consents.every((consent) => consent.clientId === b.app.clientId));
    assert.ok(theirs.body.consents.every((consent) => consent.clientId === a.app.clientId));

    type Calls = { calls: { clientId: string; endpoint: string; status: number }[] };
    const aCalls = await poll(() => a.developer.call<Calls>('GET', `/apps/${a.app.id}/activity`), (answer) => answer.body.calls.some((call) => call.endpoint.includes('balances')), 10_000, "team A's calls in its activity");
    assert.ok(aCalls.body.calls.every((call) => call.clientId === a.app.clientId));
    const bCalls = await b.developer.call<Calls>('GET', `/apps/${b.app.id}/activity`);
    assert.ok(bCalls.body.calls.every((call) => call.clientId === b.app.clientId), JSON.stringify(bCalls.body.calls));
    assert.ok(!bCalls.body.calls.some((call) => call.endpoint.includes('balances')), 'B never read balances');
  });

  it("reset restores only the caller's team: A's balance and consents, not B's", async () => {
    const bJourney = await journey(b, { username: b.psu.username, password: b.password });
    assert.ok(bJourney.passed, JSON.stringify(bJourney.checks, null, 1));
    const bMoved = await balanceOf(b);
    assert.notEqual(bMoved, b.psu.accounts[0]!.openingBalance);

    const reset = await a.developer.call<{ restoredAccounts: unknown[]; terminatedConsents: string[] }>('POST', '/sandbox/reset', {});
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
    assert.equal(reset.body.restoredAccounts.length, 1);
    assert.ok(reset.body.terminatedConsents.length > 0);
    assert.equal(await balanceOf(a), a.psu.accounts[0]!.openingBalance, "team A's account is back to its opening balance");
    assert.equal(await balanceOf(b), bMoved, "team B's account is untouched");

    const aConsents = (await a.developer.call<{ consents: { status: string }[] }>('GET', `/apps/${a.app.id}/consents`)).body.consents;
    assert.ok(aConsents.every((consent) => !['valid', 'received'].includes(consent.status)), JSON.stringify(aConsents));
    const bConsents = (await b.developer.call<{ consents: { status: string }[] }>('GET', `/apps/${b.app.id}/consents`)).body.consents;
    assert.ok(bConsents.some((consent) => consent.status === 'valid'), "team B's consents stay valid");
  });
});
