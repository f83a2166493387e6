// SPDX-License-Identifier: Apache-2.0
import { sql, type Kysely } from 'kysely';
import type { Migration } from '../../../../../platform/store/index.js';

/** The `portal_applications` context's tables; names sort in the order they run and never change once released. Times are epoch ms. */
export const PORTAL_APPLICATION_MIGRATIONS: Record<string, Migration> = {
  '0001_portal_applications': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('portal_applications')
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        .addColumn('organisation_id', 'varchar(36)', (column) => column.notNull())
        .addColumn('name', 'varchar(400)', (column) => column.notNull())
        .addColumn('roles', 'text', (column) => column.notNull())
        .addColumn('redirect_uris', 'text', (column) => column.notNull())
        .addColumn('client_id', 'varchar(200)', (column) => column.notNull().unique())
        .addColumn('key_source', 'varchar(16)', (column) => column.notNull())
        .addColumn('jwks', 'text', (column) => column.notNull())
        .addColumn('software_statement', 'text', (column) => column.notNull())
        // Sandbox credentials the portal generated: kept so the owner can download its starter kit again.
        .addColumn('private_jwk', 'text')
        .addColumn('dpop_private_jwk', 'text')
        .addColumn('registration_access_token', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('created_by', 'varchar(36)', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('portal_applications_by_organisation').on('portal_applications').columns(['organisation_id', 'created_at']).execute();
      await db.schema
        .createTable('portal_certificates')
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        .addColumn('application_id', 'varchar(36)', (column) => column.notNull().references('portal_applications.id').onDelete('cascade'))
        .addColumn('kind', 'varchar(8)', (column) => column.notNull())
        .addColumn('certificate_pem', 'text', (column) => column.notNull())
        .addColumn('private_key_pem', 'text')
        .addColumn('serial_number', 'varchar(64)', (column) => column.notNull())
        .addColumn('roles', 'text', (column) => column.notNull())
        .addColumn('not_after', 'bigint', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('portal_certificates_by_application').on('portal_certificates').columns(['application_id', 'created_at']).execute();
      await db.schema
        .createTable('portal_production_requests')
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        .addColumn('application_id', 'varchar(36)', (column) => column.notNull().references('portal_applications.id').onDelete('cascade'))
        .addColumn('application_name', 'varchar(400)', (column) => column.notNull())
        .addColumn('organisation_id', 'varchar(36)', (column) => column.notNull())
        .addColumn('organisation_name', 'varchar(800)', (column) => column.notNull())
        .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('status', 'varchar(16)', (column) => column.notNull())
        .addColumn('note', 'text', (column) => column.notNull())
        .addColumn('requested_at', 'bigint', (column) => column.notNull())
        .addColumn('requested_by', 'varchar(36)', (column) => column.notNull())
        .addColumn('decided_at', 'bigint')
        .addColumn('decided_by', 'varchar(200)')
        .addColumn('decision_reason', 'text')
        .addCheckConstraint('portal_production_requests_status', sql`status in ('PENDING', 'APPROVED', 'REJECTED')`)
        .execute();
      // One open request per application and bank, decided by the database (two clicks make one request).
      await sql`create unique index portal_production_requests_pending on portal_production_requests (application_id, tenant_id) where status = 'PENDING'`.execute(db);
      await db.schema.createIndex('portal_production_requests_by_tenant').on('portal_production_requests').columns(['tenant_id', 'requested_at']).execute();
    },
  },
};
