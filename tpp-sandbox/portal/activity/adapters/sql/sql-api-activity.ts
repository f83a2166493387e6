// SPDX-License-Identifier: Apache-2.0
// The API activity projection on the shared database (SQLite or PostgreSQL). Idempotent by the audit record's
// position (the table's key), so a batch the event log delivers again stores nothing new. Percentiles are
// computed by nearest rank with an ordered OFFSET, which both dialects run the same way.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { SqlDatabase } from '../../../../../platform/store/index.js';
import { CALLS_LIMIT_MAX, type ActivitySummary, type ApiActivityStore, type ApiCall, type CallsQuery, type QuotaUse } from '../../api-activity.js';
import { ActivityQueryInvalidError } from '../../errors.js';
import { PORTAL_ACTIVITY_MIGRATIONS } from './migrations.js';

/** bigint columns: numbers on both drivers (platform/store parses PostgreSQL's int8); Number() keeps that explicit. */
type Int8 = number | string;

interface CallRow {
  position: Int8; client_id: string; at: Int8; request_id: string | null; tenant_id: string | null; consent_id: string | null;
  payment_id: string | null; method: string; endpoint: string; status: number; error_code: string | null; duration_ms: number;
}
interface Tables {
  portal_api_calls: CallRow;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Rows per INSERT: well under SQLite's bound-parameter limit at 12 columns a row. */
const INSERT_CHUNK = 200;
const ERROR_STATUS = 400;

const toCall = (row: CallRow): ApiCall => ({
  position: Number(row.position), at: Number(row.at), clientId: row.client_id, requestId: row.request_id ?? undefined,
  tenantId: row.tenant_id ?? undefined, consentId: row.consent_id ?? undefined, paymentId: row.payment_id ?? undefined,
  method: row.method, endpoint: row.endpoint, status: Number(row.status), errorCode: row.error_code ?? undefined, durationMs: Number(row.duration_ms),
});

const fromCall = (call: ApiCall): CallRow => ({
  position: call.position, client_id: call.clientId, at: call.at, request_id: call.requestId ?? null, tenant_id: call.tenantId ?? null,
  consent_id: call.consentId ?? null, payment_id: call.paymentId ?? null, method: call.method, endpoint: call.endpoint, status: call.status,
  error_code: call.errorCode ?? null, duration_ms: call.durationMs,
});

const errorsCount = sql<Int8>`sum(case when status >= ${ERROR_STATUS} then 1 else 0 end)`;

/** Opens the projection on the shared database, bringing its table up to date (migration context `portal_activity`). */
export async function openSqlApiActivity(database: SqlDatabase): Promise<ApiActivityStore> {
  await database.migrate('portal_activity', PORTAL_ACTIVITY_MIGRATIONS);
  const db: Kysely<Tables> = database.kysely<Tables>();

  /** The p-quantile (0 < p ≤ 1) of the durations of `n` rows matched by `where`, by nearest rank. */
  async function percentile(where: SelectQueryBuilder<Tables, 'portal_api_calls', object>, n: number, p: number): Promise<number | undefined> {
    if (n === 0) return undefined;
    const rank = Math.max(1, Math.ceil(p * n));
    const row = await where.select('duration_ms').orderBy('duration_ms').limit(1).offset(rank - 1).executeTakeFirst();
    return row && Number(row.duration_ms);
  }

  return {
    async record(calls, keepFrom) {
      const kept = calls.filter((call) => call.at >= keepFrom).map(fromCall);
      if (kept.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (let start = 0; start < kept.length; start += INSERT_CHUNK) {
          await trx.insertInto('portal_api_calls').values(kept.slice(start, start + INSERT_CHUNK))
            .onConflict((conflict) => conflict.column('position').doNothing()).execute();
        }
      });
    },

    async prune(keepFrom) {
      const result = await db.deleteFrom('portal_api_calls').where('at', '<', keepFrom).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async calls(clientIds, query: CallsQuery) {
      if (!Number.isSafeInteger(query.limit) || query.limit < 1 || query.limit > CALLS_LIMIT_MAX) throw new ActivityQueryInvalidError('limit', `must be an integer from 1 to ${CALLS_LIMIT_MAX}`);
      if (query.before !== undefined && !Number.isSafeInteger(query.before)) throw new ActivityQueryInvalidError('before', 'must be the position of a call');
      if (clientIds.length === 0) return [];
      let select = db.selectFrom('portal_api_calls').selectAll().where('client_id', 'in', [...clientIds]);
      if (query.before !== undefined) select = select.where('position', '<', query.before);
      if (query.status === 'ok') select = select.where('status', '<', ERROR_STATUS);
      if (query.status === 'error') select = select.where('status', '>=', ERROR_STATUS);
      const rows = await select.orderBy('position', 'desc').limit(query.limit).execute();
      return rows.map(toCall);
    },

    async summary(clientIds, sinceMs): Promise<ActivitySummary> {
      if (clientIds.length === 0) return { since: sinceMs, total: 0, errors: 0, p50Ms: undefined, p95Ms: undefined, byEndpoint: [] };
      const where = db.selectFrom('portal_api_calls').where('client_id', 'in', [...clientIds]).where('at', '>=', sinceMs);
      const endpoints = await where.select(['method', 'endpoint', (eb) => eb.fn.countAll<Int8>().as('count'), errorsCount.as('errors')])
        .groupBy(['method', 'endpoint']).execute();
      const byEndpoint = endpoints
        .map((row) => ({ method: row.method, endpoint: row.endpoint, count: Number(row.count), errors: Number(row.errors ?? 0) }))
        .sort((a, b) => b.count - a.count || a.endpoint.localeCompare(b.endpoint) || a.method.localeCompare(b.method));
      const total = byEndpoint.reduce((sum, use) => sum + use.count, 0);
      const errors = byEndpoint.reduce((sum, use) => sum + use.errors, 0);
      return { since: sinceMs, total, errors, p50Ms: await percentile(where, total, 0.5), p95Ms: await percentile(where, total, 0.95), byEndpoint };
    },

    async quota(clientId, perMinuteLimit, now): Promise<QuotaUse> {
      const count = async (from: number) => {
        const row = await db.selectFrom('portal_api_calls').select((eb) => eb.fn.countAll<Int8>().as('count'))
          .where('client_id', '=', clientId).where('at', '>', from).where('at', '<=', now).executeTakeFirstOrThrow();
        return Number(row.count);
      };
      // "today" includes its first millisecond; the minute window is (now − 60 s, now].
      const lastMinute = await count(now - MINUTE_MS);
      const today = await count(Math.floor(now / DAY_MS) * DAY_MS - 1);
      return { clientId, perMinuteLimit, lastMinute, today, limited: lastMinute >= perMinuteLimit };
    },
  };
}
