// SPDX-License-Identifier: Apache-2.0
// Keeps payments moving without a TPP asking: a consent status event (the PSU authorised or refused) advances its
// payment at once; a sweep advances those whose event was missed and follows the hub's transfers to the end.
import { CONSENT_STATUS_TOPIC } from '../../../consent/index.js';
import type { EventLog, Subscription } from '../../../platform/events/index.js';
import type { BerlinGroupDeps } from '../deps.js';
import { advanceBasket } from '../baskets/basket-progress.js';
import { advancePayment } from './payment-progress.js';


/** How long a standing order with no execution running waits between two looks of the sweep, in ms. */
const IDLE_ORDER_MS = 60_000;

export interface PaymentWatchSettings {
  /** ms between sweeps; default 1000. */
  sweepEveryMs?: number;
  /** A payment not changed for this long (ms) is swept; default 500. */
  quietForMs?: number;
}

export interface PaymentWatch {
  close(): Promise<void>;
}

export async function watchPayments(deps: BerlinGroupDeps, eventLog: EventLog, settings: PaymentWatchSettings = {}): Promise<PaymentWatch> {
  const advance = async (paymentId: string) => {
    const payment = await deps.payments.get(paymentId);
    if (payment) await advancePayment(deps, payment);
  };
  const subscription: Subscription = await eventLog.subscribe({
    topic: CONSENT_STATUS_TOPIC,
    group: 'gateway-payments',
    handler: async (batch) => {
      for (const record of batch) {
        const value = record.value as { consentId?: string; scheme?: string };
        if (value.scheme !== 'berlin-group' || !value.consentId) continue;
        const basket = await deps.baskets.get(value.consentId);
        if (basket) await advanceBasket(deps, basket);
        else await advance(value.consentId);
      }
    },
  });
  let sweeping = false;
  let sweeps = 0;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const quiet = deps.now() - (settings.quietForMs ?? 500);
      const due = await deps.payments.stale(['ACTC', 'ACSP'], quiet, 100);
      // Payments waiting for their PSU are looked at less often; each one looked at goes to the back of the line.
      if (sweeps++ % 10 === 0) due.push(...(await deps.payments.stale(['RCVD'], quiet, 100)));
      for (const payment of due) {
        try {
          const after = await advancePayment(deps, payment);
          if (after.transactionStatus === payment.transactionStatus) {
            // Unchanged: to the back of the line; a standing order between executions only every minute.
            const idle = after.standingOrder && after.legs.every((leg) => leg.status === 'COMPLETED' || leg.status === 'FAILED');
            await deps.payments.touch(payment.paymentId, deps.now() + (idle ? IDLE_ORDER_MS : 0));
          }
        } catch (error) {
          deps.logger.warn({ err: error, paymentId: payment.paymentId }, 'advancing a payment failed');
        }
      }
    } catch (error) {
      deps.logger.warn({ err: error }, 'payment sweep failed');
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => void sweep(), settings.sweepEveryMs ?? 1000);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await subscription.stop();
    },
  };
}
