// SPDX-License-Identifier: Apache-2.0
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../log/logger.js';
import type { Subscription } from '../../event-log.js';
import { retryDelayMs, type SubscribeSettings } from '../../subscribe-settings.js';
import type { Delivery } from './deliver-batch.js';
import type { TopicSignals } from './topic-signals.js';

export interface SqlSubscriptionParts {
  settings: SubscribeSettings;
  /** One delivery step; it must do nothing once `stopping` has fired (it may have waited for the group's lock). */
  deliver(stopping: AbortSignal): Promise<Delivery>;
  signals: TopicSignals;
  logger: Logger;
  onStopped(): void;
}

/** The polling loop of one subscription: deliver while there are records, then wait for an append or the poll interval. */
export class SqlSubscription implements Subscription {
  readonly #stopping = new AbortController();
  readonly #loop: Promise<void>;

  constructor(private readonly parts: SqlSubscriptionParts) {
    this.#loop = this.#run().finally(() => parts.onStopped());
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { settings, signals, logger } = this.parts;
    const stopping = this.#stopping.signal;
    let failures = 0;
    while (!stopping.aborted) {
      const seen = signals.version(settings.topic);
      let delivery: Delivery;
      try {
        delivery = await this.parts.deliver(stopping);
        failures = 0;
      } catch (error) {
        failures += 1;
        const retryInMs = retryDelayMs(failures, settings.retryBackoffMs);
        logger.warn({ err: error, topic: settings.topic, group: settings.group, failures, retryInMs }, 'event batch failed; it will be delivered again');
        await sleep(retryInMs, undefined, { signal: stopping }).catch(() => {});
        continue;
      }
      if (delivery === 'idle') await signals.wait(settings.topic, seen, settings.pollIntervalMs, stopping);
    }
  }
}
