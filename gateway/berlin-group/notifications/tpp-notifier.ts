// SPDX-License-Identifier: Apache-2.0
// Turns status events into notification deliveries and sends them: consent changes made by the PSU (the consent
// context's topic), payment changes and TPP deletions (the gateway's status topic). Each POST carries a fresh
// X-Request-ID and, when the bank has a seal, the NextGenPSD2 signature headers over it (Digest, Signature and the
// seal certificate), so the TPP can check it came from the bank.
import { randomUUID } from 'node:crypto';
import { CONSENT_STATUS_TOPIC } from '../../../consent/index.js';
import type { EventLog, EventRecord, Subscription } from '../../../platform/events/index.js';
import type { Logger } from '../../../platform/log/index.js';
import { STATUS_TOPIC, type StatusEvent } from '../events/gateway-events.js';
import { signRequest } from '../signatures/http-signature.js';
import type { Delivery, NotificationStore } from './notification.js';

export interface TppNotifierSettings {
  store: NotificationStore;
  eventLog: EventLog;
  logger: Logger;
  /** The bank's QSealC and key that sign notifications; unsigned without. */
  seal?: (() => { certPem: string; keyPem: string } | undefined) | undefined;
  /** Attempts before a delivery is given up; default 10. */
  maxAttempts?: number;
  /** First retry delay, ms, doubled per attempt up to 10 minutes; default 1000. */
  firstRetryMs?: number;
  /** ms between looks for due deliveries; default 500. */
  pollMs?: number;
  /** Deadline of one POST, ms; default 5000. */
  timeoutMs?: number;
  now?: () => number;
}

const MAX_RETRY_MS = 10 * 60_000;

export interface TppNotifier {
  close(): Promise<void>;
}

export async function startTppNotifier(settings: TppNotifierSettings): Promise<TppNotifier> {
  const { store, logger } = settings;
  const now = settings.now ?? Date.now;
  const maxAttempts = settings.maxAttempts ?? 10;
  const firstRetryMs = settings.firstRetryMs ?? 1000;

  const enqueue = async (resourceId: string, resource: 'consent' | 'payment', status: string, at: number) => {
    const target = await store.target(resourceId);
    // A payment's authorisation is a consent too: its TPP hears about the payment, not about that consent.
    if (!target || target.resource !== resource) return;
    const body = resource === 'consent'
      ? { consentId: resourceId, consentStatus: status, changedAt: new Date(at).toISOString() }
      : { paymentId: resourceId, transactionStatus: status, changedAt: new Date(at).toISOString() };
    await store.enqueue(target, status, body, now());
  };
  const onStatus = async (batch: EventRecord[]) => {
    for (const record of batch) {
      const event = record.value as StatusEvent;
      await enqueue(event.id, event.resource, event.status, event.at);
    }
  };
  const onConsent = async (batch: EventRecord[]) => {
    for (const record of batch) {
      const event = record.value as { consentId?: string; status?: string; scheme?: string; at?: number };
      if (event.scheme === 'berlin-group' && event.consentId && event.status) await enqueue(event.consentId, 'consent', event.status, event.at ?? record.timestamp);
    }
  };
  const subscriptions: Subscription[] = [
    await settings.eventLog.subscribe({ topic: STATUS_TOPIC, group: 'gateway-notifications', handler: onStatus }),
    await settings.eventLog.subscribe({ topic: CONSENT_STATUS_TOPIC, group: 'gateway-notifications', handler: onConsent }),
  ];

  const send = async (delivery: Delivery) => {
    const body = JSON.stringify(delivery.body);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'X-Request-ID': randomUUID() };
    const seal = settings.seal?.();
    const signed = seal ? signRequest({ headers, body, certificatePem: seal.certPem, privateKeyPem: seal.keyPem }) : {};
    const attempts = delivery.attempts + 1;
    try {
      const response = await fetch(delivery.uri, { method: 'POST', headers: { ...headers, ...signed }, body, redirect: 'manual', signal: AbortSignal.timeout(settings.timeoutMs ?? 5000) });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return store.record(delivery.deliveryId, { state: 'delivered', attempts, nextAt: now(), deliveredAt: now() });
      throw new Error(`the TPP answered ${response.status}`);
    } catch (error) {
      const lastError = error instanceof Error ? error.message : String(error);
      const state = attempts >= maxAttempts ? 'failed' : 'pending';
      if (state === 'failed') logger.warn({ deliveryId: delivery.deliveryId, uri: delivery.uri, lastError }, 'TPP notification given up');
      return store.record(delivery.deliveryId, { state, attempts, nextAt: now() + Math.min(firstRetryMs * 2 ** (attempts - 1), MAX_RETRY_MS), lastError });
    }
  };
  let running = false;
  const dispatch = async () => {
    if (running) return;
    running = true;
    try {
      // One resource's changes go out one after the other, in the order they happened; resources in parallel.
      const byResource = new Map<string, Delivery[]>();
      for (const delivery of await store.due(now(), 50)) byResource.set(delivery.resourceId, [...(byResource.get(delivery.resourceId) ?? []), delivery]);
      await Promise.all([...byResource.values()].map(async (deliveries) => {
        for (const delivery of deliveries) await send(delivery);
      }));
    } catch (error) {
      logger.warn({ err: error }, 'sending TPP notifications failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void dispatch(), settings.pollMs ?? 500);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    },
  };
}
