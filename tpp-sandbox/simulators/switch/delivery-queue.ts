// SPDX-License-Identifier: Apache-2.0
// Sends the outbox: every callback the switch owes is a row written in the same transaction as the state change that
// caused it, so a crash or a peer that is down loses nothing. A row being sent is leased (its next attempt moved to
// the future) and deleted once the peer accepted it; a transport failure retries with exponential backoff, a
// synchronous FSPIOP rejection is final (resending the same message would be rejected again).
import type { FspiopClient } from '../../../hub/index.js';
import type { Logger } from '../../../platform/log/index.js';
import type { FaultTable } from './faults.js';
import { errorCodeOf, type MessageLog } from './message-log.js';
import type { QueuedDelivery, SwitchStore } from './switch-store.js';

/** Attempts per message, the first included. */
export const MAX_DELIVERY_ATTEMPTS = 6;
/** Backoff before retry n (1-based): 250 ms, 500 ms, 1 s, 2 s, 4 s. */
export const retryDelayMs = (attempt: number): number => 250 * 2 ** (attempt - 1);
/** How long a row being sent stays invisible to other drains; a crash mid-send retries it after this. */
const LEASE_MS = 600_000;
const BATCH = 50;

export interface DeliveryStats {
  delivered: number;
  retried: number;
  /** Messages given up after MAX_DELIVERY_ATTEMPTS or a synchronous rejection. */
  failed: number;
}

export interface DeliveryQueue {
  /** Sends what is due now and arms a timer for the rest; call after a transaction that enqueued has committed. */
  kick(): void;
  stats(): DeliveryStats;
  /** Stops timers and waits for sends in flight; an interrupted delay fault leaves its message queued. */
  close(): Promise<void>;
}

export interface DeliveryQueueOptions {
  store: SwitchStore;
  client: FspiopClient;
  faults: FaultTable;
  messages: MessageLog;
  logger: Logger;
}

/** Starts the outbox sender; it sends what an earlier run left queued on the first kick. */
export function createDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  const { store, client, faults, messages, logger } = options;
  const stats: DeliveryStats = { delivered: 0, retried: 0, failed: 0 };
  const sending = new Set<Promise<void>>();
  const pauses = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const pause = (ms: number) => new Promise<boolean>((resolve) => {
    const wake = () => { clearTimeout(handle); pauses.delete(wake); resolve(false); };
    const handle = setTimeout(() => { pauses.delete(wake); resolve(true); }, ms);
    pauses.add(wake);
  });

  async function deliver(delivery: QueuedDelivery): Promise<void> {
    const { request } = delivery;
    const delay = faults.take('delay');
    if (delay && !(await pause(delay.ms))) {
      await store.retryDeliveryAt(delivery.id, delivery.attempts, Date.now());
      return;
    }
    const attempt = delivery.attempts + 1;
    const entry = { direction: 'sent' as const, method: request.method, resource: request.resource, path: request.path, source: request.source, destination: request.destination, ...(errorCodeOf(request.body) && { errorCode: errorCodeOf(request.body) }) };
    try {
      await client.send(request);
      await store.removeDelivery(delivery.id);
      stats.delivered += 1;
      messages.add({ at: Date.now(), ...entry, outcome: 'delivered' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const final = (error as { retryable?: boolean } | undefined)?.retryable === false || attempt >= MAX_DELIVERY_ATTEMPTS;
      if (final) {
        await store.removeDelivery(delivery.id);
        stats.failed += 1;
        messages.add({ at: Date.now(), ...entry, outcome: `failed after ${attempt} attempt(s): ${reason}` });
        logger.error({ err: error, method: request.method, path: request.path, destination: request.destination, attempt }, 'switch simulator gave up a callback');
      } else {
        await store.retryDeliveryAt(delivery.id, attempt, Date.now() + retryDelayMs(attempt));
        stats.retried += 1;
        logger.warn({ reason, method: request.method, path: request.path, destination: request.destination, attempt }, 'switch simulator callback failed; retrying');
      }
    }
  }

  function track(delivery: QueuedDelivery): void {
    const sent = deliver(delivery)
      .catch((error: unknown) => logger.error({ err: error }, 'switch simulator outbox update failed'))
      .finally(() => { sending.delete(sent); kick(); });
    sending.add(sent);
  }

  async function drain(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const due = await store.dueDeliveries(now, BATCH);
      if (due.length === 0) break;
      if (closed) return;
      for (const delivery of due) await store.retryDeliveryAt(delivery.id, delivery.attempts, now + LEASE_MS);
      due.forEach(track);
    }
    const next = await store.nextDeliveryAt();
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (next !== undefined && !closed) {
      // setTimeout fires at once for delays over 2^31-1 ms; a lease is far below that.
      timer = setTimeout(kick, Math.max(0, next - Date.now())).unref();
    }
  }

  function kick(): void {
    if (closed) return;
    if (draining) {
      again = true;
      return;
    }
    draining = drain()
      .catch((error: unknown) => logger.error({ err: error }, 'switch simulator outbox read failed'))
      .finally(() => {
        draining = undefined;
        if (again) {
          again = false;
          kick();
        }
      });
  }

  return {
    kick,
    stats: () => ({ ...stats }),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const wake of [...pauses]) wake();
      await draining;
      await Promise.all([...sending]);
    },
  };
}
