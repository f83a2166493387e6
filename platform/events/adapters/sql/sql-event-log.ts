// SPDX-License-Identifier: Apache-2.0
import type { Kysely } from 'kysely';
import type { Logger } from '../../../log/logger.js';
import type { SqlDatabase } from '../../../store/index.js';
import type { EventLog, NewEventRecord, SubscribeOptions, Subscription } from '../../event-log.js';
import { checkTopic, encodeRecords, type EncodedRecord } from '../../record-values.js';
import { subscribeSettings } from '../../subscribe-settings.js';
import { deliverNextBatch, registerGroup } from './deliver-batch.js';
import { GroupLocks } from './group-locks.js';
import { eventLogMigrations } from './migrations.js';
import { SqlSubscription } from './sql-subscription.js';
import type { EventTables } from './tables.js';
import { TopicSignals } from './topic-signals.js';
import { assertOpen, guardEventLog } from '../../unavailable.js';

export interface SqlEventLogSettings {
  /** The shared database; the event log uses it but never closes it. */
  database: SqlDatabase;
  logger: Logger;
}

/** Rows per INSERT: well under SQLite's limit of bound parameters (5 per row). */
const INSERT_CHUNK = 500;

/** Brings the `events` tables up to date and opens the log on them. */
export async function openSqlEventLog(settings: SqlEventLogSettings): Promise<EventLog> {
  await settings.database.migrate('events', eventLogMigrations);
  return new SqlEventLog(settings.database, settings.logger);
}

/**
 * The event log on the SQL store (SQLite or PostgreSQL). Open one per process and database: the in-process
 * wake-ups and group locks live in this object. Across processes a consumer group has one active consumer
 * on PostgreSQL (row lock) and must have only one process on SQLite.
 */
class SqlEventLog implements EventLog {
  readonly #db: Kysely<EventTables>;
  readonly #signals = new TopicSignals();
  readonly #locks = new GroupLocks();
  readonly #subscriptions = new Set<Subscription>();
  #closed = false;

  constructor(
    private readonly database: SqlDatabase,
    private readonly logger: Logger,
  ) {
    this.#db = database.kysely<EventTables>();
  }

  async append(topic: string, records: readonly NewEventRecord[]): Promise<number[]> {
    assertOpen(this.#closed);
    checkTopic(topic);
    const rows = encodeRecords(topic, records);
    if (rows.length === 0) return [];
    const first = await guardEventLog(`cannot append to topic ${topic}`, () => this.#insert(topic, rows));
    this.#signals.notify(topic);
    return rows.map((_, index) => first + index);
  }

  /**
   * Takes the offsets by bumping the topic's row in the same transaction as the insert: the row lock makes a
   * second appender of the topic wait until the first commits, so offsets are gapless and become visible in order.
   */
  #insert(topic: string, rows: EncodedRecord[]): Promise<number> {
    return this.#db.transaction().execute(async (trx) => {
      const { next_offset: end } = await trx
        .insertInto('event_topics')
        .values({ topic, next_offset: rows.length })
        .onConflict((conflict) =>
          conflict.column('topic').doUpdateSet((eb) => ({ next_offset: eb('event_topics.next_offset', '+', eb.ref('excluded.next_offset')) })),
        )
        .returning('next_offset')
        .executeTakeFirstOrThrow();
      const first = end - rows.length;
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        const chunk = rows.slice(start, start + INSERT_CHUNK).map((row, index) => ({ topic, offset: first + start + index, ...row }));
        await trx.insertInto('event_records').values(chunk).execute();
      }
      return first;
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    assertOpen(this.#closed);
    const settings = subscribeSettings(options);
    await guardEventLog(`cannot subscribe group ${settings.group} to topic ${settings.topic}`, () => registerGroup(this.#db, settings.topic, settings.group));
    const subscription: Subscription = new SqlSubscription({
      settings,
      deliver: (stopping) =>
        this.#locks.run(settings.topic, settings.group, async () => (stopping.aborted ? 'idle' : deliverNextBatch(this.#db, this.database.dialect, settings))),
      signals: this.#signals,
      logger: this.logger,
      onStopped: () => this.#subscriptions.delete(subscription),
    });
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async committedOffset(topic: string, group: string): Promise<number> {
    const row = await guardEventLog(`cannot read the offset of group ${group} on topic ${topic}`, () =>
      this.#db.selectFrom('event_offsets').select('committed_offset').where('topic', '=', topic).where('group_id', '=', group).executeTakeFirst(),
    );
    return row?.committed_offset ?? 0;
  }

  async endOffset(topic: string): Promise<number> {
    const row = await guardEventLog(`cannot read the end of topic ${topic}`, () =>
      this.#db.selectFrom('event_topics').select('next_offset').where('topic', '=', topic).executeTakeFirst(),
    );
    return row?.next_offset ?? 0;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.stop()));
  }
}
