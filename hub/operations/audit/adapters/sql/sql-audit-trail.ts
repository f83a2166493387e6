// SPDX-License-Identifier: Apache-2.0
// The audit trail on the shared SQL store (SQLite or PostgreSQL, portable Kysely only). One append is one
// transaction: it locks the head row, skips what its source has already appended, chains the new entries after
// the head, inserts them and moves the head and the source position on. Appenders take turns on the head row
// (PostgreSQL: SELECT … FOR UPDATE; SQLite: one writer at a time), and anything that still collides (another
// process on SQLite, a head moved meanwhile) rolls back and is retried. Nothing in this file updates or deletes
// an entry: the trail is append-only.
import type { Kysely, Transaction } from 'kysely';
import { ConflictError, ValidationError } from '../../../../../platform/errors/index.js';
import type { SqlDatabase, SqlDialect } from '../../../../../platform/store/index.js';
import {
  ChainVerifier, canonicalJson, chainEntries,
  type AuditEntry, type AuditKind, type AuditQuery, type AuditSource, type AuditTrail, type AuditVerification, type NewAuditEntry,
} from '../../audit-trail.js';
import { auditTrailMigrations, type AuditHeadTable, type AuditTables, type AuditTrailTable } from './tables.js';

type Trx = Transaction<AuditTables>;

const APPEND_ATTEMPTS = 8;
/** Milliseconds; the n-th retry waits a random time up to n times this. */
const RETRY_DELAY_MS = 15;
/** Rows per INSERT (13 parameters each, well under SQLite's parameter limit). */
const INSERT_CHUNK = 200;
/** Rows per query when walking the trail (verify, export). */
const PAGE_SIZE = 1_000;

/**
 * Collisions another attempt resolves: PostgreSQL unique violation, serialization failure and deadlock; SQLite
 * busy (another process writes) and primary-key conflicts.
 */
const RETRYABLE_CODES = new Set(['23505', '40001', '40P01', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);

/** Opens the trail on the shared database, bringing its tables up to date (migration context `audit_trail`). */
export async function openSqlAuditTrail(database: SqlDatabase): Promise<AuditTrail> {
  await database.migrate('audit_trail', auditTrailMigrations);
  return new SqlAuditTrail(database.kysely<AuditTables>(), database.dialect);
}

class SqlAuditTrail implements AuditTrail {
  /** Appends of this instance take turns, so they never collide with each other. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Kysely<AuditTables>, private readonly dialect: SqlDialect) {}

  append(entries: readonly NewAuditEntry[], source?: AuditSource): Promise<AuditEntry[]> {
    if (source?.entryPositions && source.entryPositions.length !== entries.length) {
      return Promise.reject(new ValidationError(`audit source ${source.name}: ${source.entryPositions.length} entry positions for ${entries.length} entries`));
    }
    if (entries.length === 0 && !source) return Promise.resolve([]);
    const result = this.#tail.then(() => this.#appendWithRetries(entries, source));
    this.#tail = result.catch(() => undefined);
    return result;
  }

  async #appendWithRetries(entries: readonly NewAuditEntry[], source: AuditSource | undefined): Promise<AuditEntry[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#appendOnce(entries, source);
      } catch (error) {
        if (attempt >= APPEND_ATTEMPTS || !isRetryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * RETRY_DELAY_MS * attempt));
      }
    }
  }

  #appendOnce(entries: readonly NewAuditEntry[], source: AuditSource | undefined): Promise<AuditEntry[]> {
    return this.db.transaction().execute(async (trx) => {
      const head = await this.#lockHead(trx);
      let fresh = entries;
      if (source) {
        const stored = await storedPosition(trx, source.name);
        if (source.position <= stored) return [];
        const positions = source.entryPositions;
        if (positions) fresh = entries.filter((_, index) => positions[index]! > stored);
        await advanceSource(trx, source.name, stored, source.position);
      }
      const appended = chainEntries(fresh, head);
      const last = appended.at(-1);
      if (!last) return [];
      for (let start = 0; start < appended.length; start += INSERT_CHUNK) {
        await trx.insertInto('ops_audit_trail').values(appended.slice(start, start + INSERT_CHUNK).map(toRow)).execute();
      }
      const moved = await trx.updateTable('ops_audit_head').set({ seq: last.seq, hash: last.hash }).where('id', '=', 1).where('seq', '=', head.seq).executeTakeFirst();
      if (moved.numUpdatedRows === 0n) throw new ConflictError(`audit trail: the head moved past ${head.seq} meanwhile; the append is tried again`);
      return appended;
    });
  }

  /** The head (last seq and hash), locked for this transaction. */
  async #lockHead(trx: Trx): Promise<{ seq: number; hash: string }> {
    const select = trx.selectFrom('ops_audit_head').select(['seq', 'hash']).where('id', '=', 1);
    if (this.dialect === 'postgres') return toHead(await select.forUpdate().executeTakeFirstOrThrow());
    // SQLite: writing first makes this transaction the writer before it reads (busy_timeout waits for another
    // process's writer), so what it reads cannot go stale before it commits.
    await trx.updateTable('ops_audit_head').set({ id: 1 }).where('id', '=', 1).execute();
    return toHead(await select.executeTakeFirstOrThrow());
  }

  async list(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    if (query.tenantIds?.length === 0) return { items: [], total: 0 };
    let select = this.db.selectFrom('ops_audit_trail');
    if (query.tenantIds) select = select.where('tenant_id', 'in', [...query.tenantIds]);
    if (query.kind !== undefined) select = select.where('kind', '=', query.kind);
    if (query.subject !== undefined) select = select.where('subject', '=', query.subject);
    if (query.from !== undefined) select = select.where('at', '>=', query.from);
    if (query.to !== undefined) select = select.where('at', '<', query.to);
    const [rows, count] = await Promise.all([
      select.selectAll().orderBy('seq', 'desc').limit(query.limit).offset(query.offset ?? 0).execute(),
      select.select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toEntry), total: Number(count.total) };
  }

  async *entries(query: { from?: number; to?: number; tenantIds?: readonly string[] }): AsyncIterable<AuditEntry> {
    if (query.tenantIds?.length === 0) return;
    let after = 0;
    for (;;) {
      let select = this.db.selectFrom('ops_audit_trail').selectAll().where('seq', '>', after);
      if (query.tenantIds) select = select.where('tenant_id', 'in', [...query.tenantIds]);
      if (query.from !== undefined) select = select.where('at', '>=', query.from);
      if (query.to !== undefined) select = select.where('at', '<', query.to);
      const rows = await select.orderBy('seq', 'asc').limit(PAGE_SIZE).execute();
      for (const row of rows) yield toEntry(row);
      if (rows.length < PAGE_SIZE) return;
      after = Number(rows.at(-1)!.seq);
    }
  }

  async verify(): Promise<AuditVerification> {
    // Walk up to the head as it is now; entries appended meanwhile are checked next time.
    const head = toHead(await this.db.selectFrom('ops_audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow());
    const verifier = new ChainVerifier();
    const broken = (brokenAt: number, reason: string): AuditVerification => ({ ok: false, entries: verifier.entries, brokenAt, reason });
    let after = 0;
    for (;;) {
      const rows = await this.db.selectFrom('ops_audit_trail').selectAll().where('seq', '>', after).where('seq', '<=', head.seq).orderBy('seq', 'asc').limit(PAGE_SIZE).execute();
      for (const row of rows) {
        let entry: AuditEntry;
        try {
          entry = toEntry(row);
        } catch {
          return broken(Number(row.seq), 'its stored JSON cannot be read');
        }
        const failure = verifier.check(entry);
        if (failure) return broken(failure.brokenAt!, failure.reason!);
      }
      if (rows.length < PAGE_SIZE) break;
      after = Number(rows.at(-1)!.seq);
    }
    // The chain alone cannot show a removed tail; the head row, moved by every append, can.
    if (verifier.entries < head.seq) {
      const missing = verifier.entries + 1 === head.seq ? `entry ${head.seq} is` : `entries ${verifier.entries + 1} to ${head.seq} are`;
      return broken(verifier.entries + 1, `${missing} missing (the trail's head is at ${head.seq})`);
    }
    if (verifier.head !== head.hash) return broken(head.seq, `the trail's head hash does not match entry ${head.seq}`);
    const beyond = await this.db.selectFrom('ops_audit_trail').select('seq').where('seq', '>', head.seq).orderBy('seq', 'asc').limit(1).executeTakeFirst();
    if (beyond) {
      const now = toHead(await this.db.selectFrom('ops_audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow());
      if (now.seq < Number(beyond.seq)) return broken(Number(beyond.seq), `entry ${Number(beyond.seq)} was not appended through the trail (its head is at ${now.seq})`);
    }
    return { ok: true, entries: verifier.entries, head: verifier.head };
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof ConflictError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

/** The last appended position of a source, -1 when none; gives the source its row so the advance only ever updates. */
async function storedPosition(trx: Trx, source: string): Promise<number> {
  await trx.insertInto('ops_audit_sources').values({ source, position: -1 })
    .onConflict((conflict) => conflict.column('source').doNothing()).execute();
  const row = await trx.selectFrom('ops_audit_sources').select('position').where('source', '=', source).executeTakeFirstOrThrow();
  return Number(row.position);
}

async function advanceSource(trx: Trx, source: string, from: number, to: number): Promise<void> {
  const result = await trx.updateTable('ops_audit_sources').set({ position: to }).where('source', '=', source).where('position', '=', from).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new ConflictError(`audit trail: source ${source} moved past ${from} meanwhile; the append is tried again`);
}

function toHead(row: Pick<AuditHeadTable, 'seq' | 'hash'>): { seq: number; hash: string } {
  return { seq: Number(row.seq), hash: row.hash };
}

const jsonText = (value: unknown): string | null => (value === undefined ? null : canonicalJson(value));

function toRow(entry: AuditEntry): AuditTrailTable {
  return {
    seq: entry.seq, at: entry.at, kind: entry.kind, tenant_id: entry.tenantId ?? null, actor: entry.actor, action: entry.action,
    subject: entry.subject ?? null, reason: entry.reason ?? null,
    before_json: jsonText(entry.before), after_json: jsonText(entry.after), details_json: jsonText(entry.details),
    prev_hash: entry.prevHash, hash: entry.hash,
  };
}

/** The entry as stored: a null column is an absent field, so what is read hashes as what was appended. */
function toEntry(row: AuditTrailTable): AuditEntry {
  const entry: AuditEntry = {
    seq: Number(row.seq), at: Number(row.at), kind: row.kind as AuditKind, actor: row.actor, action: row.action, prevHash: row.prev_hash, hash: row.hash,
  };
  if (row.tenant_id !== null) entry.tenantId = row.tenant_id;
  if (row.subject !== null) entry.subject = row.subject;
  if (row.reason !== null) entry.reason = row.reason;
  if (row.before_json !== null) entry.before = JSON.parse(row.before_json) as unknown;
  if (row.after_json !== null) entry.after = JSON.parse(row.after_json) as unknown;
  if (row.details_json !== null) entry.details = JSON.parse(row.details_json) as Record<string, unknown>;
  return entry;
}
