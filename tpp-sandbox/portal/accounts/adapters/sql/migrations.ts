// SPDX-License-Identifier: Apache-2.0
import { sql, type Kysely } from 'kysely';
import type { Migration } from '../../../../../platform/store/index.js';

/** The `portal_accounts` context's tables; names sort in the order they run and are never changed once released. Times are epoch ms. */
export const PORTAL_ACCOUNT_MIGRATIONS: Record<string, Migration> = {
  '0001_portal_accounts': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('portal_developers')
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        // Normalised (trimmed, lower case) by the domain; the constraint makes two sign-ups with one address end with one account.
        .addColumn('email', 'varchar(254)', (column) => column.notNull().unique())
        .addColumn('name', 'varchar(800)', (column) => column.notNull())
        .addColumn('password_hash', 'varchar(256)', (column) => column.notNull())
        .addColumn('verified_at', 'bigint')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('portal_organisations')
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        .addColumn('name', 'varchar(800)', (column) => column.notNull())
        // Bumped by every membership removal: the row lock it takes serialises "is this the last owner?" checks.
        .addColumn('members_version', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('portal_memberships')
        .addColumn('organisation_id', 'varchar(36)', (column) => column.notNull().references('portal_organisations.id').onDelete('cascade'))
        .addColumn('developer_id', 'varchar(36)', (column) => column.notNull().references('portal_developers.id').onDelete('cascade'))
        .addColumn('role', 'varchar(16)', (column) => column.notNull())
        .addColumn('joined_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('portal_memberships_pk', ['organisation_id', 'developer_id'])
        .addCheckConstraint('portal_memberships_role', sql`role in ('owner', 'developer')`)
        .execute();
      await db.schema.createIndex('portal_memberships_by_developer').on('portal_memberships').column('developer_id').execute();
      await db.schema
        .createTable('portal_tokens')
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        // SHA-256 of the link's secret, hex; the secret itself is never stored.
        .addColumn('token_hash', 'char(64)', (column) => column.notNull().unique())
        .addColumn('purpose', 'varchar(16)', (column) => column.notNull())
        .addColumn('email', 'varchar(254)', (column) => column.notNull())
        .addColumn('developer_id', 'varchar(36)', (column) => column.notNull().references('portal_developers.id').onDelete('cascade'))
        .addColumn('organisation_id', 'varchar(36)', (column) => column.references('portal_organisations.id').onDelete('cascade'))
        .addColumn('role', 'varchar(16)')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
    },
  },
};
