// SPDX-License-Identifier: Apache-2.0
export {
  SUBSCRIBE_DEFAULTS,
  type EventLog,
  type EventRecord,
  type NewEventRecord,
  type EventBatchHandler,
  type SubscribeOptions,
  type Subscription,
} from './event-log.js';
export { openEventLog, type EventLogSettings } from './open-event-log.js';
