// SPDX-License-Identifier: Apache-2.0
import type { Kysely } from 'kysely';
import type { Migration } from '../../../../platform/store/index.js';

/** The `operators` context's tables; names sort in the order they run and are never changed once released. */
export const OPERATOR_MIGRATIONS: Record<string, Migration> = {
  '0001_operators': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('operators')
        .addColumn('username', 'varchar(128)', (column) => column.primaryKey())
        .addColumn('password_hash', 'varchar(256)', (column) => column.notNull())
        // JSON object: tenant id → viewer | operator | supervisor.
        .addColumn('roles', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
    },
  },
};
