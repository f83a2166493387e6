// SPDX-License-Identifier: Apache-2.0
import type { Kysely, Migration } from 'kysely';
import type { SqlDatabase } from '../../../platform/store/index.js';
import type { DemoClient, DemoClientStore } from '../../demo-clients.js';

interface Tables {
  sandbox_demo_clients: { client_id: string; document: string; created_at: number };
}

const MIGRATIONS: Record<string, Migration> = {
  '0001_demo_clients': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('sandbox_demo_clients')
        .addColumn('client_id', 'varchar(128)', (column) => column.primaryKey())
        // The DemoClient as JSON, private keys included: they are published sandbox keys, not secrets.
        .addColumn('document', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
    },
  },
};

export async function openSqlDemoClientStore(database: SqlDatabase): Promise<DemoClientStore> {
  await database.migrate('sandbox_clients', MIGRATIONS);
  const db = database.kysely<Tables>();
  return {
    async load(clientId) {
      const row = await db.selectFrom('sandbox_demo_clients').select('document').where('client_id', '=', clientId).executeTakeFirst();
      return row && (JSON.parse(row.document) as DemoClient);
    },
    async save(client) {
      // Two processes seeding at once: the first one's keys win, the second keeps what is stored.
      await db.insertInto('sandbox_demo_clients').values({ client_id: client.clientId, document: JSON.stringify(client), created_at: Date.now() })
        .onConflict((conflict) => conflict.column('client_id').doNothing()).execute();
    },
  };
}
