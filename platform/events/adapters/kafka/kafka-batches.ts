// SPDX-License-Identifier: Apache-2.0
import { setTimeout as sleep } from 'node:timers/promises';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Logger } from '../../../log/logger.js';
import type { EventRecord } from '../../event-log.js';
import { decodeValue } from '../../record-values.js';
import { retryDelayMs, type SubscribeSettings } from '../../subscribe-settings.js';

/** Longest pause between heartbeats while a failed batch waits for its retry, in ms (below the session timeout). */
const HEARTBEAT_SLICE_MS = 1_000;

export function toEventRecord(topic: string, message: KafkaMessage): EventRecord {
  return {
    topic,
    offset: Number(message.offset),
    key: message.key === null ? null : message.key.toString('utf8'),
    value: decodeValue(message.value === null ? null : message.value.toString('utf8')),
    timestamp: Number(message.timestamp),
  };
}

/**
 * kafkajs's eachBatch: hands the fetched messages to the handler in slices of batchSize and commits each
 * slice after its handler resolves. A slice whose handler throws is retried here, after a backoff, until it
 * succeeds or the consumer stops; kafkajs's own crash-and-restart would be slower and log a crash each time.
 */
export function deliverKafkaBatch(settings: SubscribeSettings, logger: Logger) {
  return async ({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> => {
    const records = batch.messages.map((message) => toEventRecord(batch.topic, message));
    for (let start = 0; start < records.length; start += settings.batchSize) {
      if (!isRunning() || isStale()) return;
      const slice = records.slice(start, start + settings.batchSize);
      const last = slice[slice.length - 1]!;
      if (!(await handleUntilDone(slice, settings, logger, { heartbeat, isRunning }))) return;
      // The payload's commit, not consumer.commitOffsets: that one is silently skipped once stop() was called,
      // and a handler that finishes during stop must still have its slice committed. Kafka commits the next offset.
      await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(last.offset + 1) }] }] });
      resolveOffset(String(last.offset));
      await heartbeat();
    }
  };
}

/** True once the handler resolved; false when the consumer stopped first (the slice then comes again after a restart). */
async function handleUntilDone(
  slice: EventRecord[],
  settings: SubscribeSettings,
  logger: Logger,
  consumer: Pick<EachBatchPayload, 'heartbeat' | 'isRunning'>,
): Promise<boolean> {
  for (let failures = 1; ; failures += 1) {
    try {
      await settings.handler(slice);
      return true;
    } catch (error) {
      const retryInMs = retryDelayMs(failures, settings.retryBackoffMs);
      logger.warn({ err: error, topic: settings.topic, group: settings.group, failures, retryInMs }, 'event batch failed; it will be delivered again');
      for (let waited = 0; waited < retryInMs; waited += HEARTBEAT_SLICE_MS) {
        if (!consumer.isRunning()) return false;
        await sleep(Math.min(HEARTBEAT_SLICE_MS, retryInMs - waited));
        await consumer.heartbeat();
      }
      if (!consumer.isRunning()) return false;
    }
  }
}
