// SPDX-License-Identifier: Apache-2.0
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/index.js';

/** The `events` context's tables; names sort in the order they run and are never changed once released. */
export const eventLogMigrations: Record<string, Migration> = {
  '0001_event_log': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('event_topics')
        .addColumn('topic', 'text', (column) => column.primaryKey())
        .addColumn('next_offset', 'int8', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('event_records')
        .addColumn('topic', 'text', (column) => column.notNull())
        .addColumn('offset', 'int8', (column) => column.notNull())
        .addColumn('key', 'text')
        .addColumn('value', 'text', (column) => column.notNull())
        .addColumn('timestamp', 'int8', (column) => column.notNull())
        .addPrimaryKeyConstraint('event_records_pk', ['topic', 'offset'])
        .execute();
      await db.schema
        .createTable('event_offsets')
        .addColumn('topic', 'text', (column) => column.notNull())
        .addColumn('group_id', 'text', (column) => column.notNull())
        .addColumn('committed_offset', 'int8', (column) => column.notNull())
        .addPrimaryKeyConstraint('event_offsets_pk', ['topic', 'group_id'])
        .execute();
    },
  },
};
