// SPDX-License-Identifier: Apache-2.0
// The portal's API activity as a team relies on it: audit records go through a real SQL event log, the feed
// projects them, and the portal sees only its own applications' calls, counted once however often they are
// delivered. Runs on SQLite, and on PostgreSQL too when LANGO_TEST_DATABASE_URL is set.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AUDIT_TOPIC, type AuditEvent } from '../../../gateway/index.js';
import { openEventLog, type EventLog } from '../../../platform/events/index.js';
import { createLogger } from '../../../platform/log/index.js';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { testDatabaseTargets } from '../../../test/support/databases.js';
import { ActivityQueryInvalidError, startApiActivity, type ApiActivity, type RunningApiActivity } from './index.js';

const logger = createLogger({ level: 'silent' });
const DAY_MS = 86_400_000;
/** A fixed "now" (2026-12-06 10:00:00 UTC) the feed's clock starts at. */
const NOW = Date.UTC(2026, 11, 6, 10, 0, 0);

const audit = (overrides: Partial<AuditEvent>): AuditEvent => ({
  at: NOW - 1_000, requestId: `req-${Math.random()}`, clientId: 'tpp-alpha', organisationId: 'PSDTZ-BOT-ALPHA', tenantId: 'buffalo',
  consentId: undefined, paymentId: undefined, psuId: undefined, method: 'GET', endpoint: '/v1/accounts', status: 200, errorCode: undefined, durationMs: 10,
  ...overrides,
});

for (const target of testDatabaseTargets) {
  describe(`portal API activity on ${target.name}`, { skip: target.skip ?? false }, () => {
    let database: SqlDatabase;
    let eventLog: EventLog;
    let activity: RunningApiActivity;
    let store: ApiActivity;
    let clock = NOW;

    const append = async (...events: AuditEvent[]) => {
      await eventLog.append(AUDIT_TOPIC, events.map((value) => ({ value })));
      await activity.caughtUp(10_000);
    };

    before(async () => {
      ({ database } = await target.open());
      eventLog = await openEventLog({ kind: 'sql', database, logger });
      activity = await startApiActivity({ database, eventLog, logger, now: () => clock, retentionDays: 30 });
      store = activity.store;
    });
    after(async () => {
      await activity?.close();
      await eventLog?.close();
      await database?.close();
    });

    it('lists a client\'s calls newest first with status, error code and latency, and nothing of other clients', async () => {
      await append(
        audit({ clientId: 'iso-a', method: 'POST', endpoint: '/v1/consents', status: 201, durationMs: 31.5, requestId: 'a-1', at: NOW - 3_000 }),
        audit({ clientId: 'iso-b', endpoint: '/v1/accounts', status: 200, requestId: 'b-1' }),
        audit({ clientId: 'iso-a', endpoint: '/v1/accounts', status: 429, errorCode: 'ACCESS_EXCEEDED', requestId: 'a-2', at: NOW - 2_000, consentId: 'consent-1' }),
        // Refused before the TPP was identified: it belongs to no application.
        audit({ clientId: undefined, endpoint: '/v1/consents', status: 401, errorCode: 'SIGNATURE_MISSING', requestId: 'anonymous' }),
      );
      const calls = await store.calls(['iso-a'], { limit: 10 });
      assert.deepEqual(calls.map((call) => [call.requestId, call.method, call.endpoint, call.status, call.errorCode, call.durationMs]), [
        ['a-2', 'GET', '/v1/accounts', 429, 'ACCESS_EXCEEDED', 10],
        ['a-1', 'POST', '/v1/consents', 201, undefined, 31.5],
      ]);
      assert.equal(calls[0]!.consentId, 'consent-1');
      assert.equal(calls[0]!.tenantId, 'buffalo');
      assert.deepEqual((await store.calls(['iso-b'], { limit: 10 })).map((call) => call.requestId), ['b-1']);
      assert.deepEqual((await store.calls(['iso-a', 'iso-b'], { limit: 10 })).map((call) => call.requestId), ['a-2', 'b-1', 'a-1']);
      assert.deepEqual(await store.calls([], { limit: 10 }), [], 'no client ids, no calls');
      assert.deepEqual(await store.calls(['iso-c'], { limit: 10 }), []);
      const summaryOfNone = await store.summary([], NOW - DAY_MS);
      assert.equal(summaryOfNone.total, 0);
    });

    it('pages with `before` and filters by outcome', async () => {
      await append(...Array.from({ length: 5 }, (_, index) => audit({ clientId: 'page-a', requestId: `p-${index}`, status: index % 2 ? 500 : 200, at: NOW - 5_000 + index })));
      const first = await store.calls(['page-a'], { limit: 2 });
      assert.deepEqual(first.map((call) => call.requestId), ['p-4', 'p-3']);
      const second = await store.calls(['page-a'], { limit: 2, before: first.at(-1)!.position });
      assert.deepEqual(second.map((call) => call.requestId), ['p-2', 'p-1']);
      assert.deepEqual((await store.calls(['page-a'], { limit: 10, status: 'error' })).map((call) => call.requestId), ['p-3', 'p-1']);
      assert.deepEqual((await store.calls(['page-a'], { limit: 10, status: 'ok' })).map((call) => call.requestId), ['p-4', 'p-2', 'p-0']);
      await assert.rejects(store.calls(['page-a'], { limit: 0 }), ActivityQueryInvalidError);
      await assert.rejects(store.calls(['page-a'], { limit: 501 }), (error: unknown) => error instanceof ActivityQueryInvalidError && error.reason === 'ACTIVITY_QUERY_INVALID');
    });

    it('counts a call once when the audit records are read again from the start of the log', async () => {
      await append(audit({ clientId: 'dup-a', requestId: 'd-1' }), audit({ clientId: 'dup-a', requestId: 'd-2', status: 404 }));
      // A second feed under a new group reads gateway.audit again from offset 0 into the same table.
      const again = await startApiActivity({ database, eventLog, logger, now: () => clock, group: `portal-activity-again-${target.name}` });
      try {
        await again.caughtUp(10_000);
      } finally {
        await again.close();
      }
      assert.deepEqual((await store.calls(['dup-a'], { limit: 10 })).map((call) => call.requestId), ['d-2', 'd-1']);
      const summary = await store.summary(['dup-a'], NOW - DAY_MS);
      assert.equal(summary.total, 2);
      assert.equal(summary.errors, 1);
    });

    it('summarises a period: total, errors (status ≥ 400), p50 and p95 latency, use by endpoint', async () => {
      // Twenty calls with latencies 1 … 20 ms; five of them refused; one before the period.
      const calls = Array.from({ length: 20 }, (_, index) => audit({
        clientId: 'sum-a', durationMs: index + 1, at: NOW - 60_000 + index,
        ...(index < 15 ? { endpoint: '/v1/accounts' } : { method: 'POST', endpoint: '/v1/consents', status: index < 18 ? 400 : 401 }),
        ...(index === 3 && { status: 503 }),
      }));
      await append(...calls, audit({ clientId: 'sum-a', at: NOW - 2 * DAY_MS, durationMs: 9_999, status: 500 }), audit({ clientId: 'sum-b', durationMs: 5_000 }));
      const summary = await store.summary(['sum-a'], NOW - DAY_MS);
      assert.equal(summary.total, 20);
      assert.equal(summary.errors, 6);
      assert.equal(summary.p50Ms, 10);
      assert.equal(summary.p95Ms, 19);
      assert.deepEqual(summary.byEndpoint, [
        { method: 'GET', endpoint: '/v1/accounts', count: 15, errors: 1 },
        { method: 'POST', endpoint: '/v1/consents', count: 5, errors: 5 },
      ]);
      const wider = await store.summary(['sum-a'], NOW - 3 * DAY_MS);
      assert.equal(wider.total, 21);
      assert.equal(wider.p95Ms, 20);
      const none = await store.summary(['sum-none'], NOW - DAY_MS);
      assert.deepEqual([none.total, none.errors, none.p50Ms, none.p95Ms, none.byEndpoint], [0, 0, undefined, undefined, []]);
    });

    it('quota: calls in the last 60 s against the limit, and calls since midnight UTC', async () => {
      const midnight = Math.floor(NOW / DAY_MS) * DAY_MS;
      await append(
        audit({ clientId: 'quota-a', at: midnight - 1 }),
        audit({ clientId: 'quota-a', at: midnight }),
        audit({ clientId: 'quota-a', at: NOW - 60_000 }),
        audit({ clientId: 'quota-a', at: NOW - 59_999 }),
        audit({ clientId: 'quota-a', at: NOW - 1 }),
        audit({ clientId: 'quota-a', at: NOW }),
        audit({ clientId: 'quota-b', at: NOW }),
      );
      assert.deepEqual(await store.quota('quota-a', 100, NOW), { clientId: 'quota-a', perMinuteLimit: 100, lastMinute: 3, today: 5, limited: false });
      assert.equal((await store.quota('quota-a', 3, NOW)).limited, true);
      assert.deepEqual(await store.quota('quota-a', 100, NOW + 59_999), { clientId: 'quota-a', perMinuteLimit: 100, lastMinute: 1, today: 5, limited: false });
      assert.equal((await store.quota('quota-none', 100, NOW)).today, 0);
    });

    it('keeps the retention period: older calls are not stored, and stored ones are pruned as time passes', async () => {
      await append(audit({ clientId: 'ret-a', requestId: 'too-old', at: NOW - 31 * DAY_MS }), audit({ clientId: 'ret-a', requestId: 'day-29', at: NOW - 29 * DAY_MS }), audit({ clientId: 'ret-a', requestId: 'fresh' }));
      assert.deepEqual((await store.calls(['ret-a'], { limit: 10 })).map((call) => call.requestId), ['fresh', 'day-29']);
      // Two days later, the next batch prunes what is now past 30 days.
      clock = NOW + 2 * DAY_MS;
      await append(audit({ clientId: 'ret-b', at: clock }));
      assert.deepEqual((await store.calls(['ret-a'], { limit: 10 })).map((call) => call.requestId), ['fresh']);
    });
  });
}
