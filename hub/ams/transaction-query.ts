// SPDX-License-Identifier: Apache-2.0
// The AmsTransactionQuery every adapter reads the same way: checked once, defaults filled in, and paged by one
// function for AMSs (like Fineract's interoperation API) that answer the whole filtered list at once.
import {
  AMS_TRANSACTIONS_DEFAULT_LIMIT, AMS_TRANSACTIONS_MAX_LIMIT, AmsError,
  type AmsTransaction, type AmsTransactionDirection, type AmsTransactionPage, type AmsTransactionQuery,
} from './accounting-system.js';

export interface CheckedTransactionQuery {
  /** Epoch ms, inclusive. */
  from: number | undefined;
  /** Epoch ms, exclusive. */
  to: number | undefined;
  direction: AmsTransactionDirection | undefined;
  offset: number;
  limit: number;
  order: 'ASC' | 'DESC';
}

/** The query with its defaults; a malformed one rejects with INVALID_REQUEST naming the field. */
export function checkTransactionQuery(query: AmsTransactionQuery = {}): CheckedTransactionQuery {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? AMS_TRANSACTIONS_DEFAULT_LIMIT;
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalid('offset', `must be a whole number from 0, not ${offset}`);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > AMS_TRANSACTIONS_MAX_LIMIT) {
    throw invalid('limit', `must be a whole number from 1 to ${AMS_TRANSACTIONS_MAX_LIMIT}, not ${limit}`);
  }
  if (query.direction !== undefined && query.direction !== 'CREDIT' && query.direction !== 'DEBIT') throw invalid('direction', 'must be CREDIT or DEBIT');
  if (query.order !== undefined && query.order !== 'ASC' && query.order !== 'DESC') throw invalid('order', 'must be ASC or DESC');
  const from = instant(query.from, 'from');
  const to = instant(query.to, 'to');
  return { from, to, direction: query.direction, offset, limit, order: query.order ?? 'DESC' };
}

/** One page of entries the AMS listed newest first (ties: latest booked first), in the order the query asks. */
export function pageOf(newestFirst: readonly AmsTransaction[], query: CheckedTransactionQuery): AmsTransactionPage {
  const ordered = query.order === 'ASC' ? [...newestFirst].reverse() : newestFirst;
  return { items: ordered.slice(query.offset, query.offset + query.limit), total: ordered.length };
}

/** ISO 8601 as epoch ms; a date-time without a zone and a bare date (midnight) are read as UTC, never as server time. */
function instant(value: string | undefined, field: 'from' | 'to'): number | undefined {
  if (value === undefined) return undefined;
  const zoned = /T.*(Z|[+-]\d\d:?\d\d)$/i.test(value) || !value.includes('T') ? value : `${value}Z`;
  const parsed = /^\d{4}-\d{2}-\d{2}($|T\d\d:\d\d)/.test(value) ? Date.parse(zoned) : Number.NaN;
  if (Number.isNaN(parsed)) throw invalid(field, `must be an ISO 8601 date-time, not ${value}`);
  return parsed;
}

const invalid = (field: string, message: string) => new AmsError('INVALID_REQUEST', `transactions query: ${field} ${message}`, { details: { field } });
