// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';
import type { SqlDatabase } from '../../../../../platform/store/index.js';
import type { Authorisation, AuthorisationStore, AuthorisedResource } from '../../authorisation.js';

interface Tables {
  bg_authorisations: { authorisation_id: string; resource: string; resource_id: string; created_at: number };
}

const MIGRATIONS: Record<string, Migration> = {
  '0001_authorisations': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('bg_authorisations')
        .addColumn('authorisation_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('resource', 'varchar(16)', (column) => column.notNull())
        .addColumn('resource_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('bg_authorisations_resource').on('bg_authorisations').columns(['resource', 'resource_id']).execute();
    },
  },
};

const toAuthorisation = (row: Tables['bg_authorisations']): Authorisation => ({
  authorisationId: row.authorisation_id, resource: row.resource as AuthorisedResource, resourceId: row.resource_id, createdAt: Number(row.created_at),
});

/** Opens the authorisation sub-resources' table (migration context `berlin_group_authorisations`). */
export async function openSqlAuthorisationStore(database: SqlDatabase, now: () => number = Date.now): Promise<AuthorisationStore> {
  await database.migrate('berlin_group_authorisations', MIGRATIONS);
  const db = database.kysely<Tables>();
  return {
    async start(resource, resourceId) {
      const row = { authorisation_id: randomUUID(), resource, resource_id: resourceId, created_at: now() };
      await db.insertInto('bg_authorisations').values(row).execute();
      return toAuthorisation(row);
    },
    async list(resource, resourceId) {
      const rows = await db.selectFrom('bg_authorisations').selectAll().where('resource', '=', resource).where('resource_id', '=', resourceId).orderBy('created_at').execute();
      return rows.map(toAuthorisation);
    },
    async get(authorisationId) {
      const row = await db.selectFrom('bg_authorisations').selectAll().where('authorisation_id', '=', authorisationId).executeTakeFirst();
      return row && toAuthorisation(row);
    },
  };
}
