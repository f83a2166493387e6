// SPDX-License-Identifier: Apache-2.0
// Records in Zeebe's exporter shape, so the operations streamer reads the embedded engine and Zeebe alike.

export type ValueType =
  | 'DEPLOYMENT' | 'PROCESS' | 'PROCESS_INSTANCE' | 'PROCESS_INSTANCE_CREATION' | 'JOB' | 'VARIABLE'
  | 'MESSAGE' | 'PROCESS_MESSAGE_SUBSCRIPTION' | 'TIMER' | 'INCIDENT' | 'ERROR';

export interface EngineRecord {
  /** Strictly increasing, gapless per engine; consumers deduplicate by it. */
  position: number;
  /** The key of the entity the record is about (element instance, job, timer, ...). */
  key: string;
  /** Epoch ms. */
  timestamp: number;
  partitionId: number;
  recordType: 'EVENT' | 'COMMAND' | 'COMMAND_REJECTION';
  valueType: ValueType;
  intent: string;
  value: Record<string, unknown>;
}

/** The topic of the event log that carries engine records (Zeebe's Kafka exporter writes the same shape). */
export const ENGINE_RECORDS_TOPIC = 'zeebe';
