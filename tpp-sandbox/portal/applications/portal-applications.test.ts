// SPDX-License-Identifier: Apache-2.0
// The applications service on both databases, with a recording registrar and the real sandbox CA profile: what a
// team sees of its applications, and how production requests are asked and decided (one open request per bank,
// decided by that bank only, once).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRootCa, type CertificateAndKey } from '../../../platform/crypto/index.js';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { testDatabaseTargets } from '../../../test/support/databases.js';
import { PortalApplications, openSqlApplicationStore, organisationIdentifierOf, type ClientRegistrar, type StatementSigner, type Team } from './index.js';

const TEAM_A: Team = { id: '11111111-1111-4111-8111-111111111111', name: 'Alpha' };
const TEAM_B: Team = { id: '22222222-2222-4222-8222-222222222222', name: 'Beta' };
const BANKS = ['buffalo', 'lion'];

for (const target of testDatabaseTargets) {
  describe(`portal applications on ${target.name}`, { skip: target.skip ?? false }, () => {
    let database: SqlDatabase;
    let service: PortalApplications;
    let ca: CertificateAndKey;
    const statements: Parameters<StatementSigner['issueSoftwareStatement']>[0][] = [];
    let registered = 0;

    before(async () => {
      ({ database } = await target.open());
      ca = await createRootCa({ commonName: 'Test sandbox CA', validityDays: 3650 });
      const registrar: ClientRegistrar = { register: async () => ({ clientId: `client-${++registered}`, registrationAccessToken: 'rat' }) };
      const directory: StatementSigner = { issueSoftwareStatement: async (request) => { statements.push(request); return `statement-${statements.length}`; } };
      service = new PortalApplications({ store: await openSqlApplicationStore(database), directory, registrar, ca: () => ca });
    });
    after(() => database?.close());

    it("registers with the team's organisation identifier and the chosen roles, and shows it to that team only", async () => {
      const app = await service.create(TEAM_A, 'dev-a', { name: 'Budget', roles: ['PIS', 'AIS', 'AIS'], redirectUris: 'https://a.example/cb' });
      assert.deepEqual(app.roles, ['AIS', 'PIS']);
      assert.equal(statements.at(-1)!.orgId, organisationIdentifierOf(TEAM_A.id));
      assert.deepEqual(statements.at(-1)!.jwks.keys.map((key) => key.d), [undefined], 'the statement carries the public key only');
      assert.deepEqual((await service.list(TEAM_A.id)).map((listed) => listed.id), [app.id]);
      assert.deepEqual(await service.list(TEAM_B.id), []);
      await assert.rejects(service.get(TEAM_B.id, app.id), { reason: 'APPLICATION_UNKNOWN' });
      await assert.rejects(service.issueCertificate(TEAM_B, app.id, { kind: 'qwac' }), { reason: 'APPLICATION_UNKNOWN' });
      const certificate = await service.issueCertificate(TEAM_A, app.id, { kind: 'qwac' });
      assert.deepEqual(certificate.roles, ['PSP_PI', 'PSP_AI']);
      assert.ok(certificate.privateKeyPem, 'a generated key is kept for the starter kit');
      const credentials = await service.credentials(TEAM_A.id, app.id, 'The starter kit');
      assert.equal(credentials.certificates.qwac.certPem, certificate.certificatePem);
    });

    it('keeps one open production request per bank, decided by that bank once', async () => {
      const app = await service.create(TEAM_A, 'dev-a', { name: 'Payments', roles: ['PIS'], redirectUris: ['https://p.example/cb'] });
      const buffalo = await service.requestProduction(TEAM_A, app.id, 'dev-a', { tenantId: 'buffalo', note: 'live soon' }, BANKS);
      await assert.rejects(service.requestProduction(TEAM_A, app.id, 'dev-a', { tenantId: 'buffalo' }, BANKS), { reason: 'PRODUCTION_REQUEST_PENDING' });
      await service.requestProduction(TEAM_A, app.id, 'dev-a', { tenantId: 'lion' }, BANKS);
      await assert.rejects(service.requestProduction(TEAM_A, app.id, 'dev-a', { tenantId: 'narnia' }, BANKS), { reason: 'FIELD_INVALID' });
      await assert.rejects(service.requestProduction(TEAM_B, app.id, 'dev-b', { tenantId: 'buffalo' }, BANKS), { reason: 'APPLICATION_UNKNOWN' });

      assert.deepEqual((await service.reviewQueue(['buffalo'])).map((request) => request.tenantId), ['buffalo']);
      assert.deepEqual(await service.reviewQueue([]), []);
      await assert.rejects(service.decideProduction(buffalo.id, ['lion'], { approve: true, by: 'operator:lion', reason: 'looks fine' }), { reason: 'PRODUCTION_REQUEST_UNKNOWN' });
      await assert.rejects(service.decideProduction(buffalo.id, ['buffalo'], { approve: true, by: 'operator:b', reason: 'ok' }), { reason: 'FIELD_INVALID' });
      const approved = await service.decideProduction(buffalo.id, ['buffalo'], { approve: true, by: 'operator:b', reason: 'checked the app' });
      assert.equal(approved.status, 'APPROVED');
      await assert.rejects(service.decideProduction(buffalo.id, ['buffalo'], { approve: false, by: 'operator:c', reason: 'changed my mind' }), { reason: 'PRODUCTION_REQUEST_UNKNOWN' });
      // Once decided, the team may ask that bank again (say, after a rejection).
      await service.requestProduction(TEAM_A, app.id, 'dev-a', { tenantId: 'buffalo' }, BANKS);
      const statuses = (await service.productionRequests(TEAM_A.id, app.id)).map((request) => `${request.tenantId}:${request.status}`).sort();
      assert.deepEqual(statuses, ['buffalo:APPROVED', 'buffalo:PENDING', 'lion:PENDING']);
    });
  });
}
