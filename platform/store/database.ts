// SPDX-License-Identifier: Apache-2.0
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration } from 'kysely';
import pg from 'pg';
import { StartupError, redactUrl } from '../errors/lango-error.js';

export type SqlDialect = 'sqlite' | 'postgres';

export type { Migration };

/**
 * The store port's shared connection: one Kysely instance over SQLite (default) or PostgreSQL.
 * Each bounded context keeps its own tables, migrations and repositories on top of it.
 */
export interface SqlDatabase {
  readonly dialect: SqlDialect;
  /** A short description for logs and errors, never with a password: `sqlite:/data/lango.db`. */
  readonly description: string;
  /** The query builder, typed with the caller's own table interfaces. */
  kysely<Tables>(): Kysely<Tables>;
  /** Brings a context's tables up to date; migrations run in name order, each once, in a transaction. */
  migrate(context: string, migrations: Record<string, Migration>): Promise<void>;
  /** Resolves when the database answers a trivial query; rejects otherwise (readiness). */
  ping(): Promise<void>;
  /** Waits for running queries, then closes every connection; later calls do nothing. */
  close(): Promise<void>;
}

export interface DatabaseSettings {
  /** Folder of the SQLite file; used when `url` is absent. */
  dataDir: string;
  /** `postgres://…`: use PostgreSQL instead of SQLite. */
  url?: string | undefined;
  /** PostgreSQL schema for Lango's tables, created when missing. */
  schema?: string | undefined;
  /** Maximum PostgreSQL connections in the pool. */
  poolSize?: number | undefined;
  /**
   * SQLite commits: `full` (default) is durable before anyone is answered, power loss included; `normal` (WAL)
   * survives a process crash but may lose the last commits on power loss, for many times the write rate.
   */
  durability?: 'full' | 'normal' | undefined;
}

export const SQLITE_FILE_NAME = 'lango.db';

/** Opens the configured database and proves it answers; start-up stops with one clear line when it cannot. */
export async function openDatabase(settings: DatabaseSettings): Promise<SqlDatabase> {
  return settings.url ? openPostgres(settings.url, settings.schema ?? 'public', settings.poolSize ?? 10) : openSqlite(settings.dataDir, settings.durability ?? 'full');
}

function openSqlite(dataDir: string, durability: 'full' | 'normal'): SqlDatabase {
  const file = join(resolve(dataDir), SQLITE_FILE_NAME);
  let connection: BetterSqlite3.Database;
  try {
    mkdirSync(resolve(dataDir), { recursive: true });
    connection = new BetterSqlite3(file);
    // WAL lets readers run beside the writer; FULL makes each commit durable before we answer anyone, NORMAL
    // leaves the fsync to the checkpoint (a process crash loses nothing, a power cut may lose the last commits).
    connection.pragma('journal_mode = WAL');
    connection.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new StartupError(`cannot open SQLite database ${file}: ${(error as Error).message}`, { code: 'STORE_UNAVAILABLE', cause: error });
  }
  return new KyselyDatabase('sqlite', `sqlite:${file}`, new Kysely({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) }), undefined);
}

/** Statements kept per connection; Lango's queries are a few hundred distinct texts. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * Kysely's SQLite driver prepares every query anew, and preparing costs more than running most of Lango's
 * queries. The same SQL text reuses its prepared statement (least recently used ones are dropped); the
 * connection is synchronous and single-threaded, so a statement is never in use twice at once.
 */
function withStatementCache(connection: BetterSqlite3.Database): BetterSqlite3.Database {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (property !== 'prepare') {
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return (source: string) => {
        let statement = statements.get(source);
        if (statement) {
          statements.delete(source);
        } else {
          statement = target.prepare(source);
          if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        }
        statements.set(source, statement);
        return statement;
      };
    },
  });
}

/** pg returns int8 as a string to stay exact; Lango's int8 columns (offsets, epoch ms) fit a double exactly. */
function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return parsed;
}

async function openPostgres(url: string, schema: string, poolSize: number): Promise<SqlDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new StartupError(`invalid PostgreSQL schema name "${schema}"`);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    options: `-c search_path=${schema}`,
    types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) } as pg.CustomTypesConfig,
  });
  // An idle client that loses its server emits 'error' on the pool; without a listener that kills the process.
  pool.on('error', () => {});
  const description = redactUrl(url);
  try {
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new StartupError(`database unreachable at ${description}: ${reason}`, { code: 'STORE_UNAVAILABLE', cause: error });
  }
  return new KyselyDatabase('postgres', description, new Kysely({ dialect: new PostgresDialect({ pool }) }), schema);
}

class KyselyDatabase implements SqlDatabase {
  #closed = false;

  constructor(
    readonly dialect: SqlDialect,
    readonly description: string,
    private readonly db: Kysely<unknown>,
    /** Kysely's migrator looks for its tables in every schema unless told which one is ours. */
    private readonly schema: string | undefined,
  ) {}

  kysely<Tables>(): Kysely<Tables> {
    return this.db as unknown as Kysely<Tables>;
  }

  async migrate(context: string, migrations: Record<string, Migration>): Promise<void> {
    if (!/^[a-z][a-z0-9_]*$/.test(context)) throw new Error(`invalid migration context "${context}"`);
    const migrator = new Migrator({
      db: this.db,
      provider: { getMigrations: async () => migrations },
      migrationTableName: `lango_migrations_${context}`,
      migrationLockTableName: `lango_migrations_${context}_lock`,
      ...(this.schema && { migrationTableSchema: this.schema }),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
      throw new StartupError(`migration ${context}/${failed} failed on ${this.description}: ${(error as Error).message}`, { code: 'STORE_UNAVAILABLE', cause: error });
    }
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
  }
}
