// SPDX-License-Identifier: Apache-2.0
// Feeds the audit trail from the event log: the gateway's API audit events (`gateway.audit`) become `api-call`
// entries, consent status changes (`consent.status`) become `consent` entries. Each batch is appended in one
// transaction together with its topic offset as the source position, so a batch delivered again, or again and
// further (a restart before the offset commit), adds only what is not in the trail yet.
import type { EventLog, EventRecord, Subscription } from '../../../platform/events/index.js';
import type { Logger } from '../../../platform/log/index.js';
import type { AuditEventValue } from '../operations-view.js';
import type { AuditTrail, NewAuditEntry } from './audit-trail.js';

/** The gateway's audit topic (gateway/berlin-group/events/gateway-events.ts `AUDIT_TOPIC`; hub may not import gateway). */
export const GATEWAY_AUDIT_TOPIC = 'gateway.audit';
/** Consent status changes (consent/consents/consent-events.ts `CONSENT_STATUS_TOPIC`; hub may not import consent). */
export const CONSENT_STATUS_TOPIC = 'consent.status';
export const DEFAULT_AUDIT_FEED_GROUP = 'operations-audit-trail';

/** The fields of a `consent.status` record the trail uses; absent ones were not written. */
interface ConsentStatusValue {
  consentId: string;
  /** Berlin Group consentStatus: valid, rejected, revokedByPsu, terminatedByTpp, expired. */
  status: string;
  /** Epoch ms of the change. */
  at?: number;
  tenantId?: string;
  clientId?: string;
  psuId?: string | null;
  scheme?: string;
  /** Who made the change (the consent's statusChangedBy), should the publisher add it. */
  statusChangedBy?: 'psu' | 'tpp' | 'system' | 'operator';
}

/**
 * Who makes each consent status change when the record does not say (consent/consents/consent-lifecycle.ts
 * CONSENT_TRANSITIONS: every target status has exactly one role).
 */
const CONSENT_STATUS_CHANGED_BY: Record<string, ConsentStatusValue['statusChangedBy']> = {
  valid: 'psu', rejected: 'psu', revokedByPsu: 'psu', terminatedByTpp: 'tpp', expired: 'system',
};

export interface AuditTrailFeedSettings {
  eventLog: EventLog;
  trail: AuditTrail;
  logger: Logger;
  /** Consumer group; default `operations-audit-trail`. */
  group?: string;
  /** Records per batch (one trail transaction each); default 500. */
  batchSize?: number;
}

export interface AuditTrailFeed {
  /** Resolves once the group has appended everything in both topics before the call; rejects after `timeoutMs` (default 60 s). */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops consuming (waits for a running batch). */
  close(): Promise<void>;
}

const BATCH_SIZE = 500;
const CATCH_UP_POLL_MS = 50;
const CATCH_UP_TIMEOUT_MS = 60_000;
const TOPICS = [GATEWAY_AUDIT_TOPIC, CONSENT_STATUS_TOPIC] as const;

/** Subscribes to both topics and resolves once the subscriptions are running. */
export async function startAuditTrailFeed(settings: AuditTrailFeedSettings): Promise<AuditTrailFeed> {
  const { eventLog, trail } = settings;
  const group = settings.group ?? DEFAULT_AUDIT_FEED_GROUP;
  const logger = settings.logger.child({ component: 'audit-trail-feed' });
  const toEntries = { [GATEWAY_AUDIT_TOPIC]: apiCallEntry, [CONSENT_STATUS_TOPIC]: consentEntry };
  const subscriptions: Subscription[] = [];
  for (const topic of TOPICS) {
    subscriptions.push(await eventLog.subscribe({
      topic, group, batchSize: settings.batchSize ?? BATCH_SIZE,
      handler: async (batch) => {
        const last = batch.at(-1);
        if (!last) return;
        const entries: NewAuditEntry[] = [];
        const entryPositions: number[] = [];
        for (const record of batch) {
          const entry = toEntries[topic](record);
          if (entry) {
            entries.push(entry);
            entryPositions.push(record.offset);
          } else {
            logger.warn({ topic, offset: record.offset }, 'skipping a record the audit trail cannot read');
          }
        }
        await trail.append(entries, { name: topic, position: last.offset, entryPositions });
      },
    }));
  }
  return {
    async caughtUp(timeoutMs = CATCH_UP_TIMEOUT_MS) {
      const targets = await Promise.all(TOPICS.map(async (topic) => ({ topic, end: await eventLog.endOffset(topic) })));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const committed = await Promise.all(targets.map(({ topic }) => eventLog.committedOffset(topic, group)));
        if (targets.every(({ end }, index) => committed[index]! >= end)) return;
        if (Date.now() > deadline) throw new Error(`audit trail feed (group ${group}) did not catch up within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
      }
    },
    async close() {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
    },
  };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** One gateway API call; undefined when the record is not an audit event. */
export function apiCallEntry(record: EventRecord): NewAuditEntry | undefined {
  const value = record.value as (Partial<AuditEventValue> & { tenantId?: unknown }) | null;
  if (!value || typeof value !== 'object' || typeof value.method !== 'string' || typeof value.endpoint !== 'string' || typeof value.status !== 'number') return undefined;
  const paymentId = text(value.paymentId);
  const consentId = text(value.consentId);
  const subject = paymentId ?? consentId;
  const tenantId = text(value.tenantId);
  return {
    at: Number.isSafeInteger(value.at) ? value.at! : record.timestamp,
    kind: 'api-call',
    actor: text(value.clientId) ?? 'unknown',
    action: `${value.method} ${value.endpoint}`,
    ...(tenantId !== undefined && { tenantId }),
    ...(subject !== undefined && { subject }),
    details: {
      status: value.status, errorCode: value.errorCode, requestId: value.requestId, organisationId: value.organisationId, psuId: value.psuId,
      durationMs: value.durationMs,
      // The subject names the payment; the consent it was made under is kept here.
      ...(paymentId !== undefined && { consentId }),
    },
  };
}

/** One consent status change; undefined when the record is not one. */
export function consentEntry(record: EventRecord): NewAuditEntry | undefined {
  const value = record.value as Partial<ConsentStatusValue> | null;
  if (!value || typeof value !== 'object' || !text(value.consentId) || !text(value.status)) return undefined;
  const tenantId = text(value.tenantId);
  return {
    at: Number.isSafeInteger(value.at) ? value.at! : record.timestamp,
    kind: 'consent',
    actor: consentActor(value as ConsentStatusValue),
    action: `consent.${value.status!}`,
    subject: value.consentId!,
    ...(tenantId !== undefined && { tenantId }),
    after: value.status,
    details: { scheme: value.scheme, clientId: value.clientId, psuId: value.psuId ?? undefined },
  };
}

/** `psu:<psuId>`, the TPP's client id, `operator` or `system`. */
function consentActor(value: ConsentStatusValue): string {
  switch (value.statusChangedBy ?? CONSENT_STATUS_CHANGED_BY[value.status]) {
    case 'psu':
      return `psu:${text(value.psuId) ?? 'unknown'}`;
    case 'tpp':
      return text(value.clientId) ?? 'unknown';
    case 'operator':
      return 'operator';
    default:
      return 'system';
  }
}
