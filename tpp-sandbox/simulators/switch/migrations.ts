// SPDX-License-Identifier: Apache-2.0
import type { Kysely, Migration } from 'kysely';

/** The switch simulator's tables: its participants, oracle, quotes, transfers and the outbox of callbacks still to send. */
export const SWITCH_MIGRATIONS: Record<string, Migration> = {
  '0001_switch_simulator': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('switch_sim_participants')
        .addColumn('fsp_id', 'varchar(32)', (column) => column.primaryKey())
        .addColumn('name', 'varchar(128)', (column) => column.notNull())
        .addColumn('endpoint', 'varchar(512)')
        .addColumn('currency', 'char(3)', (column) => column.notNull())
        // Integer minor units of `currency`; the position is what the FSP owes the scheme (reserved + committed).
        .addColumn('net_debit_cap', 'bigint', (column) => column.notNull())
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createTable('switch_sim_oracle')
        .addColumn('id_type', 'varchar(32)', (column) => column.notNull())
        .addColumn('id_value', 'varchar(128)', (column) => column.notNull())
        // '' when the identifier has no sub-id: a primary key column cannot be NULL.
        .addColumn('sub_id', 'varchar(128)', (column) => column.notNull())
        .addColumn('fsp_id', 'varchar(32)', (column) => column.notNull())
        .addColumn('currency', 'char(3)')
        .addPrimaryKeyConstraint('switch_sim_oracle_pk', ['id_type', 'id_value', 'sub_id'])
        .execute();
      await db.schema.createTable('switch_sim_quotes')
        .addColumn('quote_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('payer_fsp', 'varchar(32)', (column) => column.notNull())
        .addColumn('payee_fsp', 'varchar(32)', (column) => column.notNull())
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createTable('switch_sim_transfers')
        .addColumn('transfer_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('payer_fsp', 'varchar(32)', (column) => column.notNull())
        .addColumn('payee_fsp', 'varchar(32)', (column) => column.notNull())
        .addColumn('amount_minor', 'bigint', (column) => column.notNull())
        .addColumn('currency', 'char(3)', (column) => column.notNull())
        .addColumn('ilp_condition', 'varchar(64)', (column) => column.notNull())
        .addColumn('expiration', 'varchar(32)', (column) => column.notNull())
        // Epoch ms of `expiration`, so the expiry sweep compares integers.
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addColumn('prepare_hash', 'char(64)', (column) => column.notNull())
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('fulfilment', 'varchar(64)')
        .addColumn('error_code', 'varchar(4)')
        .addColumn('error_description', 'varchar(128)')
        .addColumn('completed_timestamp', 'varchar(32)')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('switch_sim_transfers_state').on('switch_sim_transfers').columns(['state', 'expires_at']).execute();
      await db.schema.createTable('switch_sim_outbox')
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        .addColumn('request', 'text', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull())
        .addColumn('next_attempt_at', 'bigint', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
    },
  },
};
