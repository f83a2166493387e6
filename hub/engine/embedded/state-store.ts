// SPDX-License-Identifier: Apache-2.0
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { EngineRecord } from '../records.js';
import type { EntityKind } from './entities.js';

export type Durability = 'full' | 'normal' | 'off';

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
  readonly #record: BetterSqlite3.Statement<[number, string]>;
  readonly #setMeta: BetterSqlite3.Statement<[string, number]>;
  readonly #commit: (rows: Map<string, StoredRow | { kind: EntityKind; key: string; data: null }>, records: EngineRecord[], meta: Record<string, number>) => void;

  constructor(dataDir: string, durability: Durability) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new BetterSqlite3(join(dataDir, 'engine.db'));
    this.#db.pragma('journal_mode = WAL');
    // FULL: a commit survives power loss; NORMAL: survives a process crash (kill -9), not power loss.
    this.#db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : durability === 'normal' ? 'NORMAL' : 'OFF'}`);
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS state (kind TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS records (position INTEGER PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `);
    this.#put = this.#db.prepare('INSERT OR REPLACE INTO state (kind, key, data) VALUES (?, ?, ?)');
    this.#delete = this.#db.prepare('DELETE FROM state WHERE kind = ? AND key = ?');
    this.#record = this.#db.prepare('INSERT INTO records (position, data) VALUES (?, ?)');
    this.#setMeta = this.#db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)');
    this.#commit = this.#db.transaction((rows: Map<string, StoredRow | { kind: EntityKind; key: string; data: null }>, records: EngineRecord[], meta: Record<string, number>) => {
      for (const row of rows.values()) {
        if (row.data === null) this.#delete.run(row.kind, row.key);
        else this.#put.run(row.kind, row.key, row.data);
      }
      for (const record of records) this.#record.run(record.position, JSON.stringify(record));
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
  commit(rows: Map<string, StoredRow | { kind: EntityKind; key: string; data: null }>, records: EngineRecord[], meta: Record<string, number>): void {
    this.#commit(rows, records, meta);
  }

  /** Records after a position, in order, for the exporter. */
  recordsAfter(position: number, limit: number): EngineRecord[] {
    const rows = this.#db.prepare('SELECT data FROM records WHERE position > ? ORDER BY position LIMIT ?').all(position, limit) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as EngineRecord);
  }

  /** Forgets records up to a position once the exporter has delivered them, and remembers how far it got. */
  markExported(position: number): void {
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM records WHERE position <= ?').run(position);
      this.#setMeta.run('exportedPosition', position);
    })();
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
