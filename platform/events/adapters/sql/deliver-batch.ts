// SPDX-License-Identifier: Apache-2.0
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../../../store/index.js';
import type { EventBatchHandler, EventRecord } from '../../event-log.js';
import { decodeValue } from '../../record-values.js';
import type { EventTables } from './tables.js';

/** `more`: a full batch was handled, look again at once; `idle`: wait for an append or the poll interval. */
export type Delivery = 'more' | 'idle';

export interface DeliveryTarget {
  topic: string;
  group: string;
  batchSize: number;
  handler: EventBatchHandler;
}

/** Gives the group its offset row (at 0) if it has none, so delivery only ever updates it and PostgreSQL has a row to lock. */
export async function registerGroup(db: Kysely<EventTables>, topic: string, group: string): Promise<void> {
  await db
    .insertInto('event_offsets')
    .values({ topic, group_id: group, committed_offset: 0 })
    .onConflict((conflict) => conflict.columns(['topic', 'group_id']).doNothing())
    .execute();
}

/**
 * Hands the group's next batch to the handler and commits it once the handler resolves; a handler that throws
 * leaves the committed offset where it was, so the same records come again (at least once).
 */
export function deliverNextBatch(db: Kysely<EventTables>, dialect: SqlDialect, target: DeliveryTarget): Promise<Delivery> {
  return dialect === 'postgres' ? deliverLocked(db, target) : deliverUnlocked(db, target);
}

/**
 * PostgreSQL: the group's offset row stays locked while the handler runs, so a subscription of the same group
 * in another process skips (SKIP LOCKED) instead of handling the same batch: one active consumer per group.
 * The price is one pooled connection held for the length of each handler call.
 */
function deliverLocked(db: Kysely<EventTables>, target: DeliveryTarget): Promise<Delivery> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('event_offsets')
      .select('committed_offset')
      .where('topic', '=', target.topic)
      .where('group_id', '=', target.group)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    // No row returned: another process's subscription of this group holds it and is the active consumer.
    if (!row) return 'idle';
    return handleAndCommit(trx, target, row.committed_offset);
  });
}

/**
 * SQLite: no transaction around the handler, because SQLite has one writer and the handler usually writes
 * to the same database. The in-process group lock is the only guard, so a group has one active process.
 */
async function deliverUnlocked(db: Kysely<EventTables>, target: DeliveryTarget): Promise<Delivery> {
  const row = await db
    .selectFrom('event_offsets')
    .select('committed_offset')
    .where('topic', '=', target.topic)
    .where('group_id', '=', target.group)
    .executeTakeFirst();
  return handleAndCommit(db, target, row?.committed_offset ?? 0);
}

async function handleAndCommit(db: Kysely<EventTables>, target: DeliveryTarget, from: number): Promise<Delivery> {
  const batch = await readBatch(db, target.topic, from, target.batchSize);
  const last = batch.at(-1);
  if (!last) return 'idle';
  await target.handler(batch);
  await db
    .updateTable('event_offsets')
    .set({ committed_offset: last.offset + 1 })
    .where('topic', '=', target.topic)
    .where('group_id', '=', target.group)
    .execute();
  return batch.length === target.batchSize ? 'more' : 'idle';
}

async function readBatch(db: Kysely<EventTables>, topic: string, from: number, limit: number): Promise<EventRecord[]> {
  const rows = await db
    .selectFrom('event_records')
    .select(['offset', 'key', 'value', 'timestamp'])
    .where('topic', '=', topic)
    .where('offset', '>=', from)
    .orderBy('offset')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ topic, offset: row.offset, key: row.key, value: decodeValue(row.value), timestamp: row.timestamp }));
}
