// SPDX-License-Identifier: Apache-2.0
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { EngineRecord } from '../records.js';
import type { EntityKind } from './entities.js';

export type Durability = 'full' | 'normal' | 'off';

type PendingRows = readonly (StoredRow | { kind: EntityKind; key: string; data: null })[];

export interface StoredRow {
  kind: EntityKind;
  key: string;
  data: string;
}

/**
 * The embedded engine's SQLite file: current state as (kind, key, JSON) rows, the records not yet exported,
 * and a few counters. Everything a batch of commands changed is written in one transaction (group commit).
 */
export class EngineStateStore {
  readonly #db: BetterSqlite3.Database;
  readonly #put: BetterSqlite3.Statement<[string, string, string]>;
  readonly #delete: BetterSqlite3.Statement<[string, string]>;
  readonly #record: BetterSqlite3.Statement<[number, number, string]>;
  readonly #setMeta: BetterSqlite3.Statement<[string, number]>;
  readonly #commit: (rows: PendingRows, records: EngineRecord[], meta: Record<string, number>) => void;

  constructor(dataDir: string, durability: Durability) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new BetterSqlite3(join(dataDir, 'engine.db'));
    this.#db.pragma('journal_mode = WAL');
    // FULL: a commit survives power loss; NORMAL: survives a process crash (kill -9), not power loss.
    this.#db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : durability === 'normal' ? 'NORMAL' : 'OFF'}`);
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS state (kind TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS records (last_position INTEGER PRIMARY KEY, first_position INTEGER NOT NULL, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `);
    this.#put = this.#db.prepare('INSERT OR REPLACE INTO state (kind, key, data) VALUES (?, ?, ?)');
    this.#delete = this.#db.prepare('DELETE FROM state WHERE kind = ? AND key = ?');
    // One row per commit holds that commit's records as a JSON array: one insert instead of dozens.
    this.#record = this.#db.prepare('INSERT INTO records (last_position, first_position, data) VALUES (?, ?, ?)');
    this.#setMeta = this.#db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)');
    this.#commit = this.#db.transaction((rows: PendingRows, records: EngineRecord[], meta: Record<string, number>) => {
      for (const row of rows) {
        if (row.data === null) this.#delete.run(row.kind, row.key);
        else this.#put.run(row.kind, row.key, row.data);
      }
      if (records.length) this.#record.run(records.at(-1)!.position, records[0]!.position, JSON.stringify(records));
      for (const [name, value] of Object.entries(meta)) this.#setMeta.run(name, value);
    });
  }

  /** Every stored entity, for rebuilding the in-memory state at start. */
  loadState(): StoredRow[] {
    return this.#db.prepare('SELECT kind, key, data FROM state').all() as StoredRow[];
  }

  meta(name: string): number | undefined {
    return (this.#db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as { value: number } | undefined)?.value;
  }

  /** Writes one batch atomically; throws (and writes nothing) when the disk refuses. */
  commit(rows: PendingRows, records: EngineRecord[], meta: Record<string, number>): void {
    this.#commit(rows, records, meta);
  }

  /** Records after a position, in order, whole commits at a time (at least one), for the exporter. */
  recordsAfter(position: number, limit: number): EngineRecord[] {
    const rows = this.#db.prepare('SELECT data FROM records WHERE last_position > ? ORDER BY last_position').iterate(position) as IterableIterator<{ data: string }>;
    const records: EngineRecord[] = [];
    for (const row of rows) {
      for (const record of JSON.parse(row.data) as EngineRecord[]) if (record.position > position) records.push(record);
      if (records.length >= limit) break;
    }
    return records;
  }

  /** The position of the newest committed record, without reading any. */
  lastPosition(): number {
    return (this.#db.prepare('SELECT max(last_position) AS position FROM records').get() as { position: number | null }).position ?? 0;
  }

  /** Forgets whole commits of records up to a position once exported, and remembers how far the export got. */
  markExported(position: number): void {
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM records WHERE last_position <= ?').run(position);
      this.#setMeta.run('exportedPosition', position);
    })();
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
