// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { testDatabaseTargets, type TestDatabaseLocation, type TestDatabaseTarget } from '../../../../test/support/databases.js';
import { createLogger } from '../../../log/logger.js';
import type { EventLog, EventRecord } from '../../event-log.js';
import { eventLogContract, type EventLogFixture } from '../../event-log.contract.js';
import { openSqlEventLog } from './sql-event-log.js';

const logger = createLogger({ level: 'silent' });

async function openFixture(target: TestDatabaseTarget, location?: TestDatabaseLocation): Promise<EventLogFixture> {
  const opened = await target.open(location);
  const log = await openSqlEventLog({ database: opened.database, logger });
  return {
    log,
    async close() {
      await log.close();
      await opened.database.close();
    },
    reopen: () => openFixture(target, opened.location),
  };
}

/** Handles every batch slowly and records how many handlers ran at once and which offsets each handled. */
function watchConcurrency() {
  const state = { running: 0, mostAtOnce: 0, handled: [] as number[] };
  const handler = async (batch: EventRecord[]): Promise<void> => {
    state.running += 1;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
    await sleep(5);
    state.handled.push(...batch.map((record) => record.offset));
    state.running -= 1;
  };
  return { state, handler };
}

async function consumeWithTwo(first: EventLog, second: EventLog, topic: string): Promise<{ mostAtOnce: number; handled: number[] }> {
  const { state, handler } = watchConcurrency();
  const options = { topic, group: 'shared', batchSize: 3, pollIntervalMs: 10, handler };
  const subscriptions = [await first.subscribe(options), await second.subscribe(options)];
  for (let round = 0; round < 10; round += 1) await first.append(topic, [{ value: round }, { value: round }]);
  const deadline = Date.now() + 5_000;
  while ((await first.committedOffset(topic, 'shared')) < 20 && Date.now() < deadline) await sleep(10);
  await Promise.all(subscriptions.map((subscription) => subscription.stop()));
  return state;
}

for (const target of testDatabaseTargets) {
  describe(`SQL event log on ${target.name}`, { skip: target.skip ?? false }, () => {
    eventLogContract(() => openFixture(target));

    it('wakes an idle subscriber at once when this process appends', async () => {
      const fixture = await openFixture(target);
      try {
        const delivered: number[] = [];
        const subscription = await fixture.log.subscribe({
          topic: 'wake',
          group: 'g',
          pollIntervalMs: 60_000,
          handler: async (batch) => void delivered.push(...batch.map((record) => record.offset)),
        });
        await sleep(50);
        const appendedAt = Date.now();
        await fixture.log.append('wake', [{ value: 'now' }]);
        while (delivered.length === 0 && Date.now() - appendedAt < 2_000) await sleep(5);
        assert.deepEqual(delivered, [0], 'delivered long before the 60 s poll interval');
        await subscription.stop();
      } finally {
        await fixture.close();
      }
    });

    it('lets one subscription of a group handle a batch at a time in one process', async () => {
      const fixture = await openFixture(target);
      try {
        const { mostAtOnce, handled } = await consumeWithTwo(fixture.log, fixture.log, 'turns');
        assert.equal(mostAtOnce, 1);
        assert.deepEqual(handled, Array.from({ length: 20 }, (_, offset) => offset), 'each record handled once, in order');
      } finally {
        await fixture.close();
      }
    });

    it(
      'keeps a group to one active consumer across processes by locking its offset row',
      { skip: target.name === 'postgres' ? false : 'on SQLite a consumer group must live in one process' },
      async () => {
        const fixture = await openFixture(target);
        // A second connection pool and log on the same schema shares no in-process lock: it stands for another process.
        const other = await fixture.reopen();
        try {
          const { mostAtOnce, handled } = await consumeWithTwo(fixture.log, other.log, 'processes');
          assert.equal(mostAtOnce, 1);
          assert.deepEqual(handled, Array.from({ length: 20 }, (_, offset) => offset), 'each record handled once, in order');
        } finally {
          await other.close();
          await fixture.close();
        }
      },
    );
  });
}
