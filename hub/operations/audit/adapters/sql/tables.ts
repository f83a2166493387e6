// SPDX-License-Identifier: Apache-2.0
import type { Kysely, Migration } from 'kysely';
import { GENESIS_HASH } from '../../audit-trail.js';

export interface AuditTrailTable {
  seq: number;
  /** Epoch ms. */
  at: number;
  kind: string;
  tenant_id: string | null;
  actor: string;
  action: string;
  subject: string | null;
  reason: string | null;
  /** Canonical JSON text; null when the entry has no such field. */
  before_json: string | null;
  after_json: string | null;
  details_json: string | null;
  prev_hash: string;
  hash: string;
}

/** The last appended position per source (an event-log topic), so a redelivered batch is appended once. */
export interface AuditSourcesTable {
  source: string;
  position: number;
}

/**
 * One row (id 1): the seq and hash of the last entry. Every append locks it (PostgreSQL: FOR UPDATE) and moves it
 * on conditionally, so appenders take turns; verify() compares it with the last entry, which catches a removed tail.
 */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditTables {
  ops_audit_trail: AuditTrailTable;
  ops_audit_sources: AuditSourcesTable;
  ops_audit_head: AuditHeadTable;
}

/** Migration context `audit_trail`; names sort in the order they run and are never changed once released. */
export const auditTrailMigrations: Record<string, Migration> = {
  '0001_audit_trail': {
    async up(db: Kysely<unknown>) {
      // bigint seq: at a few hundred API calls a second, a 32-bit seq would run out within a year on PostgreSQL.
      await db.schema.createTable('ops_audit_trail')
        .addColumn('seq', 'bigint', (column) => column.primaryKey())
        .addColumn('at', 'bigint', (column) => column.notNull())
        .addColumn('kind', 'varchar(32)', (column) => column.notNull())
        .addColumn('tenant_id', 'varchar(64)')
        .addColumn('actor', 'varchar(255)', (column) => column.notNull())
        .addColumn('action', 'text', (column) => column.notNull())
        .addColumn('subject', 'varchar(255)')
        .addColumn('reason', 'text')
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .addColumn('details_json', 'text')
        .addColumn('prev_hash', 'varchar(64)', (column) => column.notNull())
        .addColumn('hash', 'varchar(64)', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('ops_audit_trail_tenant').on('ops_audit_trail').columns(['tenant_id', 'at']).execute();
      await db.schema.createIndex('ops_audit_trail_subject').on('ops_audit_trail').columns(['subject']).execute();
      await db.schema.createIndex('ops_audit_trail_kind').on('ops_audit_trail').columns(['kind', 'at']).execute();
      await db.schema.createTable('ops_audit_sources')
        .addColumn('source', 'varchar(255)', (column) => column.primaryKey())
        .addColumn('position', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createTable('ops_audit_head')
        .addColumn('id', 'integer', (column) => column.primaryKey())
        .addColumn('seq', 'bigint', (column) => column.notNull())
        .addColumn('hash', 'varchar(64)', (column) => column.notNull())
        .execute();
      await (db as Kysely<AuditTables>).insertInto('ops_audit_head').values({ id: 1, seq: 0, hash: GENESIS_HASH }).execute();
    },
  },
};
