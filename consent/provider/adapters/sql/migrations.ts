// SPDX-License-Identifier: Apache-2.0
import type { Kysely, Migration } from 'kysely';

/**
 * The authorisation server's tables (migration context `oauth`): every oidc-provider model instance in one
 * table, keyed by kind and id, with the columns its lookups need; and the server's own keys.
 */
export const OAUTH_MIGRATIONS: Record<string, Migration> = {
  '0001_oauth': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('oauth_models')
        .addColumn('kind', 'varchar(64)', (column) => column.notNull())
        .addColumn('id', 'varchar(255)', (column) => column.notNull())
        .addColumn('payload', 'text', (column) => column.notNull())
        .addColumn('grant_id', 'varchar(255)')
        .addColumn('uid', 'varchar(255)')
        .addColumn('user_code', 'varchar(255)')
        // Epoch ms; null: kept until destroyed (clients, keys of registered clients).
        .addColumn('expires_at', 'bigint')
        .addColumn('consumed_at', 'bigint')
        .addPrimaryKeyConstraint('oauth_models_pk', ['kind', 'id'])
        .execute();
      await db.schema.createIndex('oauth_models_grant').on('oauth_models').columns(['grant_id']).execute();
      await db.schema.createIndex('oauth_models_uid').on('oauth_models').columns(['kind', 'uid']).execute();
      await db.schema.createIndex('oauth_models_user_code').on('oauth_models').columns(['kind', 'user_code']).execute();
      await db.schema.createIndex('oauth_models_expiry').on('oauth_models').columns(['expires_at']).execute();

      await db.schema.createTable('oauth_keys')
        .addColumn('kid', 'varchar(128)', (column) => column.primaryKey())
        // `signing` (tokens, ID tokens), `directory` (software statements), `cookie` (signed cookies).
        .addColumn('purpose', 'varchar(32)', (column) => column.notNull())
        .addColumn('alg', 'varchar(16)', (column) => column.notNull())
        .addColumn('private_jwk', 'text', (column) => column.notNull())
        .addColumn('status', 'varchar(16)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('retired_at', 'bigint')
        .execute();
      await db.schema.createIndex('oauth_keys_purpose').on('oauth_keys').columns(['purpose', 'status']).execute();
    },
  },
};
