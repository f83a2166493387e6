// SPDX-License-Identifier: Apache-2.0

/**
 * One record of a topic. Offsets are per topic, start at 0 and have no gaps, so `offset + 1` is where a
 * reader that has handled this record goes on (a consumer group's committed offset).
 */
export interface EventRecord {
  readonly topic: string;
  /** Position in the topic: 0, 1, 2, … in the order the log accepted the records. */
  readonly offset: number;
  /** Lets readers group related records (a processInstanceKey, a consent id); null when none was given. */
  readonly key: string | null;
  /** Any JSON-serialisable value; readers get it back parsed. */
  readonly value: unknown;
  /** Epoch milliseconds: the producer's, or the time of the append when it gave none. */
  readonly timestamp: number;
}

/** A record as a producer hands it over; the log assigns the offset. */
export interface NewEventRecord {
  key?: string | undefined;
  value: unknown;
  /** Epoch milliseconds; default: now. */
  timestamp?: number | undefined;
}

/** Handles one batch; resolving commits the batch, throwing gets the same batch again after a backoff. */
export type EventBatchHandler = (batch: EventRecord[]) => Promise<void>;

export interface SubscribeOptions {
  topic: string;
  /** Consumer group: the name under which the committed offset is kept. */
  group: string;
  handler: EventBatchHandler;
  /** Most records handed to the handler at once; default 100. */
  batchSize?: number | undefined;
  /** Milliseconds between looks for new records when the log is idle; default 200 (SQL adapter only). */
  pollIntervalMs?: number | undefined;
  /** Milliseconds before a failed batch is retried, doubling per failure up to 30 s; default 500. */
  retryBackoffMs?: number | undefined;
}

export interface Subscription {
  /** Waits for the running handler (its batch is committed if it succeeds), then delivers nothing more. */
  stop(): Promise<void>;
}

/**
 * The event log port: ordered, durable topics with consumer groups (Zeebe-shaped engine records,
 * gateway audit events). Delivery is at least once: a handler must be idempotent by offset.
 * Failures of the underlying store reject with EVENT_LOG_UNAVAILABLE; a value that is not JSON with VALIDATION_FAILED.
 */
export interface EventLog {
  /** Appends the records in order and resolves with their offsets (gapless, increasing) once they are durable. */
  append(topic: string, records: readonly NewEventRecord[]): Promise<number[]>;
  /** Starts delivering the topic to the group from its committed offset (0 for a new group), batch by batch. */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** The offset the group reads next: one past its last committed record, 0 when it has committed nothing. */
  committedOffset(topic: string, group: string): Promise<number>;
  /** The offset the next appended record will get (0 for an empty topic); `endOffset - committedOffset` is the lag. */
  endOffset(topic: string): Promise<number>;
  /** Stops every subscription (waiting for running handlers) and releases connections; the log's own, never a database it was given. */
  close(): Promise<void>;
}

export const SUBSCRIBE_DEFAULTS = {
  batchSize: 100,
  pollIntervalMs: 200,
  retryBackoffMs: 500,
  /** The ceiling of the doubling retry backoff, in milliseconds. */
  maxRetryBackoffMs: 30_000,
} as const;
