// SPDX-License-Identifier: Apache-2.0
// What a TPP meets when the Berlin Group gateway says no: every refusal of NextGenPSD2 v1.3.12 §14.11 the gateway
// makes, as it goes over the wire (status and tppMessages[0].code), checked against the official specification,
// and that a refused call changed nothing. One sandbox for all of them; John Smith authorises the consents that
// need a PSU in chromium.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createRootCa, type CertificateAndKey } from '../../platform/crypto/index.js';
import { openDatabase, type SqlDatabase } from '../../platform/store/index.js';
import { AUDIT_TOPIC, type AuditEvent } from '../../gateway/index.js';
import { assertBerlinGroupConformant } from '../support/berlin-group-conformance.js';
import { registerOtherTpp, sandboxCa, testCertificate } from '../support/berlin-group-other-tpp.js';
import { rawBerlinGroupCall, type RawBerlinGroupCall } from '../support/berlin-group-raw-call.js';
import { startBerlinGroupStage, type BerlinGroupStage, type SandboxPsu } from '../support/berlin-group-stage.js';
import type { BerlinGroupTpp, BgAnswer } from '../support/berlin-group-tpp.js';
import { browserSkip } from '../support/browser.js';
import { demoDpopKeys } from '../support/consent-harness.js';
import { poll } from '../support/poll.js';
import { PHONE_VIEWPORT, signInToDashboard } from '../support/psu-chromium.js';

const JUMA_MSISDN = '27710102999';
const OTHER_ORGANISATION = 'PSDTZ-BOT-OTHER0001';
const PSU_PRESENT = { 'PSU-IP-Address': '192.0.2.10' };
const AT_BUFFALO = { 'Platform-TenantId': 'buffalo', ...PSU_PRESENT };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface Refusal {
  tppMessages?: { category: string; code: string; path?: string; text?: string }[];
}

/** The answer is the refusal `code` with `status`; the body is shown when it is not. */
function assertRefused(answer: BgAnswer<unknown>, status: number, code: string): void {
  const shown = JSON.stringify(answer.body);
  assert.equal(answer.status, status, shown);
  assert.equal((answer.body as Refusal | undefined)?.tppMessages?.[0]?.code, code, shown);
}

/** The tables a test looks into through its own connection to the sandbox's SQLite file. */
interface InspectedTables {
  consents: { id: string; valid_until: number | null };
  bg_payments: { payment_id: string };
  event_records: { topic: string; offset: number; value: string };
}

describe('Berlin Group gateway refusals', { skip: browserSkip }, () => {
  let stage: BerlinGroupStage;
  let tpp: BerlinGroupTpp;
  let other: BerlinGroupTpp;
  let database: SqlDatabase;
  let john: SandboxPsu;
  let household: SandboxPsu['accounts'][number];
  let savings: SandboxPsu['accounts'][number];
  let accountsToken: string;
  let paymentsToken: string;
  /** A consent for John's household account only (accounts, balances, transactions), authorised, and its token. */
  let reading: { consentId: string; token: string };

  const rows = async (table: 'consents' | 'bg_payments') => Number((await database.kysely<InspectedTables>().selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  const consentBody = (overrides: Record<string, unknown> = {}) => ({
    access: { accounts: [{ bban: household.number }], balances: [{ bban: household.number }], transactions: [{ bban: household.number }] },
    recurringIndicator: true, validUntil: inDays(30), frequencyPerDay: 4, combinedServiceIndicator: false, ...overrides,
  });
  const paymentBody = (amount: unknown) => ({
    debtorAccount: { bban: household.number }, instructedAmount: { currency: 'TZS', amount },
    creditorAccount: { msisdn: JUMA_MSISDN }, creditorName: 'Juma Salim', remittanceInformationUnstructured: 'Refused',
  });

  async function createConsent(body: Record<string, unknown>): Promise<string> {
    const created = await tpp.call<{ consentId: string }>('POST', '/v1/consents', { token: accountsToken, headers: AT_BUFFALO, body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.consentId;
  }

  async function authorisedConsent(overrides: Record<string, unknown> = {}): Promise<{ consentId: string; token: string }> {
    const consentId = await createConsent(consentBody(overrides));
    const tokens = await stage.authorise(`AIS:${consentId}`, 'buffalo', john);
    return { consentId, token: tokens.access_token };
  }

  const consentStatus = async (consentId: string) =>
    (await tpp.call<{ consentStatus: string }>('GET', `/v1/consents/${consentId}/status`, { token: accountsToken })).body.consentStatus;

  /** A call put together by hand, from the demo TPP, on the plain listener unless `tls` is given. */
  /** A hand-made request; its answer is checked against the official specification like every other. */
  async function rawCall(path: string, call: Omit<RawBerlinGroupCall, 'url' | 'dpopKeys'>): Promise<BgAnswer<Refusal>> {
    const urls = stage.sandbox.lango.urls as Record<string, string>;
    const answer = await rawBerlinGroupCall<Refusal>({ ...call, url: `${call.tls ? urls.publicTls : urls.public}${path}`, dpopKeys: await demoDpopKeys(tpp.demo) });
    await assertBerlinGroupConformant({ method: call.method, path, ...answer });
    return answer;
  }

  before(async () => {
    stage = await startBerlinGroupStage();
    tpp = stage.tpp;
    john = stage.psu('buffalo', 'john.smith');
    household = john.accounts[0]!;
    savings = john.accounts[1]!;
    database = await openDatabase({ dataDir: stage.sandbox.dataDir });
    [accountsToken, paymentsToken] = [await tpp.clientToken('accounts'), await tpp.clientToken('payments')];
    other = await registerOtherTpp(stage, database, { organizationIdentifier: OTHER_ORGANISATION, roles: ['AIS', 'PIS'], certificateRoles: ['PSP_AI', 'PSP_PI'] });
    reading = await authorisedConsent();
  });
  after(async () => {
    await database?.close();
    await stage?.stop();
  });

  it('FORMAT_ERROR 400: a body that is not JSON, no X-Request-ID, amounts "12,50" and 12.5, frequencyPerDay 0, no Platform-TenantId', async () => {
    const [consentsBefore, paymentsBefore] = [await rows('consents'), await rows('bg_payments')];

    const notJson = '{"access": {"accounts": [';
    const broken = await rawCall('/v1/consents', {
      method: 'POST', token: accountsToken, headers: { 'X-Request-ID': randomUUID(), ...AT_BUFFALO }, body: notJson, seal: { certificate: tpp.demo.qseal },
    });
    assertRefused(broken, 400, 'FORMAT_ERROR');

    // On the TLS listener the QWAC identifies the TPP, so the request reaches the check of its headers unsigned.
    const anonymous = await rawCall('/v1/consents', {
      method: 'POST', token: accountsToken, headers: AT_BUFFALO, body: JSON.stringify(consentBody()), tls: { caPem: stage.caPem, certificate: tpp.demo.qwac },
    });
    // The answer still carries an X-Request-ID (the spec requires one): the id Lango gave the request.
    assertRefused(anonymous, 400, 'FORMAT_ERROR');
    assert.equal(anonymous.body.tppMessages![0]!.path, 'X-Request-ID');
    assert.match(anonymous.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);

    for (const amount of ['12,50', 12.5]) {
      const payment = await tpp.call('POST', '/v1/payments/mojaloop-credit-transfers', { token: paymentsToken, headers: AT_BUFFALO, body: paymentBody(amount) });
      assertRefused(payment, 400, 'FORMAT_ERROR');
      assert.match(String((payment.body as Refusal).tppMessages![0]!.path), /instructedAmount/, `amount ${JSON.stringify(amount)}`);
    }

    const never = await tpp.call('POST', '/v1/consents', { token: accountsToken, headers: AT_BUFFALO, body: consentBody({ frequencyPerDay: 0 }) });
    assertRefused(never, 400, 'FORMAT_ERROR');

    const nowhere = await tpp.call('POST', '/v1/consents', { token: accountsToken, headers: PSU_PRESENT, body: consentBody() });
    assertRefused(nowhere, 400, 'FORMAT_ERROR');
    assert.equal((nowhere.body as Refusal).tppMessages![0]!.path, 'Platform-TenantId');

    assert.deepEqual([await rows('consents'), await rows('bg_payments')], [consentsBefore, paymentsBefore], 'no consent and no payment was recorded');
  });

  it('PERIOD_INVALID 400: a consent valid until yesterday; transactions from a day after the day to', async () => {
    const consentsBefore = await rows('consents');
    const past = await tpp.call('POST', '/v1/consents', { token: accountsToken, headers: AT_BUFFALO, body: consentBody({ validUntil: inDays(-1) }) });
    assertRefused(past, 400, 'PERIOD_INVALID');
    assert.equal(await rows('consents'), consentsBefore);

    const backwards = await tpp.call('GET', `/v1/accounts/${household.id}/transactions?bookingStatus=booked&dateFrom=${inDays(-1)}&dateTo=${inDays(-10)}`, {
      token: reading.token, headers: { 'Consent-ID': reading.consentId, ...PSU_PRESENT },
    });
    assertRefused(backwards, 400, 'PERIOD_INVALID');
  });

  it('PRODUCT_UNKNOWN 404: a SEPA credit transfer, which Lango does not offer', async () => {
    const paymentsBefore = await rows('bg_payments');
    const sepa = await tpp.call('POST', '/v1/payments/sepa-credit-transfers', {
      token: paymentsToken, headers: AT_BUFFALO,
      body: { debtorAccount: { bban: household.number }, instructedAmount: { currency: 'TZS', amount: '100.00' }, creditorAccount: { iban: 'DE89370400440532013000' }, creditorName: 'Max Mustermann' },
    });
    assertRefused(sepa, 404, 'PRODUCT_UNKNOWN');
    assert.equal(await rows('bg_payments'), paymentsBefore);
  });

  it('RESOURCE_UNKNOWN 403: the status of a payment that does not exist, and of another TPP\'s payment', async () => {
    const unknown = await tpp.call('GET', `/v1/payments/mojaloop-credit-transfers/${randomUUID()}/status`, { token: paymentsToken });
    assertRefused(unknown, 403, 'RESOURCE_UNKNOWN');

    const created = await tpp.call<{ paymentId: string }>('POST', '/v1/payments/mojaloop-credit-transfers', { token: paymentsToken, headers: AT_BUFFALO, body: paymentBody('10.00') });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const theirs = await other.call('GET', `/v1/payments/mojaloop-credit-transfers/${created.body.paymentId}/status`, { token: await other.clientToken('payments') });
    assertRefused(theirs, 403, 'RESOURCE_UNKNOWN');
  });

  it('CONSENT_UNKNOWN 403 in the path, 400 in Consent-ID: a consent that does not exist, and the demo TPP\'s consent read by another TPP', async () => {
    const nothing = randomUUID();
    assertRefused(await tpp.call('GET', `/v1/consents/${nothing}/status`, { token: accountsToken }), 403, 'CONSENT_UNKNOWN');
    const namedNothing = await tpp.clientToken(`AIS:${nothing}`);
    assertRefused(await tpp.call('GET', '/v1/accounts', { token: namedNothing, headers: { 'Consent-ID': nothing, ...PSU_PRESENT } }), 400, 'CONSENT_UNKNOWN');

    const otherAccounts = await other.clientToken('accounts');
    assertRefused(await other.call('GET', `/v1/consents/${reading.consentId}/status`, { token: otherAccounts }), 403, 'CONSENT_UNKNOWN');
    assertRefused(await other.call('GET', `/v1/consents/${reading.consentId}`, { token: otherAccounts }), 403, 'CONSENT_UNKNOWN');
    const otherNamingOurs = await other.clientToken(`AIS:${reading.consentId}`);
    assertRefused(await other.call('GET', '/v1/accounts', { token: otherNamingOurs, headers: { 'Consent-ID': reading.consentId, ...PSU_PRESENT } }), 400, 'CONSENT_UNKNOWN');
    assert.equal(await consentStatus(reading.consentId), 'valid', 'the consent is untouched');
  });

  it('CONSENT_INVALID 401: an account outside the consent; a consent the PSU rejected cannot be authorised again (409 STATUS_INVALID)', async () => {
    const read = { token: reading.token, headers: { 'Consent-ID': reading.consentId, ...PSU_PRESENT } };
    assertRefused(await tpp.call('GET', `/v1/accounts/${savings.id}`, read), 401, 'CONSENT_INVALID');
    assertRefused(await tpp.call('GET', `/v1/accounts/${savings.id}/balances`, read), 401, 'CONSENT_INVALID');
    assertRefused(await tpp.call('GET', `/v1/accounts/${savings.id}/transactions?bookingStatus=booked`, read), 401, 'CONSENT_INVALID');

    const consentId = await createConsent(consentBody());
    const started = await tpp.call<{ scaStatus: string; authorisationId: string }>('POST', `/v1/consents/${consentId}/authorisations`, { token: accountsToken, headers: PSU_PRESENT });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.scaStatus, 'received');
    // No token is issued for a rejected consent: the authorisation response carries access_denied.
    await assert.rejects(stage.authorise(`AIS:${consentId}`, 'buffalo', john, { decision: 'deny' }), (error: { error?: string }) => error.error === 'access_denied');
    assert.equal(await consentStatus(consentId), 'rejected');
    const authorisation = await tpp.call<{ scaStatus: string }>('GET', `/v1/consents/${consentId}/authorisations/${started.body.authorisationId}`, { token: accountsToken });
    assert.equal(authorisation.status, 200);
    assert.equal(authorisation.body.scaStatus, 'failed');
    assertRefused(await tpp.call('POST', `/v1/consents/${consentId}/authorisations`, { token: accountsToken, headers: PSU_PRESENT }), 409, 'STATUS_INVALID');
    // The TPP's own token reads a consent approved on the bank's pages; this one was refused.
    assertRefused(await tpp.call('GET', '/v1/accounts', { token: accountsToken, headers: { 'Consent-ID': consentId, ...PSU_PRESENT } }), 401, 'CONSENT_INVALID');
    // A PSU's token of another consent is not one issued under this one.
    assertRefused(await tpp.call('GET', '/v1/accounts', { token: reading.token, headers: { 'Consent-ID': consentId, ...PSU_PRESENT } }), 401, 'TOKEN_INVALID');
  });

  it('CONSENT_EXPIRED 401: an authorised consent past its validUntil; its status says expired', async () => {
    const expiring = await authorisedConsent();
    const read = { token: expiring.token, headers: { 'Consent-ID': expiring.consentId, ...PSU_PRESENT } };
    assert.equal((await tpp.call('GET', '/v1/accounts', read)).status, 200);
    await database.kysely<InspectedTables>().updateTable('consents').set({ valid_until: Date.now() - 60_000 }).where('id', '=', expiring.consentId).execute();
    // The gateway keeps a consent it read for up to a second (consent-read-cache.ts): a validUntil that passes is
    // seen at once, one moved behind the gateway's back, as here, within that second.
    const late = await poll(() => tpp.call('GET', '/v1/accounts', read), (answer) => answer.status !== 200, 5_000, 'a refused read after validUntil');
    assertRefused(late, 401, 'CONSENT_EXPIRED');
    assert.equal(await consentStatus(expiring.consentId), 'expired');
  });

  it('a consent the TPP deleted: 204, its token is refused with TOKEN_INVALID 401, its status is terminatedByTpp', async () => {
    const ending = await authorisedConsent();
    const read = { token: ending.token, headers: { 'Consent-ID': ending.consentId, ...PSU_PRESENT } };
    assert.equal((await tpp.call('GET', '/v1/accounts', read)).status, 200);
    const deleted = await tpp.call('DELETE', `/v1/consents/${ending.consentId}`, { token: accountsToken });
    assert.equal(deleted.status, 204);
    assertRefused(await tpp.call('GET', '/v1/accounts', read), 401, 'TOKEN_INVALID');
    assert.equal(await consentStatus(ending.consentId), 'terminatedByTpp');
  });

  it('a consent John withdraws on his dashboard: its token is refused with TOKEN_INVALID 401, its status is revokedByPsu', async () => {
    const withdrawn = await authorisedConsent();
    const read = { token: withdrawn.token, headers: { 'Consent-ID': withdrawn.consentId, ...PSU_PRESENT } };
    assert.equal((await tpp.call('GET', '/v1/accounts', read)).status, 200);
    const context = await stage.browser.newContext({ viewport: PHONE_VIEWPORT, locale: 'en-GB' });
    try {
      const page = await context.newPage();
      await page.goto(`${stage.sandbox.lango.urls.public}/psu/consents`);
      await signInToDashboard(page, 'buffalo', john, stage.otp);
      await page.click(`#withdraw-${withdrawn.consentId}`);
      await page.waitForSelector('.notice');
    } finally {
      await context.close();
    }
    assertRefused(await tpp.call('GET', '/v1/accounts', read), 401, 'TOKEN_INVALID');
    assert.equal(await consentStatus(withdrawn.consentId), 'revokedByPsu');
  });

  it('ACCESS_EXCEEDED 429: the third read of the day without the PSU, on a consent of frequencyPerDay 2; with the PSU present it still reads', async () => {
    const twice = await authorisedConsent({ frequencyPerDay: 2 });
    const unattended = { token: twice.token, headers: { 'Consent-ID': twice.consentId } };
    assert.equal((await tpp.call('GET', '/v1/accounts', unattended)).status, 200);
    assert.equal((await tpp.call('GET', `/v1/accounts/${household.id}/balances`, unattended)).status, 200);
    assertRefused(await tpp.call('GET', '/v1/accounts', unattended), 429, 'ACCESS_EXCEEDED');
    const attended = await tpp.call('GET', '/v1/accounts', { token: twice.token, headers: { 'Consent-ID': twice.consentId, ...PSU_PRESENT } });
    assert.equal(attended.status, 200);
  });

  it('X-Request-ID: the same consent request again gets the first consent; the same id with another body is FORMAT_ERROR 400', async () => {
    const consentsBefore = await rows('consents');
    const requestId = randomUUID();
    const send = (body: Record<string, unknown>) => tpp.call<{ consentId: string }>('POST', '/v1/consents', { token: accountsToken, headers: { 'X-Request-ID': requestId, ...AT_BUFFALO }, body });
    const first = await send(consentBody());
    const again = await send(consentBody());
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.body.consentId, first.body.consentId);
    assert.equal(await rows('consents'), consentsBefore + 1, 'one consent');
    const changed = await send(consentBody({ frequencyPerDay: 3 }));
    assertRefused(changed, 400, 'FORMAT_ERROR');
    assert.equal(await rows('consents'), consentsBefore + 1);
  });

  it('SIGNATURE_INVALID 401: a body changed after signing, a signature by another key than the QSealC\'s; SIGNATURE_MISSING unsigned', async () => {
    const consentsBefore = await rows('consents');
    const signed = JSON.stringify(consentBody());
    const tampered = await rawCall('/v1/consents', {
      method: 'POST', token: accountsToken, headers: { 'X-Request-ID': randomUUID(), ...AT_BUFFALO },
      body: signed.replace('"frequencyPerDay":4', '"frequencyPerDay":9'), seal: { certificate: tpp.demo.qseal, signedBody: signed },
    });
    assertRefused(tampered, 401, 'SIGNATURE_INVALID');

    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const forged = await tpp.call('POST', '/v1/consents', { token: accountsToken, headers: AT_BUFFALO, body: consentBody(), certificate: { certPem: tpp.demo.qseal.certPem, keyPem: stranger } });
    assertRefused(forged, 401, 'SIGNATURE_INVALID');

    assertRefused(await tpp.call('POST', '/v1/consents', { token: accountsToken, headers: AT_BUFFALO, body: consentBody(), unsigned: true }), 401, 'SIGNATURE_MISSING');
    assert.equal(await rows('consents'), consentsBefore, 'no consent was recorded');
  });

  it('CERTIFICATE_INVALID 401: a QSealC and a QWAC of a CA Lango does not trust; a certificate of another organisation than the token\'s client', async () => {
    const untrustedCa = await createRootCa({ commonName: 'Untrusted QTSP', organization: 'Nobody Ltd', validityDays: 30 });
    const ofDemo = (issuer: CertificateAndKey, kind: 'qwac' | 'qseal') =>
      testCertificate({ issuer, organizationIdentifier: tpp.demo.organizationIdentifier, roles: ['PSP_AI', 'PSP_PI', 'PSP_IC'], kind });
    const path = `/v1/consents/${reading.consentId}/status`;
    assertRefused(await tpp.call('GET', path, { token: accountsToken, certificate: await ofDemo(untrustedCa, 'qseal') }), 401, 'CERTIFICATE_INVALID');
    // Client certificates are optional in the TLS handshake: the gateway itself refuses the untrusted one.
    assertRefused(await tpp.call('GET', path, { token: accountsToken, via: 'tls', certificate: await ofDemo(untrustedCa, 'qwac') }), 401, 'CERTIFICATE_INVALID');
    assertRefused(await tpp.call('GET', path, { token: accountsToken, certificate: other.demo.qseal }), 401, 'CERTIFICATE_INVALID');
    assertRefused(await tpp.call('GET', path, { token: accountsToken, via: 'tls', certificate: other.demo.qwac }), 401, 'CERTIFICATE_INVALID');
  });

  it('ROLE_INVALID 401: a payment sealed with a QSealC that carries only PSP_AI', async () => {
    const paymentsBefore = await rows('bg_payments');
    const aisOnly = await testCertificate({ issuer: sandboxCa(stage.sandbox.dataDir), organizationIdentifier: tpp.demo.organizationIdentifier, roles: ['PSP_AI'], kind: 'qseal' });
    const payment = await tpp.call('POST', '/v1/payments/mojaloop-credit-transfers', { token: paymentsToken, headers: AT_BUFFALO, body: paymentBody('10.00'), certificate: aisOnly });
    assertRefused(payment, 401, 'ROLE_INVALID');
    assert.equal(await rows('bg_payments'), paymentsBefore);
  });

  it('TLS listener: the QWAC with a DPoP token reads a consent\'s status; without a client certificate CERTIFICATE_MISSING 401', async () => {
    const path = `/v1/consents/${reading.consentId}/status`;
    const status = await tpp.call<{ consentStatus: string }>('GET', path, { token: accountsToken, via: 'tls' });
    assert.equal(status.status, 200);
    assert.equal(status.body.consentStatus, 'valid');
    const bare = await rawCall(path, { method: 'GET', token: accountsToken, headers: { 'X-Request-ID': randomUUID() }, tls: { caPem: stage.caPem } });
    assertRefused(bare, 401, 'CERTIFICATE_MISSING');
  });

  it('audit: the refused calls are in gateway.audit with client, endpoint, status and error code', async () => {
    const requestId = randomUUID();
    const path = `/v1/consents/${randomUUID()}/status`;
    assertRefused(await tpp.call('GET', path, { token: accountsToken, headers: { 'X-Request-ID': requestId } }), 403, 'CONSENT_UNKNOWN');
    const audit = await poll(async () => {
      const records = await database.kysely<InspectedTables>().selectFrom('event_records').select('value').where('topic', '=', AUDIT_TOPIC).execute();
      return records.map((record) => JSON.parse(record.value) as Partial<AuditEvent>);
    }, (events) => events.some((event) => event.requestId === requestId), 10_000, 'the audit record of the last call');

    assert.deepEqual(
      (({ clientId, organisationId, method, endpoint, status, errorCode }) => ({ clientId, organisationId, method, endpoint, status, errorCode }))(audit.find((event) => event.requestId === requestId)!),
      { clientId: tpp.demo.clientId, organisationId: tpp.demo.organizationIdentifier, method: 'GET', endpoint: '/v1/consents/:consentId/status', status: 403, errorCode: 'CONSENT_UNKNOWN' },
    );
    const refused = (errorCode: string) => audit.filter((event) => event.errorCode === errorCode);
    assert.ok(refused('RESOURCE_UNKNOWN').some((event) => event.clientId === other.demo.clientId && event.status === 403 && event.endpoint === '/v1/:service/:product/:paymentId/status'),
      'the other TPP\'s refused read of the demo TPP\'s payment');
    assert.ok(refused('ACCESS_EXCEEDED').some((event) => event.clientId === tpp.demo.clientId && event.status === 429 && event.endpoint === '/v1/accounts' && event.consentId),
      'the read over frequencyPerDay, with its consent');
    assert.ok(refused('ROLE_INVALID').some((event) => event.status === 401 && event.endpoint === '/v1/:service/:product'), 'the payment without PSP_PI');
    // Refused before the TPP was identified: no client to name.
    assert.ok(refused('SIGNATURE_MISSING').some((event) => event.clientId === undefined && event.status === 401 && event.endpoint === '/v1/consents'), 'the unsigned request');
    for (const code of ['FORMAT_ERROR', 'PERIOD_INVALID', 'PRODUCT_UNKNOWN', 'CONSENT_UNKNOWN', 'CONSENT_INVALID', 'CONSENT_EXPIRED', 'TOKEN_INVALID', 'STATUS_INVALID', 'SIGNATURE_INVALID', 'CERTIFICATE_INVALID', 'CERTIFICATE_MISSING']) {
      assert.ok(refused(code).length > 0, `an audit record with errorCode ${code}`);
    }
  });
});
