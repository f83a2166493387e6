// SPDX-License-Identifier: Apache-2.0
// The operations streamer: reads engine records (`zeebe` topic, written by the embedded engine's exporter or
// Zeebe's Kafka exporter) and the gateway's audit events (`gateway.audit`) from the event log with its own
// consumer group, and applies them to the operations view. Delivery is at least once; the view skips what it
// has applied (by engine position, by audit offset), so a redelivered batch changes nothing. The streamer is
// off the payment path: when it stops, payments go on and the view catches up later.
import type { EventLog, EventRecord, Subscription } from '../../platform/events/index.js';
import type { Logger } from '../../platform/log/index.js';
import type { Metrics } from '../../platform/metrics/index.js';
import { ENGINE_RECORDS_TOPIC, type EngineRecord } from '../engine/records.js';
import type { AuditEventValue, OperationsAuditEvent, OperationsView } from './operations-view.js';

/** The gateway's audit topic (gateway/berlin-group/events/gateway-events.ts `AUDIT_TOPIC`; hub may not import gateway). */
export const AUDIT_TOPIC = 'gateway.audit';
export const DEFAULT_STREAMER_GROUP = 'operations-streamer';

export interface OperationsStreamerSettings {
  eventLog: EventLog;
  view: OperationsView;
  logger: Logger;
  /** Consumer group; default `operations-streamer`. */
  group?: string;
  /** Records per batch (one view transaction each); default 500. */
  batchSize?: number;
  /** When given, the lag is exported as gauge `lango_operations_streamer_lag_records{topic}`. */
  metrics?: Metrics;
}

/** Records appended to each topic and not yet applied by the streamer's group. */
export interface StreamerLag {
  engineRecords: number;
  audit: number;
}

export interface OperationsStreamer {
  /** The consumer group in use (a rebuild switches to a new one). */
  readonly group: string;
  /** endOffset − committedOffset per topic, for the current group. */
  lag(): Promise<StreamerLag>;
  /** Resolves once the group has applied everything appended before the call; rejects after `timeoutMs` (default 60 s). */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops, empties the view, and reads both topics again from offset 0 under a new group; resolves once caught up. */
  rebuild(timeoutMs?: number): Promise<void>;
  /** Stops consuming (waits for a running batch); the view stays as it is. */
  close(): Promise<void>;
}

const BATCH_SIZE = 500;
const CATCH_UP_POLL_MS = 50;
const CATCH_UP_TIMEOUT_MS = 60_000;

/** Subscribes to both topics and resolves once the subscriptions are running. */
export async function startOperationsStreamer(settings: OperationsStreamerSettings): Promise<OperationsStreamer> {
  const streamer = new EventLogStreamer(settings, settings.group ?? DEFAULT_STREAMER_GROUP);
  await streamer.start();
  if (settings.metrics) {
    settings.metrics.gauge('lango_operations_streamer_lag_records', 'Records in the event log not yet applied to the operations view, by topic', ['topic'], async (gauge) => {
      const lag = await streamer.lag();
      gauge.set({ topic: ENGINE_RECORDS_TOPIC }, lag.engineRecords);
      gauge.set({ topic: AUDIT_TOPIC }, lag.audit);
    });
  }
  return streamer;
}

class EventLogStreamer implements OperationsStreamer {
  #subscriptions: Subscription[] = [];
  readonly #logger: Logger;

  constructor(private readonly settings: OperationsStreamerSettings, public group: string) {
    this.#logger = settings.logger.child({ component: 'operations-streamer' });
  }

  async start(): Promise<void> {
    const { eventLog, view } = this.settings;
    const batchSize = this.settings.batchSize ?? BATCH_SIZE;
    this.#subscriptions = [
      await eventLog.subscribe({
        topic: ENGINE_RECORDS_TOPIC, group: this.group, batchSize,
        handler: (batch) => view.applyEngineRecords(this.#engineRecords(batch)),
      }),
      await eventLog.subscribe({
        topic: AUDIT_TOPIC, group: this.group, batchSize,
        handler: (batch) => view.applyAuditEvents(this.#auditEvents(batch)),
      }),
    ];
  }

  async lag(): Promise<StreamerLag> {
    const behind = async (topic: string) => Math.max(0, (await this.settings.eventLog.endOffset(topic)) - (await this.settings.eventLog.committedOffset(topic, this.group)));
    const [engineRecords, audit] = await Promise.all([behind(ENGINE_RECORDS_TOPIC), behind(AUDIT_TOPIC)]);
    return { engineRecords, audit };
  }

  async caughtUp(timeoutMs = CATCH_UP_TIMEOUT_MS): Promise<void> {
    const { eventLog } = this.settings;
    const targets = await Promise.all([ENGINE_RECORDS_TOPIC, AUDIT_TOPIC].map(async (topic) => ({ topic, end: await eventLog.endOffset(topic) })));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const committed = await Promise.all(targets.map(({ topic }) => eventLog.committedOffset(topic, this.group)));
      if (targets.every(({ end }, index) => committed[index]! >= end)) return;
      if (Date.now() > deadline) throw new Error(`operations streamer (group ${this.group}) did not catch up within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
    }
  }

  async rebuild(timeoutMs = CATCH_UP_TIMEOUT_MS): Promise<void> {
    await this.close();
    await this.settings.view.reset();
    // A new group starts at offset 0; the old group's offsets are left behind, harmless (it is never read again).
    this.group = `${this.group.replace(/-rebuild-\d+$/, '')}-rebuild-${Date.now()}`;
    this.#logger.info({ group: this.group }, 'rebuilding the operations view from the event log');
    await this.start();
    await this.caughtUp(timeoutMs);
  }

  async close(): Promise<void> {
    const subscriptions = this.#subscriptions;
    this.#subscriptions = [];
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
  }

  /** A value that is not an engine record cannot be applied, now or later: it is logged and skipped. */
  #engineRecords(batch: EventRecord[]): EngineRecord[] {
    return batch.flatMap((record) => {
      const value = record.value as Partial<EngineRecord> | null;
      if (value && typeof value === 'object' && Number.isSafeInteger(value.position) && typeof value.valueType === 'string' && value.value && typeof value.value === 'object') {
        return [{ ...value, partitionId: value.partitionId ?? 1, key: String(value.key) } as EngineRecord];
      }
      this.#logger.warn({ topic: record.topic, offset: record.offset }, 'skipping a record that is not an engine record');
      return [];
    });
  }

  #auditEvents(batch: EventRecord[]): OperationsAuditEvent[] {
    return batch.flatMap((record) => {
      const value = record.value as Partial<AuditEventValue> | null;
      if (value && typeof value === 'object' && typeof value.at === 'number' && typeof value.method === 'string' && typeof value.endpoint === 'string' && typeof value.status === 'number') {
        return [{ ...(value as AuditEventValue), durationMs: typeof value.durationMs === 'number' ? value.durationMs : 0, offset: record.offset }];
      }
      this.#logger.warn({ topic: record.topic, offset: record.offset }, 'skipping a record that is not an audit event');
      return [];
    });
  }
}
