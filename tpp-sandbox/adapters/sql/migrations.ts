// SPDX-License-Identifier: Apache-2.0
import type { Kysely, Migration } from 'kysely';

export const SANDBOX_MIGRATIONS: Record<string, Migration> = {
  '0001_sandbox_directory': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('sandbox_seed')
        .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('seeded_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createTable('sandbox_banks')
        .addColumn('tenant_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('fsp_id', 'varchar(32)', (column) => column.notNull().unique())
        .addColumn('name', 'varchar(128)', (column) => column.notNull())
        .addColumn('currency', 'char(3)', (column) => column.notNull())
        .execute();
      await db.schema.createTable('sandbox_psus')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull().references('sandbox_banks.tenant_id'))
        .addColumn('username', 'varchar(128)', (column) => column.notNull())
        .addColumn('password_hash', 'varchar(256)', (column) => column.notNull())
        .addColumn('full_name', 'varchar(256)', (column) => column.notNull())
        .addUniqueConstraint('sandbox_psus_login', ['tenant_id', 'username'])
        .execute();
      await db.schema.createTable('sandbox_accounts')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull().references('sandbox_banks.tenant_id'))
        .addColumn('psu_id', 'varchar(64)', (column) => column.notNull().references('sandbox_psus.id'))
        .addColumn('external_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('number', 'varchar(34)', (column) => column.notNull())
        .addColumn('name', 'varchar(128)', (column) => column.notNull())
        .addColumn('product', 'varchar(32)', (column) => column.notNull())
        .addColumn('currency', 'char(3)', (column) => column.notNull())
        .addColumn('opening_balance', 'varchar(32)', (column) => column.notNull())
        .addUniqueConstraint('sandbox_accounts_number', ['tenant_id', 'number'])
        .addUniqueConstraint('sandbox_accounts_external', ['tenant_id', 'external_id'])
        .execute();
      await db.schema.createTable('sandbox_identifiers')
        .addColumn('id_type', 'varchar(16)', (column) => column.notNull())
        .addColumn('id_value', 'varchar(128)', (column) => column.notNull())
        .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull().references('sandbox_banks.tenant_id'))
        .addColumn('account_id', 'varchar(64)', (column) => column.notNull().references('sandbox_accounts.id'))
        .addPrimaryKeyConstraint('sandbox_identifiers_pk', ['id_type', 'id_value'])
        .execute();
    },
  },
  // Issue 8: PSUs a portal team created (tpp-sandbox/portal/team-sandbox). Seeded PSUs have no owner.
  '0002_team_psus': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('sandbox_psus').addColumn('owner_organisation_id', 'varchar(128)').execute();
      await db.schema.alterTable('sandbox_psus').addColumn('created_at', 'bigint').execute();
      await db.schema.createIndex('sandbox_psus_owner').on('sandbox_psus').column('owner_organisation_id').execute();
    },
  },
};
