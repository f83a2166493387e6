// SPDX-License-Identifier: Apache-2.0

/** One row per record; (topic, offset) is the key, so a reused offset is a constraint violation, never a silent overwrite. */
export interface EventRecordsTable {
  topic: string;
  offset: number;
  key: string | null;
  /** The value as JSON text. */
  value: string;
  /** Epoch milliseconds. */
  timestamp: number;
}

/** The offset the next record of a topic gets; updating this row is what serialises appenders. */
export interface EventTopicsTable {
  topic: string;
  next_offset: number;
}

/** The offset a consumer group reads next (one past its last handled record). */
export interface EventOffsetsTable {
  topic: string;
  group_id: string;
  committed_offset: number;
}

export interface EventTables {
  event_records: EventRecordsTable;
  event_topics: EventTopicsTable;
  event_offsets: EventOffsetsTable;
}
