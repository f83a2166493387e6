// SPDX-License-Identifier: Apache-2.0
// The portal applications' store on the shared database (SQLite or PostgreSQL). Reads are scoped by organisation
// in the statement itself, so another team's id finds nothing.
import { sql, type Kysely } from 'kysely';
import type { SqlDatabase } from '../../../../../platform/store/index.js';
import type { Application, ApplicationStore, ProductionRequest, StoredCertificate } from '../../model.js';
import { PORTAL_APPLICATION_MIGRATIONS } from './migrations.js';

type Int8 = number | string;

interface Tables {
  portal_applications: {
    id: string; organisation_id: string; name: string; roles: string; redirect_uris: string; client_id: string; key_source: string; jwks: string;
    software_statement: string; private_jwk: string | null; dpop_private_jwk: string | null; registration_access_token: string; created_at: Int8; created_by: string;
  };
  portal_certificates: {
    id: string; application_id: string; kind: string; certificate_pem: string; private_key_pem: string | null; serial_number: string; roles: string; not_after: Int8; created_at: Int8;
  };
  portal_production_requests: {
    id: string; application_id: string; application_name: string; organisation_id: string; organisation_name: string; tenant_id: string; status: string; note: string;
    requested_at: Int8; requested_by: string; decided_at: Int8 | null; decided_by: string | null; decision_reason: string | null;
  };
}

type ApplicationRow = Tables['portal_applications'];
type RequestRow = Tables['portal_production_requests'];
const APPLICATION_COLUMNS = ['id', 'organisation_id', 'name', 'roles', 'redirect_uris', 'client_id', 'key_source', 'jwks', 'software_statement', 'created_at', 'created_by'] as const;

const toApplication = (row: Pick<ApplicationRow, (typeof APPLICATION_COLUMNS)[number]>): Application => ({
  id: row.id, organisationId: row.organisation_id, name: row.name, roles: JSON.parse(row.roles), redirectUris: JSON.parse(row.redirect_uris), clientId: row.client_id,
  keySource: row.key_source as Application['keySource'], jwks: JSON.parse(row.jwks), softwareStatement: row.software_statement, createdAt: Number(row.created_at), createdBy: row.created_by,
});

const toCertificate = (row: Tables['portal_certificates']): StoredCertificate => ({
  id: row.id, applicationId: row.application_id, kind: row.kind as StoredCertificate['kind'], certificatePem: row.certificate_pem, privateKeyPem: row.private_key_pem ?? undefined,
  serialNumberHex: row.serial_number, roles: JSON.parse(row.roles), notAfter: Number(row.not_after), createdAt: Number(row.created_at),
});

const toRequest = (row: RequestRow): ProductionRequest => ({
  id: row.id, applicationId: row.application_id, applicationName: row.application_name, organisationId: row.organisation_id, organisationName: row.organisation_name,
  tenantId: row.tenant_id, status: row.status as ProductionRequest['status'], note: row.note, requestedAt: Number(row.requested_at), requestedBy: row.requested_by,
  decidedAt: row.decided_at === null ? undefined : Number(row.decided_at), decidedBy: row.decided_by ?? undefined, decisionReason: row.decision_reason ?? undefined,
});

/** Opens the store, bringing its tables up to date (migration context `portal_applications`). */
export async function openSqlApplicationStore(database: SqlDatabase): Promise<ApplicationStore> {
  await database.migrate('portal_applications', PORTAL_APPLICATION_MIGRATIONS);
  const db: Kysely<Tables> = database.kysely<Tables>();
  return {
    async create(application, secrets) {
      await db.insertInto('portal_applications').values({
        id: application.id, organisation_id: application.organisationId, name: application.name, roles: JSON.stringify(application.roles),
        redirect_uris: JSON.stringify(application.redirectUris), client_id: application.clientId, key_source: application.keySource, jwks: JSON.stringify(application.jwks),
        software_statement: application.softwareStatement, private_jwk: secrets.privateJwk ? JSON.stringify(secrets.privateJwk) : null,
        dpop_private_jwk: secrets.dpopPrivateJwk ? JSON.stringify(secrets.dpopPrivateJwk) : null, registration_access_token: secrets.registrationAccessToken,
        created_at: application.createdAt, created_by: application.createdBy,
      }).execute();
    },
    async list(organisationId) {
      const rows = await db.selectFrom('portal_applications').select(APPLICATION_COLUMNS).where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').execute();
      return rows.map(toApplication);
    },
    async get(organisationId, applicationId) {
      const row = await db.selectFrom('portal_applications').select(APPLICATION_COLUMNS).where('organisation_id', '=', organisationId).where('id', '=', applicationId).executeTakeFirst();
      return row && toApplication(row);
    },
    async secrets(organisationId, applicationId) {
      const row = await db.selectFrom('portal_applications').select(['private_jwk', 'dpop_private_jwk', 'registration_access_token'])
        .where('organisation_id', '=', organisationId).where('id', '=', applicationId).executeTakeFirst();
      return row && {
        privateJwk: row.private_jwk ? JSON.parse(row.private_jwk) : undefined,
        dpopPrivateJwk: row.dpop_private_jwk ? JSON.parse(row.dpop_private_jwk) : undefined,
        registrationAccessToken: row.registration_access_token,
      };
    },
    async addCertificate(certificate) {
      await db.insertInto('portal_certificates').values({
        id: certificate.id, application_id: certificate.applicationId, kind: certificate.kind, certificate_pem: certificate.certificatePem,
        private_key_pem: certificate.privateKeyPem ?? null, serial_number: certificate.serialNumberHex, roles: JSON.stringify(certificate.roles),
        not_after: certificate.notAfter, created_at: certificate.createdAt,
      }).execute();
    },
    async certificates(applicationId) {
      const rows = await db.selectFrom('portal_certificates').selectAll().where('application_id', '=', applicationId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toCertificate);
    },
    async requestProduction(request) {
      const inserted = await db.insertInto('portal_production_requests').values({
        id: request.id, application_id: request.applicationId, application_name: request.applicationName, organisation_id: request.organisationId,
        organisation_name: request.organisationName, tenant_id: request.tenantId, status: request.status, note: request.note, requested_at: request.requestedAt,
        requested_by: request.requestedBy, decided_at: null, decided_by: null, decision_reason: null,
      // The literal matches the partial index's predicate; SQLite does not match a bound parameter against it.
      }).onConflict((conflict) => conflict.columns(['application_id', 'tenant_id']).where('status', '=', sql.lit('PENDING')).doNothing()).executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async productionRequests(filter) {
      let query = db.selectFrom('portal_production_requests').selectAll();
      query = 'applicationId' in filter ? query.where('application_id', '=', filter.applicationId) : query.where('tenant_id', 'in', [...filter.tenantIds]);
      return (await query.orderBy('requested_at', 'desc').orderBy('id').execute()).map(toRequest);
    },
    async decideProduction(id, tenantIds, decision) {
      if (tenantIds.length === 0) return undefined;
      const row = await db.updateTable('portal_production_requests')
        .set({ status: decision.status, decided_at: decision.at, decided_by: decision.by, decision_reason: decision.reason })
        .where('id', '=', id).where('status', '=', 'PENDING').where('tenant_id', 'in', [...tenantIds])
        .returningAll().executeTakeFirst();
      return row && toRequest(row);
    },
    async clientIds(organisationId) {
      const rows = await db.selectFrom('portal_applications').select('client_id').where('organisation_id', '=', organisationId).execute();
      return rows.map((row) => row.client_id);
    },
  };
}
