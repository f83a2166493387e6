// SPDX-License-Identifier: Apache-2.0
// Feeds the portal's API activity from the gateway's audit records (`gateway.audit`) under its own consumer
// group, as the operations streamer does for its view: delivery is at least once, and the store skips what it
// has (by record position), so a batch delivered again counts nothing twice. Calls older than the retention are
// neither stored nor kept: pruning runs at start and then at most once a minute as batches arrive.
import { AUDIT_TOPIC, type AuditEvent } from '../../../gateway/index.js';
import type { EventLog, EventRecord, Subscription } from '../../../platform/events/index.js';
import type { Logger } from '../../../platform/log/index.js';
import type { SqlDatabase } from '../../../platform/store/index.js';
import type { ApiActivity, ApiActivityStore, ApiCall } from './api-activity.js';
import { openSqlApiActivity } from './adapters/sql/sql-api-activity.js';

export const DEFAULT_ACTIVITY_GROUP = 'portal-activity';
export const DEFAULT_RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 60_000;
const BATCH_SIZE = 500;
const CATCH_UP_POLL_MS = 50;
const CATCH_UP_TIMEOUT_MS = 60_000;

export interface ApiActivitySettings {
  /** The shared store; the projection keeps table `portal_api_calls` in it (migration context `portal_activity`). */
  database: SqlDatabase;
  eventLog: EventLog;
  logger: Logger;
  /** Days of calls kept; default 30. */
  retentionDays?: number | undefined;
  /** Consumer group; default `portal-activity`. */
  group?: string | undefined;
  /** Records per batch (one store transaction each); default 500. */
  batchSize?: number | undefined;
  /** Epoch ms now; tests move it to see retention work. Default Date.now. */
  now?: (() => number) | undefined;
}

export interface RunningApiActivity {
  /** What the portal reads: pass the team's own client ids. */
  store: ApiActivity;
  /** Resolves once everything appended to `gateway.audit` before the call is in the store; rejects after `timeoutMs` (default 60 s). */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops consuming (waits for a running batch); the store stays readable until the database is closed. */
  close(): Promise<void>;
}

/** The call an audit record describes; undefined for a record that is not an audit event or names no client (refused before the TPP was identified). */
export function callOf(record: EventRecord): ApiCall | undefined {
  const value = record.value as Partial<AuditEvent> | null;
  if (!value || typeof value !== 'object') return undefined;
  if (typeof value.clientId !== 'string' || value.clientId === '' || typeof value.method !== 'string' || typeof value.endpoint !== 'string' || typeof value.status !== 'number') return undefined;
  const text = (field: unknown) => (typeof field === 'string' && field !== '' ? field : undefined);
  return {
    position: record.offset,
    at: Number.isSafeInteger(value.at) ? value.at! : record.timestamp,
    clientId: value.clientId, requestId: text(value.requestId), tenantId: text(value.tenantId), consentId: text(value.consentId), paymentId: text(value.paymentId),
    method: value.method, endpoint: value.endpoint, status: value.status, errorCode: text(value.errorCode),
    durationMs: typeof value.durationMs === 'number' && Number.isFinite(value.durationMs) ? value.durationMs : 0,
  };
}

/** Opens the projection's table and subscribes to `gateway.audit`; resolves once the subscription runs. */
export async function startApiActivity(settings: ApiActivitySettings): Promise<RunningApiActivity> {
  const { eventLog } = settings;
  const retentionDays = settings.retentionDays ?? DEFAULT_RETENTION_DAYS;
  if (!(retentionDays > 0)) throw new RangeError(`retentionDays must be above 0, not ${retentionDays}`);
  const group = settings.group ?? DEFAULT_ACTIVITY_GROUP;
  const now = settings.now ?? Date.now;
  const logger = settings.logger.child({ component: 'portal-activity' });
  const store: ApiActivityStore = await openSqlApiActivity(settings.database);
  const keepFrom = () => now() - retentionDays * DAY_MS;

  let prunedAt = Number.NEGATIVE_INFINITY;
  const pruneNow = async () => {
    prunedAt = now();
    const removed = await store.prune(keepFrom());
    if (removed > 0) logger.debug({ removed, retentionDays }, 'pruned API calls past retention');
  };
  await pruneNow();

  const subscription: Subscription = await eventLog.subscribe({
    topic: AUDIT_TOPIC, group, batchSize: settings.batchSize ?? BATCH_SIZE,
    handler: async (batch) => {
      const calls: ApiCall[] = [];
      for (const record of batch) {
        const call = callOf(record);
        if (call) calls.push(call);
        // Refusals before the TPP was identified belong to no application: not an error, nothing to show.
        else if (!isAnonymousAudit(record)) logger.warn({ topic: record.topic, offset: record.offset }, 'skipping a record that is not an audit event');
      }
      await store.record(calls, keepFrom());
      if (now() - prunedAt >= PRUNE_EVERY_MS) await pruneNow();
    },
  });

  return {
    store,
    async caughtUp(timeoutMs = CATCH_UP_TIMEOUT_MS) {
      const end = await eventLog.endOffset(AUDIT_TOPIC);
      const deadline = Date.now() + timeoutMs;
      while ((await eventLog.committedOffset(AUDIT_TOPIC, group)) < end) {
        if (Date.now() > deadline) throw new Error(`portal activity (group ${group}) did not catch up within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
      }
    },
    async close() {
      await subscription.stop();
    },
  };
}

function isAnonymousAudit(record: EventRecord): boolean {
  const value = record.value as Partial<AuditEvent> | null;
  return !!value && typeof value === 'object' && typeof value.method === 'string' && typeof value.status === 'number' && !value.clientId;
}
