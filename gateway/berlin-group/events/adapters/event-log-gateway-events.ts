// SPDX-License-Identifier: Apache-2.0
import type { EventLog, NewEventRecord } from '../../../../platform/events/index.js';
import type { Logger } from '../../../../platform/log/index.js';
import { AUDIT_TOPIC, STATUS_TOPIC, type GatewayEvents } from '../gateway-events.js';

/** Most records buffered before the oldest are dropped (with a warning) when the event log is down. */
const MAX_BUFFERED = 50_000;

/**
 * GatewayEvents on the event log. Records are buffered and appended in batches every `flushMs` (default 50 ms):
 * one append per batch keeps the audit trail off the latency of API calls.
 */
export function eventLogGatewayEvents(log: EventLog, logger: Logger, flushMs = 50): GatewayEvents & { close(): Promise<void> } {
  const buffers = new Map<string, NewEventRecord[]>([[AUDIT_TOPIC, []], [STATUS_TOPIC, []]]);
  let flushing: Promise<void> | undefined;
  const push = (topic: string, record: NewEventRecord) => {
    const buffer = buffers.get(topic)!;
    if (buffer.length >= MAX_BUFFERED) {
      buffer.shift();
      logger.warn({ topic }, 'gateway event buffer full: the oldest record was dropped');
    }
    buffer.push(record);
  };
  const flushOnce = async () => {
    for (const [topic, buffer] of buffers) {
      if (buffer.length === 0) continue;
      const batch = buffer.splice(0, buffer.length);
      try {
        await log.append(topic, batch);
      } catch (error) {
        // Put them back in order; the next tick tries again.
        buffer.unshift(...batch);
        logger.warn({ err: error, topic, records: batch.length }, 'appending gateway events failed: will retry');
        return;
      }
    }
  };
  const flush = async () => {
    while (flushing) await flushing;
    flushing = flushOnce().finally(() => {
      flushing = undefined;
    });
    await flushing;
  };
  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();
  return {
    audit(event) {
      push(AUDIT_TOPIC, { key: event.clientId, value: event, timestamp: event.at });
    },
    statusChanged(event) {
      push(STATUS_TOPIC, { key: event.id, value: event, timestamp: event.at });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
