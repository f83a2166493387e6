// SPDX-License-Identifier: Apache-2.0
// The readiness checks as a TPP relies on them, against the whole sandbox in this process: the demo TPP with
// John Smith at Buffalo passes every check and really moves John's money; a wrong PSU password, a QWAC of another
// organisation and a key the client is not registered with each fail the check they concern and skip what
// depends on it. Then the portal's API activity, fed from the sandbox's own event log, lists the demo TPP's calls.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { issuePsd2Certificate, SANDBOX_PKI_FILES } from '../../../platform/crypto/index.js';
import { openEventLog, type EventLog } from '../../../platform/events/index.js';
import { createLogger } from '../../../platform/log/index.js';
import { toMinorUnits } from '../../../platform/money/index.js';
import { openDatabase, type SqlDatabase } from '../../../platform/store/index.js';
import { startPaymentsSandbox, type PaymentsSandbox } from '../../../test/support/payments-sandbox.js';
import { poll } from '../../../test/support/poll.js';
import { startApiActivity, type RunningApiActivity } from '../activity/index.js';
import { READINESS_STEPS, reportAsJson, reportAsText, runReadinessChecks, type ReadinessReport, type ReadinessTarget } from './index.js';

interface ManifestPsu { tenantId: string; username: string; password: string; otp: string; accounts: { externalId: string; number: string }[] }
interface DemoTpp { clientId: string; privateJwk: JWK; dpopPrivateJwk: JWK; redirectUri: string; roles: string[]; qwac: { certPem: string; keyPem: string } }

const ALL_IDS = READINESS_STEPS.map((step) => step.id);
const outcomes = (report: ReadinessReport) => Object.fromEntries(report.checks.map((check) => [check.id, check.outcome]));
const check = (report: ReadinessReport, id: string) => report.checks.find((candidate) => candidate.id === id)!;

describe('portal readiness checks against the sandbox', () => {
  let sandbox: PaymentsSandbox;
  let target: ReadinessTarget;
  let john: ManifestPsu;
  let database: SqlDatabase;
  let eventLog: EventLog;
  let activity: RunningApiActivity;

  before(async () => {
    sandbox = await startPaymentsSandbox();
    const urls = sandbox.lango.urls as Record<string, string>;
    const demo = sandbox.manifest.demoTpp as DemoTpp;
    john = (sandbox.manifest.psus as ManifestPsu[]).find((psu) => psu.tenantId === 'buffalo' && psu.username === 'john.smith')!;
    target = {
      urls: { public: urls.public!, publicTls: urls.publicTls! },
      caPem: await (await fetch(`${urls.public}/sandbox/ca.pem`)).text(),
      client: { clientId: demo.clientId, privateJwk: demo.privateJwk, dpopPrivateJwk: demo.dpopPrivateJwk, redirectUri: demo.redirectUri, roles: demo.roles, qwac: demo.qwac },
      bank: 'buffalo',
      psu: { username: john.username, password: john.password, otp: john.otp },
    };
    // The portal's projection on a connection of its own to the sandbox's database, reading its event log.
    database = await openDatabase({ dataDir: sandbox.dataDir });
    const logger = createLogger({ level: 'silent' });
    eventLog = await openEventLog({ kind: 'sql', database, logger });
    activity = await startApiActivity({ database, eventLog, logger });
  });
  after(async () => {
    await activity?.close();
    await eventLog?.close();
    await database?.close();
    await sandbox?.stop();
  });

  const balanceOf = async (externalId: string) => toMinorUnits((await sandbox.balance({ tenantId: 'buffalo', accountId: externalId } as never)).accountBalance, 'TZS');

  it('the demo TPP with John Smith at Buffalo passes every check, and the test payment moves John\'s money', async () => {
    const [household, savings] = [john.accounts[0]!, john.accounts[1]!];
    const [fromBefore, toBefore] = [await balanceOf(household.externalId), await balanceOf(savings.externalId)];

    const report = await runReadinessChecks(target, { paymentAmount: '12.34' });

    assert.deepEqual(report.checks.map((item) => [item.id, item.outcome, item.outcome === 'fail' ? item.detail : '']), ALL_IDS.map((id) => [id, 'pass', '']));
    assert.equal(report.passed, true);
    assert.equal(report.clientId, target.client.clientId);
    assert.equal(report.bank, 'buffalo');
    for (const item of report.checks) assert.equal(typeof item.httpStatus, 'number', `${item.id} records the HTTP status`);
    assert.equal(check(report, 'consent').httpStatus, 201);
    assert.equal(check(report, 'pis-initiate').httpStatus, 201);
    assert.match(check(report, 'pis-status').detail, /settled \(ACSC\)/);
    assert.match(check(report, 'ais-balances').detail, /TZS/);

    // On-us between John's two accounts: the savings account gets exactly the amount; the household pays it and the fee.
    assert.equal(await balanceOf(savings.externalId) - toBefore, toMinorUnits('12.34', 'TZS'));
    assert.ok(fromBefore - await balanceOf(household.externalId) >= toMinorUnits('12.34', 'TZS'));

    const text = reportAsText(report);
    assert.match(text, /Result: +PASSED \(11 passed, 0 failed, 0 skipped\)/);
    for (const id of ALL_IDS) assert.match(text, new RegExp(`^PASS  ${id} `, 'm'));
    assert.deepEqual(JSON.parse(reportAsJson(report)), report);
  });

  it('the portal\'s API activity lists the demo TPP\'s calls of that run with their statuses, and none for another app', async () => {
    const clientIds = [target.client.clientId];
    const wanted = ['POST /v1/consents 201', 'GET /v1/accounts 200', 'GET /v1/accounts/:accountId/balances 200', 'GET /v1/consents/:consentId/status 200'];
    const calls = await poll(() => activity.store.calls(clientIds, { limit: 100 }),
      (listed) => wanted.every((call) => listed.some((item) => `${item.method} ${item.endpoint} ${item.status}` === call)), 20_000, 'the readiness run\'s calls in the projection');
    // The mtls probe: an unknown consent, refused after the gateway identified the app by its QWAC.
    assert.ok(calls.some((item) => item.endpoint === '/v1/consents/:consentId/status' && item.status === 403 && item.errorCode === 'CONSENT_UNKNOWN'));
    assert.ok(calls.some((item) => item.method === 'POST' && item.status === 201 && item.paymentId), 'the payment initiation, with its payment id');
    assert.ok(calls.every((item) => item.clientId === target.client.clientId));
    const summary = await activity.store.summary(clientIds, Date.now() - 3_600_000);
    assert.ok(summary.total >= calls.length);
    assert.ok(summary.errors >= 1);
    assert.deepEqual(await activity.store.calls(['someone-else'], { limit: 100 }), []);
    const now = Date.now();
    const midnight = Math.floor(now / 86_400_000) * 86_400_000;
    const quota = await activity.store.quota(target.client.clientId, 6000, now);
    assert.ok(quota.today >= calls.filter((item) => item.at >= midnight).length);
    assert.equal(quota.perMinuteLimit, 6000);
  });

  it('a wrong PSU password fails `sca` with the bank page\'s words and skips everything after it', async () => {
    const report = await runReadinessChecks({ ...target, psu: { ...target.psu, password: 'not-the-password' } });
    assert.deepEqual(outcomes(report), {
      discovery: 'pass', registration: 'pass', token: 'pass', mtls: 'pass', consent: 'pass', sca: 'fail',
      'ais-accounts': 'skipped', 'ais-balances': 'skipped', 'pis-initiate': 'skipped', 'pis-authorise': 'skipped', 'pis-status': 'skipped',
    });
    assert.equal(report.passed, false);
    assert.match(check(report, 'sca').detail, /signing in: the PSU pages answered "/);
    assert.match(check(report, 'pis-initiate').detail, /needs "PSU authorises the consent/);
    assert.match(reportAsText(report), /Result: +FAILED \(5 passed, 1 failed, 5 skipped\)/);
  });

  it('a QWAC naming another organisation fails `mtls` with the gateway\'s CERTIFICATE_INVALID', async () => {
    const tls = join(sandbox.dataDir, 'tls');
    const qwac = await issuePsd2Certificate({
      issuer: { certPem: readFileSync(join(tls, SANDBOX_PKI_FILES.caCert), 'utf8'), keyPem: readFileSync(join(tls, SANDBOX_PKI_FILES.caKey), 'utf8') },
      kind: 'qwac', roles: ['PSP_AI', 'PSP_PI'], organizationIdentifier: 'PSDTZ-BOT-NOTTHEDEMO', commonName: 'Someone Else', organization: 'Someone Else Ltd',
      ncaName: 'Bank of Tanzania', ncaId: 'TZ-BOT', validityDays: 30, keyAlgorithm: 'ES256',
    });
    const report = await runReadinessChecks({ ...target, client: { ...target.client, qwac } });
    assert.deepEqual(report.checks.map((item) => item.outcome), ['pass', 'pass', 'pass', 'fail', ...Array(7).fill('skipped')]);
    const mtls = check(report, 'mtls');
    assert.equal(mtls.httpStatus, 401);
    assert.match(mtls.detail, /CERTIFICATE_INVALID: the certificate names another organisation/);
  });

  it('a private key the client is not registered with fails `registration` with the OAuth error', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const stranger = { ...jwk, kid: target.client.privateJwk.kid ?? await calculateJwkThumbprint(jwk), alg: 'ES256' };
    const report = await runReadinessChecks({ ...target, client: { ...target.client, privateJwk: stranger } });
    assert.deepEqual(report.checks.map((item) => item.outcome), ['pass', 'fail', ...Array(9).fill('skipped')]);
    const registration = check(report, 'registration');
    assert.equal(registration.httpStatus, 401);
    assert.match(registration.detail, /invalid_client/);
  });

  it('an app without the PIS role skips the PIS checks and still passes', async () => {
    const report = await runReadinessChecks({ ...target, client: { ...target.client, roles: ['AIS'] } });
    assert.deepEqual(report.checks.filter((item) => item.outcome !== 'pass').map((item) => [item.id, item.outcome, item.detail]), [
      ['pis-initiate', 'skipped', 'the app has no PIS role'],
      ['pis-authorise', 'skipped', 'the app has no PIS role'],
      ['pis-status', 'skipped', 'the app has no PIS role'],
    ]);
    assert.equal(report.passed, true);
  });
});
