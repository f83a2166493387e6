// SPDX-License-Identifier: Apache-2.0
import { ValidationError } from '../errors/lango-error.js';
import { SUBSCRIBE_DEFAULTS, type EventBatchHandler, type SubscribeOptions } from './event-log.js';
import { checkTopic } from './record-values.js';

export interface SubscribeSettings {
  readonly topic: string;
  readonly group: string;
  readonly handler: EventBatchHandler;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly retryBackoffMs: number;
}

/** Fills in the defaults and rejects a setting no adapter could honour, naming the option. */
export function subscribeSettings(options: SubscribeOptions): SubscribeSettings {
  checkTopic(options.topic);
  if (options.group.length === 0) throw new ValidationError('group must not be empty', { path: 'group' });
  const settings = {
    topic: options.topic,
    group: options.group,
    handler: options.handler,
    batchSize: options.batchSize ?? SUBSCRIBE_DEFAULTS.batchSize,
    pollIntervalMs: options.pollIntervalMs ?? SUBSCRIBE_DEFAULTS.pollIntervalMs,
    retryBackoffMs: options.retryBackoffMs ?? SUBSCRIBE_DEFAULTS.retryBackoffMs,
  };
  for (const option of ['batchSize', 'pollIntervalMs', 'retryBackoffMs'] as const) {
    const minimum = option === 'batchSize' ? 1 : 0;
    if (!Number.isSafeInteger(settings[option]) || settings[option] < minimum) {
      throw new ValidationError(`${option} must be an integer of at least ${minimum}`, { path: option });
    }
  }
  return settings;
}

/** Milliseconds to wait after the given number of consecutive failures (1, 2, …): doubling, capped. */
export function retryDelayMs(failures: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(failures - 1, 30), SUBSCRIBE_DEFAULTS.maxRetryBackoffMs);
}
