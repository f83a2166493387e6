// SPDX-License-Identifier: Apache-2.0
import { ValidationError } from '../errors/lango-error.js';
import type { NewEventRecord } from './event-log.js';

/** A record ready for storage: the value as JSON text, the timestamp resolved. */
export interface EncodedRecord {
  key: string | null;
  value: string;
  /** Epoch milliseconds. */
  timestamp: number;
}

/**
 * Kafka's rule for topic names, applied on every adapter so a topic that works on SQLite also works on
 * Kafka (and never needs quoting in a log line or a metric label).
 */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function checkTopic(topic: string): void {
  if (!TOPIC_NAME.test(topic)) throw new ValidationError(`invalid topic name "${topic}": use 1 to 249 of a-z A-Z 0-9 . _ -`, { path: 'topic' });
}

/** Encodes records before any I/O, so a bad value rejects the whole append and nothing is written. */
export function encodeRecords(topic: string, records: readonly NewEventRecord[], now: number = Date.now()): EncodedRecord[] {
  return records.map((record, index) => {
    const timestamp = record.timestamp ?? now;
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new ValidationError(`record ${index} for topic ${topic}: timestamp must be epoch milliseconds`, { path: `records[${index}].timestamp` });
    }
    return { key: record.key ?? null, value: encodeValue(topic, index, record.value), timestamp };
  });
}

function encodeValue(topic: string, index: number, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(`record ${index} for topic ${topic}: value is not JSON-serialisable`, { path: `records[${index}].value`, cause: error });
  }
  // JSON.stringify answers undefined (no throw) for undefined, functions and symbols.
  if (text === undefined) throw new ValidationError(`record ${index} for topic ${topic}: value is not JSON-serialisable`, { path: `records[${index}].value` });
  return text;
}

export function decodeValue(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}
