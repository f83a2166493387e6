// SPDX-License-Identifier: Apache-2.0
// Runs the event log contract against a real broker when LANGO_TEST_KAFKA_BROKERS (comma-separated host:port)
// is set; reported as skipped otherwise. Topics and groups get random names, so a shared broker is fine.
import { describe, it } from 'node:test';
import { createLogger } from '../../../log/logger.js';
import { eventLogContract, type EventLogFixture } from '../../event-log.contract.js';
import { openKafkaEventLog } from './kafka-event-log.js';

const brokers = process.env.LANGO_TEST_KAFKA_BROKERS?.split(',').map((broker) => broker.trim()).filter(Boolean) ?? [];
const logger = createLogger({ level: 'silent' });

async function openFixture(): Promise<EventLogFixture> {
  const log = await openKafkaEventLog({ brokers, clientId: 'lango-test', logger });
  return { log, close: () => log.close(), reopen: openFixture };
}

if (brokers.length > 0) {
  describe('Kafka event log', () => {
    // A consumer group join (and rebalance on leave) takes seconds on a real broker.
    eventLogContract(openFixture, { deliveryTimeoutMs: 30_000 });
  });
} else {
  // One skipped test rather than a skipped suite, so the run's summary counts it.
  it('Kafka event log contract', { skip: 'LANGO_TEST_KAFKA_BROKERS is not set' }, () => {});
}
