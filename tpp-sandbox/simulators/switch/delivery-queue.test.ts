// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FspiopClient, FspiopRequest } from '../../../hub/index.js';
import { createLogger } from '../../../platform/log/index.js';
import { testDatabaseTargets } from '../../../test/support/databases.js';
import { createDeliveryQueue } from './delivery-queue.js';
import { createFaultTable } from './faults.js';
import { createMessageLog } from './message-log.js';
import { openSwitchStore } from './switch-store.js';
import { eventually } from './switch-test-harness.js';

const logger = createLogger({ level: 'silent' });
const callback: FspiopRequest = { method: 'PUT', resource: 'transfers', path: '/transfers/t1', source: 'switch', destination: 'payerfsp', body: { transferState: 'ABORTED' } };

/** A client whose first `failures` sends throw `error`, then accept. */
function flakyClient(failures: number, error: () => Error = () => new Error('ECONNREFUSED')): FspiopClient & { sent: { request: FspiopRequest; at: number }[] } {
  let calls = 0;
  const sent: { request: FspiopRequest; at: number }[] = [];
  return {
    sent,
    async send(request) {
      calls += 1;
      if (calls <= failures) throw error();
      sent.push({ request, at: Date.now() });
    },
  };
}

const sqlite = testDatabaseTargets[0]!;

describe('switch simulator outbox', () => {
  it('retries a callback the peer could not take with growing delays until it is delivered', async () => {
    const { database } = await sqlite.open();
    const store = await openSwitchStore(database);
    const client = flakyClient(2);
    const messages = createMessageLog();
    const queue = createDeliveryQueue({ store, client, faults: createFaultTable(), messages, logger });
    const started = Date.now();
    await store.enqueue(callback, Date.now());
    queue.kick();
    await eventually(() => client.sent[0], 5000, 'delivery');
    // 250 ms then 500 ms of backoff before the third attempt.
    assert.ok(client.sent[0]!.at - started >= 700, `delivered after ${client.sent[0]!.at - started} ms`);
    assert.deepEqual(client.sent[0]!.request, callback);
    await eventually(() => queue.stats().delivered === 1 || undefined);
    assert.deepEqual(queue.stats(), { delivered: 1, retried: 2, failed: 0 });
    assert.deepEqual(messages.last(10).map((entry) => [entry.direction, entry.path, entry.outcome]), [['sent', '/transfers/t1', 'delivered']]);
    assert.equal(await store.nextDeliveryAt(), undefined);
    await queue.close();
    await database.close();
  });

  it('gives up at once on a synchronous rejection: sending it again would get the same answer', async () => {
    const { database } = await sqlite.open();
    const store = await openSwitchStore(database);
    const client = flakyClient(1, () => Object.assign(new Error('3100 refused'), { retryable: false }));
    const queue = createDeliveryQueue({ store, client, faults: createFaultTable(), messages: createMessageLog(), logger });
    await store.enqueue(callback, Date.now());
    queue.kick();
    await eventually(() => queue.stats().failed === 1 || undefined);
    assert.equal(client.sent.length, 0);
    assert.equal(await store.nextDeliveryAt(), undefined);
    await queue.close();
    await database.close();
  });

  it('keeps a callback queued across a restart and sends it on the next start', async () => {
    const { database, location } = await sqlite.open();
    const store = await openSwitchStore(database);
    await store.enqueue(callback, Date.now());
    await database.close();

    const reopened = await sqlite.open(location);
    const client = flakyClient(0);
    const queue = createDeliveryQueue({ store: await openSwitchStore(reopened.database), client, faults: createFaultTable(), messages: createMessageLog(), logger });
    queue.kick();
    await eventually(() => client.sent[0], 2000, 'delivery after restart');
    await queue.close();
    await reopened.database.close();
  });

  it('holds the next message for the delay a fault asks for', async () => {
    const { database } = await sqlite.open();
    const store = await openSwitchStore(database);
    const client = flakyClient(0);
    const faults = createFaultTable();
    faults.add({ kind: 'delay', ms: 300, count: 1 });
    const queue = createDeliveryQueue({ store, client, faults, messages: createMessageLog(), logger });
    const started = Date.now();
    await store.enqueue(callback, Date.now());
    queue.kick();
    await eventually(() => client.sent[0], 2000);
    assert.ok(client.sent[0]!.at - started >= 290);
    assert.deepEqual(faults.list(), []);
    await queue.close();
    await database.close();
  });
});
