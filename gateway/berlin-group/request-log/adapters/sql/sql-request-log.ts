// SPDX-License-Identifier: Apache-2.0
import type { Kysely, Migration } from 'kysely';
import type { SqlDatabase } from '../../../../../platform/store/index.js';
import type { Claim, LoggedAnswer, RequestLog } from '../../request-log.js';

interface Tables {
  bg_request_log: {
    client_id: string;
    request_id: string;
    fingerprint: string;
    /** LoggedAnswer as JSON text; null while the first request runs. */
    answer: string | null;
    created_at: number;
  };
}

const MIGRATIONS: Record<string, Migration> = {
  '0001_request_log': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('bg_request_log')
        .addColumn('client_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('request_id', 'varchar(128)', (column) => column.notNull())
        .addColumn('fingerprint', 'varchar(64)', (column) => column.notNull())
        .addColumn('answer', 'text')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('bg_request_log_pk', ['client_id', 'request_id'])
        .execute();
      await db.schema.createIndex('bg_request_log_created').on('bg_request_log').column('created_at').execute();
    },
  },
};

export interface SqlRequestLogOptions {
  /** A claim without an answer after this long (ms) is a request that died with its process: taken over. Default 60 s. */
  staleMs?: number;
  now?: () => number;
}

/** Opens the X-Request-ID log on the shared database (migration context `berlin_group_requests`). */
export async function openSqlRequestLog(database: SqlDatabase, options: SqlRequestLogOptions = {}): Promise<RequestLog> {
  await database.migrate('berlin_group_requests', MIGRATIONS);
  const db = database.kysely<Tables>();
  const now = options.now ?? Date.now;
  const staleMs = options.staleMs ?? 60_000;
  const key = (clientId: string, requestId: string) => db.selectFrom('bg_request_log').selectAll().where('client_id', '=', clientId).where('request_id', '=', requestId);

  return {
    async claim(clientId, requestId, fingerprint): Promise<Claim> {
      const inserted = await db.insertInto('bg_request_log').values({ client_id: clientId, request_id: requestId, fingerprint, answer: null, created_at: now() })
        .onConflict((conflict) => conflict.columns(['client_id', 'request_id']).doNothing()).executeTakeFirst();
      if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) return { kind: 'claimed' };
      const row = await key(clientId, requestId).executeTakeFirst();
      if (!row) return { kind: 'pending' };
      if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (row.answer !== null) return { kind: 'replay', answer: JSON.parse(row.answer) as LoggedAnswer };
      if (now() - Number(row.created_at) < staleMs) return { kind: 'pending' };
      // Take the abandoned claim over, unless another repeat took it first.
      const taken = await db.updateTable('bg_request_log').set({ created_at: now() })
        .where('client_id', '=', clientId).where('request_id', '=', requestId).where('created_at', '=', row.created_at).where('answer', 'is', null)
        .executeTakeFirst();
      return taken.numUpdatedRows > 0n ? { kind: 'claimed' } : { kind: 'pending' };
    },
    async complete(clientId, requestId, answer) {
      await db.updateTable('bg_request_log').set({ answer: JSON.stringify(answer) })
        .where('client_id', '=', clientId).where('request_id', '=', requestId).execute();
    },
    async release(clientId, requestId) {
      await db.deleteFrom('bg_request_log').where('client_id', '=', clientId).where('request_id', '=', requestId).where('answer', 'is', null).execute();
    },
  };
}
