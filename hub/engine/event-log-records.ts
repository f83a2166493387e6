// SPDX-License-Identifier: Apache-2.0
import { hostname } from 'node:os';
import type { EventLog } from '../../platform/events/index.js';
import { ENGINE_RECORDS_TOPIC, type EngineRecord } from './records.js';
import type { RecordListener } from './workflow-engine.js';

/**
 * A live records source read from the event log's `zeebe` topic (where Zeebe's Kafka exporter writes):
 * each subscriber gets the records appended after it subscribed, as `onRecords` promises.
 */
export function eventLogRecords(eventLog: EventLog): (listener: RecordListener) => () => void {
  let subscriber = 0;
  return (listener) => {
    let stopped = false;
    let stop: (() => Promise<void>) | undefined;
    const group = `lango-live-records-${hostname()}-${process.pid}-${(subscriber += 1)}`;
    void eventLog.endOffset(ENGINE_RECORDS_TOPIC).then(async (from) => {
      const subscription = await eventLog.subscribe({
        topic: ENGINE_RECORDS_TOPIC,
        group,
        handler: async (batch) => {
          const fresh = batch.filter((record) => record.offset >= from).map((record) => record.value as EngineRecord);
          if (!stopped && fresh.length) listener(fresh);
        },
      });
      stop = () => subscription.stop();
      if (stopped) await stop();
    });
    return () => {
      stopped = true;
      void stop?.();
    };
  };
}
