// SPDX-License-Identifier: Apache-2.0
import { createLogger, type Logger } from '../log/logger.js';
import type { SqlDatabase } from '../store/index.js';
import type { EventLog } from './event-log.js';
import { openSqlEventLog } from './adapters/sql/sql-event-log.js';

export type EventLogSettings =
  | {
      kind: 'sql';
      /** The shared store; the event log keeps its tables in it (context `events`) and never closes it. */
      database: SqlDatabase;
      /** Where failed batches are reported; default: a logger of its own at level info. */
      logger?: Logger | undefined;
    }
  | {
      kind: 'kafka';
      /** `host:port` of one or more bootstrap brokers. */
      brokers: string[];
      clientId: string;
      logger?: Logger | undefined;
    };

/** Opens the configured event log: tables migrated (sql) or broker connections made (kafka) before it resolves. */
export async function openEventLog(settings: EventLogSettings): Promise<EventLog> {
  const logger = (settings.logger ?? createLogger({ level: 'info' })).child({ component: 'event-log' });
  switch (settings.kind) {
    case 'sql':
      return openSqlEventLog({ database: settings.database, logger });
    case 'kafka': {
      // Loaded only when chosen: a single-process deployment on SQLite never loads kafkajs.
      const { openKafkaEventLog } = await import('./adapters/kafka/kafka-event-log.js');
      return openKafkaEventLog({ brokers: settings.brokers, clientId: settings.clientId, logger });
    }
  }
}
