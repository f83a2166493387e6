// SPDX-License-Identifier: Apache-2.0
// The behaviour every EventLog adapter promises, as one suite: each adapter's test calls eventLogContract
// with a way to open its store. Topic and group names are random so a shared broker can run it again.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import type { EventLog, EventRecord, SubscribeOptions, Subscription } from './event-log.js';

export interface EventLogFixture {
  readonly log: EventLog;
  /** Closes the log and what it runs on (database, broker connections), as a process stop would. */
  close(): Promise<void>;
  /** Opens the same store again, as the next process start would. */
  reopen(): Promise<EventLogFixture>;
}

export interface ContractOptions {
  /** Milliseconds to wait for a delivery or a commit; a Kafka group join alone takes seconds. Default 5000. */
  deliveryTimeoutMs?: number;
}

export function eventLogContract(open: () => Promise<EventLogFixture>, options: ContractOptions = {}): void {
  const timeoutMs = options.deliveryTimeoutMs ?? 5_000;

  /** Runs a test on a freshly opened store and closes whatever fixture is current at the end. */
  function withLog(name: string, body: (current: { fixture: EventLogFixture }) => Promise<void>): void {
    it(name, { timeout: timeoutMs * 6 }, async () => {
      const current = { fixture: await open() };
      try {
        await body(current);
      } finally {
        await current.fixture.close();
      }
    });
  }

  async function eventually(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting until ${what}`);
      await sleep(10);
    }
  }

  /** Subscribes with a handler that keeps every batch it handled, in the order it handled them. */
  async function collect(log: EventLog, topic: string, group: string, extra: Partial<SubscribeOptions> = {}) {
    const batches: EventRecord[][] = [];
    const subscription = await log.subscribe({
      topic,
      group,
      pollIntervalMs: 20,
      retryBackoffMs: 10,
      handler: async (batch) => {
        batches.push(batch);
      },
      ...extra,
    });
    return { batches, records: () => batches.flat(), subscription };
  }

  withLog('assigns each topic its own offsets, increasing from 0', async ({ fixture: { log } }) => {
    const [a, b] = [newName('a'), newName('b')];
    assert.deepEqual(await log.append(a, [{ value: 1 }, { value: 2 }, { value: 3 }]), [0, 1, 2]);
    assert.deepEqual(await log.append(b, [{ value: 'x' }, { value: 'y' }]), [0, 1]);
    assert.deepEqual(await log.append(a, [{ value: 4 }]), [3]);
    assert.deepEqual(await log.append(a, []), []);
    assert.equal(await log.endOffset(a), 4);
    assert.equal(await log.endOffset(b), 2);
    assert.equal(await log.endOffset(newName('empty')), 0);
  });

  withLog('rejects a value that is not JSON and writes nothing of that append', async ({ fixture: { log } }) => {
    const topic = newName('bad');
    await assert.rejects(log.append(topic, [{ value: 'fine' }, { value: 10n }]), { code: 'VALIDATION_FAILED' });
    await assert.rejects(log.append(topic, [{ value: undefined }]), { code: 'VALIDATION_FAILED' });
    await assert.rejects(log.append('no spaces allowed', [{ value: 1 }]), { code: 'VALIDATION_FAILED' });
    assert.deepEqual(await log.append(topic, [{ value: 'first' }]), [0]);
  });

  withLog('delivers a new group every record from offset 0, in order, and commits after the handler', async ({ fixture: { log } }) => {
    const topic = newName('orders');
    const group = newName('g');
    await log.append(topic, [
      { key: 'pi-1', value: { intent: 'CREATED', amount: '10.50' }, timestamp: 1_700_000_000_000 },
      { value: null, timestamp: 1_700_000_000_001 },
    ]);
    await log.append(topic, [{ key: 'pi-1', value: [1, 'two'] }, { value: true }, { value: 'last' }]);
    const { records, subscription } = await collect(log, topic, group, { batchSize: 2 });
    await eventually('5 records are delivered', () => records().length >= 5);
    await eventually('the group has committed all 5', async () => (await log.committedOffset(topic, group)) === 5);
    await subscription.stop();
    const delivered = records();
    assert.deepEqual(delivered.map((record) => record.offset), [0, 1, 2, 3, 4]);
    assert.deepEqual(delivered[0], { topic, offset: 0, key: 'pi-1', value: { intent: 'CREATED', amount: '10.50' }, timestamp: 1_700_000_000_000 });
    assert.deepEqual(delivered[1], { topic, offset: 1, key: null, value: null, timestamp: 1_700_000_000_001 });
    assert.deepEqual(delivered.slice(2).map((record) => record.value), [[1, 'two'], true, 'last']);
    assert.ok(delivered.every((record) => Number.isSafeInteger(record.timestamp) && record.timestamp > 1_600_000_000_000));
  });

  withLog('keeps the offsets of two groups apart', async ({ fixture: { log } }) => {
    const topic = newName('audit');
    const [first, second] = [newName('g1'), newName('g2')];
    await log.append(topic, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
    const one = await collect(log, topic, first);
    await eventually('the first group has committed 3', async () => (await log.committedOffset(topic, first)) === 3);
    assert.equal(await log.committedOffset(topic, second), 0);
    const two = await collect(log, topic, second);
    await log.append(topic, [{ value: 'd' }]);
    await eventually('both groups have committed 4', async () => (await log.committedOffset(topic, first)) === 4 && (await log.committedOffset(topic, second)) === 4);
    await Promise.all([one.subscription.stop(), two.subscription.stop()]);
    assert.deepEqual(one.records().map((record) => record.value), ['a', 'b', 'c', 'd']);
    assert.deepEqual(two.records().map((record) => record.value), ['a', 'b', 'c', 'd']);
  });

  withLog('delivers a batch again when its handler throws, and skips nothing', async ({ fixture: { log } }) => {
    const topic = newName('retry');
    const group = newName('g');
    await log.append(topic, [0, 1, 2, 3, 4, 5].map((value) => ({ value })));
    const attempts: { offsets: number[]; failed: boolean }[] = [];
    let failOnce = true;
    const subscription = await log.subscribe({
      topic,
      group,
      batchSize: 3,
      pollIntervalMs: 20,
      retryBackoffMs: 10,
      handler: async (batch) => {
        const offsets = batch.map((record) => record.offset);
        const failed = failOnce && offsets.includes(3);
        attempts.push({ offsets, failed });
        if (failed) {
          failOnce = false;
          throw new Error('the downstream store is briefly down');
        }
      },
    });
    await eventually('the group has committed all 6', async () => (await log.committedOffset(topic, group)) === 6);
    await subscription.stop();
    const failedAt = attempts.findIndex((attempt) => attempt.failed);
    assert.ok(failedAt >= 0, 'the handler was made to fail once');
    const failed = attempts[failedAt]!.offsets;
    assert.deepEqual(attempts[failedAt + 1]?.offsets.slice(0, failed.length), failed, 'the next delivery repeats the failed batch');
    const handled = attempts.filter((attempt) => !attempt.failed).flatMap((attempt) => attempt.offsets);
    assert.deepEqual(handled, [0, 1, 2, 3, 4, 5], 'every record handled once, in order');
  });

  withLog('keeps committed offsets when the store is closed and reopened', async (current) => {
    const topic = newName('restart');
    const group = newName('g');
    const log = current.fixture.log;
    await log.append(topic, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
    const before = await collect(log, topic, group);
    await eventually('the group has committed 3', async () => (await log.committedOffset(topic, group)) === 3);
    await before.subscription.stop();
    await log.append(topic, [{ value: 'd' }, { value: 'e' }]);
    await current.fixture.close();
    await assert.rejects(log.append(topic, [{ value: 'late' }]), { code: 'EVENT_LOG_UNAVAILABLE' });

    current.fixture = await current.fixture.reopen();
    const reopened = current.fixture.log;
    assert.equal(await reopened.committedOffset(topic, group), 3);
    assert.equal(await reopened.endOffset(topic), 5);
    const after = await collect(reopened, topic, group);
    await eventually('the group has committed 5', async () => (await reopened.committedOffset(topic, group)) === 5);
    await after.subscription.stop();
    assert.deepEqual(after.records().map((record) => [record.offset, record.value]), [[3, 'd'], [4, 'e']]);
    assert.deepEqual(await reopened.append(topic, [{ value: 'f' }]), [5]);
  });

  withLog('gives concurrent appends gapless offsets that readers see in order', async ({ fixture: { log } }) => {
    const topic = newName('busy');
    const writers = Array.from({ length: 10 }, (_, writer) =>
      log.append(topic, Array.from({ length: 5 }, (__, index) => ({ key: `w${writer}`, value: { writer, index } }))),
    );
    const results = await Promise.all(writers);
    for (const offsets of results) {
      assert.deepEqual(offsets, offsets.map((_, index) => offsets[0]! + index), 'one append gets consecutive offsets');
    }
    const all = results.flat().sort((x, y) => x - y);
    assert.deepEqual(all, Array.from({ length: 50 }, (_, index) => index));
    assert.equal(await log.endOffset(topic), 50);

    const { records, subscription } = await collect(log, topic, newName('g'), { batchSize: 7 });
    await eventually('50 records are delivered', () => records().length >= 50);
    await subscription.stop();
    const delivered = records();
    assert.deepEqual(delivered.map((record) => record.offset), all);
    results.forEach((offsets, writer) =>
      offsets.forEach((offset, index) => assert.deepEqual(delivered[offset]?.value, { writer, index }, `offset ${offset} holds what append returned`)),
    );
  });

  withLog('tells the lag of a group from endOffset and committedOffset', async ({ fixture: { log } }) => {
    const topic = newName('lag');
    const group = newName('g');
    const lag = async (): Promise<number> => (await log.endOffset(topic)) - (await log.committedOffset(topic, group));
    await log.append(topic, [1, 2, 3, 4].map((value) => ({ value })));
    assert.equal(await lag(), 4);
    const { subscription } = await collect(log, topic, group);
    await eventually('the lag is 0', async () => (await lag()) === 0);
    await subscription.stop();
    await log.append(topic, [{ value: 5 }]);
    assert.equal(await lag(), 1);
  });

  withLog('stops only after the running handler, whose batch is committed, and delivers nothing after', async ({ fixture: { log } }) => {
    const topic = newName('stop');
    const group = newName('g');
    await log.append(topic, [{ value: 'slow' }]);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const calls: number[][] = [];
    const subscription: Subscription = await log.subscribe({
      topic,
      group,
      pollIntervalMs: 20,
      handler: async (batch) => {
        calls.push(batch.map((record) => record.offset));
        await released;
      },
    });
    await eventually('the handler is running', () => calls.length === 1);
    let stopped = false;
    const stopping = subscription.stop().then(() => (stopped = true));
    await sleep(100);
    assert.equal(stopped, false, 'stop waits for the running handler');
    release();
    await stopping;
    assert.equal(await log.committedOffset(topic, group), 1);
    await log.append(topic, [{ value: 'after stop' }]);
    await sleep(200);
    assert.deepEqual(calls, [[0]]);
  });
}

/** A topic or group name no earlier run used: Kafka keeps topics and groups between runs. */
function newName(label: string): string {
  return `lango-test.${label}.${randomBytes(4).toString('hex')}`;
}
