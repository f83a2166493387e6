// SPDX-License-Identifier: Apache-2.0
import { Kafka, type Admin, type Producer } from 'kafkajs';
import { UnavailableError } from '../../../errors/lango-error.js';
import type { Logger } from '../../../log/logger.js';
import type { EventLog, NewEventRecord, SubscribeOptions, Subscription } from '../../event-log.js';
import { checkTopic, encodeRecords } from '../../record-values.js';
import { subscribeSettings } from '../../subscribe-settings.js';
import { deliverKafkaBatch } from './kafka-batches.js';
import { kafkaLogCreator } from './kafka-logging.js';
import { assertOpen, guardEventLog } from '../../unavailable.js';

export interface KafkaEventLogSettings {
  /** `host:port` of one or more brokers. */
  brokers: string[];
  /** Names this process to the brokers (quotas, broker logs). */
  clientId: string;
  logger: Logger;
}

/**
 * Every topic has exactly one partition: the port promises one gapless order per topic, which Kafka gives
 * only within a partition. Topics are created on first use with the broker's default replication factor.
 */
const PARTITION = 0;

/** Connects the admin client and the producer, so a broker that cannot be reached stops start-up. */
export async function openKafkaEventLog(settings: KafkaEventLogSettings): Promise<EventLog> {
  const kafka = new Kafka({ clientId: settings.clientId, brokers: settings.brokers, logCreator: kafkaLogCreator(settings.logger) });
  const admin = kafka.admin();
  // Idempotence keeps a retried send from writing a record twice; one request in flight keeps sends in order.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  try {
    await admin.connect();
    await producer.connect();
  } catch (error) {
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    throw new UnavailableError('EVENT_LOG_UNAVAILABLE', `cannot connect to Kafka at ${settings.brokers.join(',')}`, { cause: error });
  }
  return new KafkaEventLog(kafka, admin, producer, settings.logger);
}

class KafkaEventLog implements EventLog {
  readonly #topics = new Map<string, Promise<void>>();
  readonly #subscriptions = new Set<Subscription>();
  #closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: Producer,
    private readonly logger: Logger,
  ) {}

  /** Kafka gives one send to one partition consecutive offsets, starting at the batch's base offset. */
  async append(topic: string, records: readonly NewEventRecord[]): Promise<number[]> {
    assertOpen(this.#closed);
    checkTopic(topic);
    const rows = encodeRecords(topic, records);
    if (rows.length === 0) return [];
    const messages = rows.map((row) => ({ key: row.key, value: row.value, timestamp: String(row.timestamp), partition: PARTITION }));
    const [sent] = await guardEventLog(`cannot append to topic ${topic}`, async () => {
      await this.#ensureTopic(topic);
      return this.producer.send({ topic, messages, acks: -1 });
    });
    const base = Number(sent?.baseOffset);
    if (!Number.isSafeInteger(base)) throw new UnavailableError('EVENT_LOG_UNAVAILABLE', `Kafka gave no base offset for the append to topic ${topic}`);
    return rows.map((_, index) => base + index);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    assertOpen(this.#closed);
    const settings = subscribeSettings(options);
    const consumer = this.kafka.consumer({ groupId: settings.group, allowAutoTopicCreation: false });
    await guardEventLog(`cannot subscribe group ${settings.group} to topic ${settings.topic}`, async () => {
      await this.#ensureTopic(settings.topic);
      await consumer.connect();
      // fromBeginning only applies to a group without a committed offset: a new group starts at 0.
      await consumer.subscribe({ topics: [settings.topic], fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: deliverKafkaBatch(settings, this.logger) });
    }).catch(async (error: unknown) => {
      await consumer.disconnect().catch(() => {});
      throw error;
    });
    const subscription: Subscription = {
      // disconnect() stops the consumer, which waits for the running eachBatch, then leaves the group.
      stop: async () => {
        this.#subscriptions.delete(subscription);
        await consumer.disconnect();
      },
    };
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async committedOffset(topic: string, group: string): Promise<number> {
    const topics = await guardEventLog(`cannot read the offset of group ${group} on topic ${topic}`, () => this.admin.fetchOffsets({ groupId: group, topics: [topic] }));
    const offset = Number(topics.find((entry) => entry.topic === topic)?.partitions.find((entry) => entry.partition === PARTITION)?.offset ?? -1);
    // Kafka answers -1 for a group that has committed nothing on the partition.
    return offset < 0 ? 0 : offset;
  }

  async endOffset(topic: string): Promise<number> {
    const partitions = await guardEventLog(`cannot read the end of topic ${topic}`, async () => {
      await this.#ensureTopic(topic);
      return this.admin.fetchTopicOffsets(topic);
    });
    return Number(partitions.find((entry) => entry.partition === PARTITION)?.high ?? 0);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.stop()));
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  /** Creates the topic with one partition once per process; createTopics answers false when it already exists. */
  #ensureTopic(topic: string): Promise<void> {
    let created = this.#topics.get(topic);
    if (!created) {
      created = this.admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true }).then(() => undefined);
      // A failed attempt is forgotten so the next call tries again.
      created.catch(() => this.#topics.delete(topic));
      this.#topics.set(topic, created);
    }
    return created;
  }
}
