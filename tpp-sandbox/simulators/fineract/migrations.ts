// SPDX-License-Identifier: Apache-2.0
// The simulated Fineract's tables. Money columns are bigint minor units; every row carries the tenant.
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../../../platform/store/index.js';

/** Adds an auto-numbered id: Fineract's ids are numbers, and the two dialects spell that differently. */
function withSerialId<T extends string>(table: CreateTableBuilder<T, never>, dialect: SqlDialect): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'bigserial', (column: ColumnDefinitionBuilder) => column.primaryKey())
    : table.addColumn('id', 'integer', (column: ColumnDefinitionBuilder) => column.primaryKey().autoIncrement());
}

/** The simulator's migrations for `database.migrate('fineract_sim', ...)`. */
export function fineractSimMigrations(dialect: SqlDialect): Record<string, Migration> {
  return {
    '0001_fineract_sim': {
      async up(db: Kysely<unknown>) {
        await db.schema.createTable('fineract_sim_tenants')
          .addColumn('tenant_id', 'varchar(64)', (column) => column.primaryKey())
          .addColumn('fee_rule', 'text', (column) => column.notNull())
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .execute();
        await db.schema.createTable('fineract_sim_accounts')
          .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull().references('fineract_sim_tenants.tenant_id'))
          .addColumn('account_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('currency', 'char(3)', (column) => column.notNull())
          .addColumn('holder_name', 'varchar(256)', (column) => column.notNull())
          .addColumn('status', 'varchar(16)', (column) => column.notNull())
          .addColumn('ledger_minor', 'bigint', (column) => column.notNull())
          .addColumn('held_minor', 'bigint', (column) => column.notNull())
          .addColumn('opened_at', 'bigint', (column) => column.notNull())
          .addPrimaryKeyConstraint('fineract_sim_accounts_pk', ['tenant_id', 'account_id'])
          .addCheckConstraint('fineract_sim_accounts_not_overdrawn', sql`held_minor >= 0 and ledger_minor >= held_minor`)
          .execute();
        await db.schema.createTable('fineract_sim_identifiers')
          .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('id_type', 'varchar(16)', (column) => column.notNull())
          .addColumn('id_value', 'varchar(128)', (column) => column.notNull())
          // '' when absent: a primary key column cannot be null.
          .addColumn('sub_id_or_type', 'varchar(128)', (column) => column.notNull())
          .addColumn('account_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addPrimaryKeyConstraint('fineract_sim_identifiers_pk', ['tenant_id', 'id_type', 'id_value', 'sub_id_or_type'])
          .execute();
        await withSerialId(db.schema.createTable('fineract_sim_transactions'), dialect)
          .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('account_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('type', 'varchar(24)', (column) => column.notNull())
          .addColumn('amount_minor', 'bigint', (column) => column.notNull())
          .addColumn('running_balance_minor', 'bigint', (column) => column.notNull())
          .addColumn('currency', 'char(3)', (column) => column.notNull())
          .addColumn('transaction_code', 'varchar(64)')
          .addColumn('transfer_code', 'varchar(64)')
          .addColumn('note', 'varchar(500)')
          .addColumn('booked_at', 'bigint', (column) => column.notNull())
          .execute();
        await db.schema.createIndex('fineract_sim_transactions_account').on('fineract_sim_transactions').columns(['tenant_id', 'account_id', 'id']).execute();
        await withSerialId(db.schema.createTable('fineract_sim_journal_entries'), dialect)
          .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('transaction_id', 'bigint', (column) => column.notNull())
          .addColumn('account_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('gl_code', 'varchar(16)', (column) => column.notNull())
          .addColumn('entry_type', 'varchar(8)', (column) => column.notNull())
          .addColumn('amount_minor', 'bigint', (column) => column.notNull())
          .addColumn('currency', 'char(3)', (column) => column.notNull())
          .addColumn('booked_at', 'bigint', (column) => column.notNull())
          .execute();
        await db.schema.createIndex('fineract_sim_journal_account').on('fineract_sim_journal_entries').columns(['tenant_id', 'account_id', 'id']).execute();
        await db.schema.createTable('fineract_sim_transfers')
          .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('transaction_code', 'varchar(64)', (column) => column.notNull())
          .addColumn('transfer_code', 'varchar(64)', (column) => column.notNull())
          .addColumn('role', 'varchar(8)', (column) => column.notNull())
          .addColumn('account_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('currency', 'char(3)', (column) => column.notNull())
          .addColumn('amount_minor', 'bigint', (column) => column.notNull())
          .addColumn('fee_minor', 'bigint', (column) => column.notNull())
          .addColumn('commission_minor', 'bigint', (column) => column.notNull())
          .addColumn('hold_minor', 'bigint', (column) => column.notNull())
          .addColumn('state', 'varchar(16)', (column) => column.notNull())
          .addColumn('booking_id', 'bigint')
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addColumn('completed_at', 'bigint')
          .addPrimaryKeyConstraint('fineract_sim_transfers_pk', ['tenant_id', 'transaction_code', 'transfer_code', 'role'])
          .execute();
        await db.schema.createTable('fineract_sim_quotes')
          .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('quote_code', 'varchar(64)', (column) => column.notNull())
          .addColumn('transaction_code', 'varchar(64)', (column) => column.notNull())
          .addColumn('account_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('role', 'varchar(8)', (column) => column.notNull())
          .addColumn('amount_type', 'varchar(8)', (column) => column.notNull())
          .addColumn('currency', 'char(3)', (column) => column.notNull())
          .addColumn('amount_minor', 'bigint', (column) => column.notNull())
          .addColumn('fee_minor', 'bigint', (column) => column.notNull())
          .addColumn('commission_minor', 'bigint', (column) => column.notNull())
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addPrimaryKeyConstraint('fineract_sim_quotes_pk', ['tenant_id', 'quote_code'])
          .execute();
        await db.schema.createTable('fineract_sim_requests')
          .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('request_code', 'varchar(64)', (column) => column.notNull())
          .addColumn('transaction_code', 'varchar(64)', (column) => column.notNull())
          .addColumn('account_id', 'varchar(64)', (column) => column.notNull())
          .addColumn('role', 'varchar(8)', (column) => column.notNull())
          .addColumn('currency', 'char(3)', (column) => column.notNull())
          .addColumn('amount_minor', 'bigint', (column) => column.notNull())
          .addColumn('body', 'text', (column) => column.notNull())
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addPrimaryKeyConstraint('fineract_sim_requests_pk', ['tenant_id', 'request_code'])
          .execute();
      },
    },
  };
}
