// SPDX-License-Identifier: Apache-2.0
import type { Kysely } from 'kysely';
import type { Migration } from '../../../../platform/store/index.js';

/** The `passkeys` context's tables; names sort in the order they run and are never changed once released. */
export const PASSKEY_MIGRATIONS: Record<string, Migration> = {
  '0001_passkeys': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('passkeys')
        .addColumn('credential_id', 'varchar(1400)', (column) => column.primaryKey())
        .addColumn('psu_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('public_key', 'text', (column) => column.notNull())
        .addColumn('counter', 'bigint', (column) => column.notNull())
        .addColumn('transports', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('passkeys_psu').on('passkeys').columns(['psu_id', 'created_at']).execute();
    },
  },
};
