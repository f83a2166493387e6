// SPDX-License-Identifier: Apache-2.0
import type { Kysely } from 'kysely';
import type { Migration } from '../../../../platform/store/index.js';

/** The `consent` context's consent tables; names sort in the order they run and are never changed once released. */
export const CONSENT_MIGRATIONS: Record<string, Migration> = {
  '0001_consents': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('consents')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('scheme', 'varchar(16)', (column) => column.notNull())
        .addColumn('client_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('psu_id', 'varchar(255)')
        .addColumn('status', 'varchar(16)', (column) => column.notNull())
        .addColumn('permissions', 'text', (column) => column.notNull())
        .addColumn('recurring', 'integer', (column) => column.notNull())
        .addColumn('valid_until', 'bigint')
        .addColumn('frequency_per_day', 'integer')
        .addColumn('grant_id', 'varchar(255)')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addColumn('status_changed_at', 'bigint', (column) => column.notNull())
        .addColumn('status_changed_by', 'varchar(16)')
        .execute();
      await db.schema.createIndex('consents_grant').on('consents').column('grant_id').execute();
      await db.schema.createIndex('consents_psu').on('consents').columns(['psu_id', 'created_at']).execute();
      await db.schema
        .createTable('consent_access_counts')
        .addColumn('consent_id', 'varchar(64)', (column) => column.notNull().references('consents.id').onDelete('cascade'))
        .addColumn('day', 'varchar(10)', (column) => column.notNull())
        .addColumn('count', 'integer', (column) => column.notNull())
        .addPrimaryKeyConstraint('consent_access_counts_pk', ['consent_id', 'day'])
        .execute();
    },
  },
  // The developer portal lists a team's consents by its clients.
  '0002_consents_by_client': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('consents_client').on('consents').columns(['client_id', 'created_at']).execute();
    },
  },
};
