// SPDX-License-Identifier: Apache-2.0
// The Kafka adapter's delivery rules without a broker: kafkajs's eachBatch payload is faked, so this runs
// everywhere, while kafka-event-log.test.ts runs the whole contract only where a broker is reachable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { createLogger } from '../../../log/logger.js';
import type { EventRecord } from '../../event-log.js';
import { subscribeSettings } from '../../subscribe-settings.js';
import { deliverKafkaBatch } from './kafka-batches.js';

const logger = createLogger({ level: 'silent' });

function message(offset: number, value: unknown, key: string | null = null): KafkaMessage {
  return {
    offset: String(offset),
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from(JSON.stringify(value)),
    timestamp: String(1_700_000_000_000 + offset),
    attributes: 0,
    headers: {},
  } as unknown as KafkaMessage;
}

/** A fake eachBatch payload that writes down, in order, what the adapter did with it. */
function payload(messages: KafkaMessage[], running: () => boolean = () => true) {
  const steps: string[] = [];
  const fake = {
    batch: { topic: 'audit', partition: 0, messages },
    resolveOffset: (offset: string) => void steps.push(`resolve ${offset}`),
    heartbeat: async () => {},
    isRunning: running,
    isStale: () => false,
    commitOffsetsIfNecessary: async (offsets: { topics: { partitions: { offset: string }[] }[] }) =>
      void steps.push(`commit ${offsets.topics[0]?.partitions[0]?.offset}`),
  };
  return { steps, payload: fake as unknown as EachBatchPayload };
}

function settings(handler: (batch: EventRecord[]) => Promise<void>) {
  return subscribeSettings({ topic: 'audit', group: 'g', batchSize: 2, retryBackoffMs: 5, handler });
}

describe('Kafka batch delivery', () => {
  it('hands messages over in slices of batchSize and commits each slice after its handler', async () => {
    const handled: EventRecord[][] = [];
    const { steps, payload: fake } = payload([message(7, { a: 1 }, 'pi-1'), message(8, null), message(9, 'last')]);
    await deliverKafkaBatch(
      settings(async (batch) => {
        handled.push(batch);
        steps.push(`handle ${batch.map((record) => record.offset).join(',')}`);
      }),
      logger,
    )(fake);
    assert.deepEqual(steps, ['handle 7,8', 'commit 9', 'resolve 8', 'handle 9', 'commit 10', 'resolve 9']);
    assert.deepEqual(handled[0]?.[0], { topic: 'audit', offset: 7, key: 'pi-1', value: { a: 1 }, timestamp: 1_700_000_000_007 });
    assert.equal(handled[0]?.[1]?.key, null);
  });

  it('delivers a failed slice again, and commits only once it succeeds', async () => {
    const attempts: number[][] = [];
    const { steps, payload: fake } = payload([message(0, 'a'), message(1, 'b')]);
    await deliverKafkaBatch(
      settings(async (batch) => {
        attempts.push(batch.map((record) => record.offset));
        if (attempts.length < 3) throw new Error('downstream briefly down');
      }),
      logger,
    )(fake);
    assert.deepEqual(attempts, [[0, 1], [0, 1], [0, 1]]);
    assert.deepEqual(steps, ['commit 2', 'resolve 1']);
  });

  it('gives up a failing slice without committing when the consumer stops', async () => {
    let running = true;
    const { steps, payload: fake } = payload([message(0, 'a')], () => running);
    await deliverKafkaBatch(
      settings(async () => {
        running = false;
        throw new Error('still down');
      }),
      logger,
    )(fake);
    assert.deepEqual(steps, [], 'nothing committed: the slice comes again after a restart');
  });
});
