// SPDX-License-Identifier: Apache-2.0
// The audit trail as an auditor relies on it: every entry is chained to the one before, any later edit, removal
// or forged hash is found at its seq, concurrent writers still leave one gapless chain, the event-log feed appends
// each gateway call and consent change once, and the command says OK or BROKEN with its exit status. Runs on
// SQLite, and on PostgreSQL too when LANGO_TEST_DATABASE_URL is set.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openEventLog, type EventLog } from '../../../platform/events/index.js';
import { createLogger } from '../../../platform/log/index.js';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { postgresUrl, testDatabaseTargets, type TestDatabaseLocation, type TestDatabaseTarget } from '../../../test/support/databases.js';
import type { AuditEventValue } from '../operations-view.js';
import { openSqlAuditTrail } from './adapters/sql/sql-audit-trail.js';
import { CONSENT_STATUS_TOPIC, GATEWAY_AUDIT_TOPIC, startAuditTrailFeed } from './audit-feed.js';
import { GENESIS_HASH, canonicalJson, entryHash, type AuditEntry, type AuditTrail, type NewAuditEntry } from './audit-trail.js';
import { CSV_COLUMNS, runVerifyCommand } from './verify-audit-trail.js';

const logger = createLogger({ level: 'silent' });
const AT = Date.UTC(2026, 11, 6, 9, 0, 0);
const COMMAND = fileURLToPath(new URL('./verify-audit-trail.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const operatorAction = (index: number, overrides: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  at: AT + index * 1_000, kind: 'operator-action', tenantId: 'buffalo', actor: 'operator:ops.operator', action: 'force-fail',
  subject: `tr-${index}`, reason: `customer complaint ${index}`, before: { state: 'IN_PROGRESS' }, after: { state: 'FAILED' }, ...overrides,
});

async function collect(entries: AsyncIterable<AuditEntry>): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const entry of entries) all.push(entry);
  return all;
}

/** Collects what the command writes. */
function textSink() {
  const sink = { text: '', write: (chunk: string) => void (sink.text += chunk) };
  return sink;
}

/** Runs the command as an operator would, in its own process. */
function runCommandProcess(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.LANGO_DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', COMMAND, ...args], { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Command-line options that reach the target's database. */
const databaseArgs = (target: TestDatabaseTarget, location: TestDatabaseLocation): string[] =>
  target.name === 'postgres' ? ['--database-url', postgresUrl!, '--schema', location.schema] : ['--data-dir', location.dataDir];

describe('canonical JSON and the entry hash', () => {
  it('sorts keys at every depth, drops undefined and writes no whitespace', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, undefined, 'x'], c: undefined, '10': true, '9': null } }), '{"a":{"10":true,"9":null,"d":[1,null,"x"]},"b":1}');
    assert.equal(canonicalJson({ when: new Date(AT) }), `{"when":"${new Date(AT).toISOString()}"}`);
    assert.throws(() => canonicalJson(undefined), TypeError);
    assert.throws(() => canonicalJson({ big: 1n }), TypeError);
  });

  it('hashes the previous hash and every field but the hash itself', () => {
    const entry = { seq: 1, prevHash: GENESIS_HASH, ...operatorAction(1) };
    const hash = entryHash(entry);
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(entryHash({ ...entry, hash: 'anything' }), hash);
    assert.equal(entryHash({ ...entry, details: undefined }), hash, 'an undefined field is an absent one');
    assert.notEqual(entryHash({ ...entry, seq: 2 }), hash);
    assert.notEqual(entryHash({ ...entry, reason: 'another reason' }), hash);
    assert.notEqual(entryHash({ ...entry, prevHash: 'f'.repeat(64) }), hash);
  });
});

for (const target of testDatabaseTargets) {
  describe(`audit trail on ${target.name}`, { skip: target.skip ?? false }, () => {
    const opened: { database: SqlDatabase; location: TestDatabaseLocation }[] = [];

    /** A trail on an empty database of its own. */
    async function freshTrail() {
      const { database, location } = await target.open();
      opened.push({ database, location });
      return { database, location, trail: await openSqlAuditTrail(database) };
    }

    /** Another connection (pool) to the same database, as a second process has. */
    async function reopen(location: TestDatabaseLocation): Promise<SqlDatabase> {
      const { database } = await target.open(location);
      opened.push({ database, location });
      return database;
    }

    const tamper = (database: SqlDatabase, statement: ReturnType<typeof sql>) => statement.execute(database.kysely());

    after(async () => {
      for (const { database } of opened.reverse()) await database.close();
      if (target.name === 'postgres' && opened.length > 0) {
        const { database } = await target.open(opened[0]!.location);
        for (const schema of new Set(opened.map(({ location }) => location.schema))) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.kysely());
        await database.close();
      }
    });

    it('chains each entry to the one before, reads them back as appended, and verifies the whole trail', async () => {
      const { trail } = await freshTrail();
      assert.deepEqual(await trail.verify(), { ok: true, entries: 0, head: GENESIS_HASH });

      const first = await trail.append([operatorAction(1), operatorAction(2, { tenantId: 'lion', details: { nested: { z: 1, a: [true, null] }, dropped: undefined } })]);
      const second = await trail.append([
        operatorAction(3, { kind: 'consent', action: 'consent.revokedByPsu', actor: 'psu:buffalo:alice', subject: 'consent-1', before: undefined, after: 'revokedByPsu', reason: undefined }),
        { at: AT + 4_000, kind: 'api-call', actor: 'tpp-alpha', action: 'GET /v1/accounts' },
      ]);
      const appended = [...first, ...second];
      assert.deepEqual(appended.map((entry) => entry.seq), [1, 2, 3, 4]);
      assert.equal(appended[0]!.prevHash, GENESIS_HASH);
      for (const [index, entry] of appended.entries()) {
        if (index > 0) assert.equal(entry.prevHash, appended[index - 1]!.hash, `entry ${entry.seq} links to the one before`);
        assert.equal(entry.hash, entryHash(entry));
      }
      assert.deepEqual(appended[1]!.details, { nested: { a: [true, null], z: 1 } });
      assert.equal('before' in appended[2]!, false);
      assert.equal('tenantId' in appended[3]!, false);

      assert.deepEqual(await trail.verify(), { ok: true, entries: 4, head: appended[3]!.hash });
      assert.deepEqual(await collect(trail.entries({})), appended, 'read back exactly as appended, oldest first');
      assert.deepEqual(await trail.append([]), []);
    });

    it('lists entries newest first, filtered by tenant, kind, subject and time, with the total for paging', async () => {
      const { trail } = await freshTrail();
      await trail.append([
        operatorAction(1), operatorAction(2, { tenantId: 'lion' }), operatorAction(3, { subject: 'tr-1', action: 'retry' }),
        operatorAction(4, { kind: 'consent', action: 'consent.expired', actor: 'system', subject: 'consent-9' }),
        { at: AT + 5_000, kind: 'api-call', actor: 'tpp-alpha', action: 'GET /v1/accounts' },
      ]);
      const page = await trail.list({ limit: 2 });
      assert.deepEqual([page.items.map((entry) => entry.seq), page.total], [[5, 4], 5]);
      assert.deepEqual((await trail.list({ limit: 2, offset: 2 })).items.map((entry) => entry.seq), [3, 2]);
      const buffalo = await trail.list({ tenantIds: ['buffalo'], limit: 10 });
      assert.deepEqual([buffalo.items.map((entry) => entry.seq), buffalo.total], [[4, 3, 1], 3]);
      assert.deepEqual(await trail.list({ tenantIds: [], limit: 10 }), { items: [], total: 0 });
      assert.deepEqual((await trail.list({ subject: 'tr-1', limit: 10 })).items.map((entry) => [entry.seq, entry.action]), [[3, 'retry'], [1, 'force-fail']]);
      assert.deepEqual((await trail.list({ kind: 'consent', limit: 10 })).items.map((entry) => entry.subject), ['consent-9']);
      const window = await trail.list({ from: AT + 2_000, to: AT + 4_000, limit: 10 });
      assert.deepEqual([window.items.map((entry) => entry.seq), window.total], [[3, 2], 2]);
      assert.deepEqual((await collect(trail.entries({ from: AT + 2_000, tenantIds: ['buffalo', 'lion'] }))).map((entry) => entry.seq), [2, 3, 4]);
    });

    it('appends a source position once: a redelivered batch adds nothing, one that runs further adds only the rest', async () => {
      const { trail } = await freshTrail();
      const batch = [operatorAction(1), operatorAction(2), operatorAction(3)];
      assert.equal((await trail.append(batch, { name: 'gateway.audit', position: 2, entryPositions: [0, 1, 2] })).length, 3);
      assert.deepEqual(await trail.append(batch, { name: 'gateway.audit', position: 2, entryPositions: [0, 1, 2] }), []);
      assert.deepEqual(await trail.append(batch.slice(0, 2), { name: 'gateway.audit', position: 1 }), []);
      const further = await trail.append([...batch, operatorAction(4), operatorAction(5)], { name: 'gateway.audit', position: 4, entryPositions: [0, 1, 2, 3, 4] });
      assert.deepEqual(further.map((entry) => [entry.seq, entry.subject]), [[4, 'tr-4'], [5, 'tr-5']]);
      assert.equal((await trail.append([operatorAction(6)], { name: 'consent.status', position: 0 })).length, 1, 'each source has its own position');
      assert.deepEqual(await trail.verify(), { ok: true, entries: 6, head: (await trail.list({ limit: 1 })).items[0]!.hash });
      await assert.rejects(trail.append([{ ...operatorAction(7), actor: '' }]), { code: 'VALIDATION_FAILED' });
      assert.equal((await trail.list({ limit: 1 })).total, 6, 'a refused batch appends nothing');
    });

    it('finds an entry whose reason was edited in the database at its seq', async () => {
      const { database, trail } = await freshTrail();
      await trail.append([1, 2, 3, 4, 5].map((index) => operatorAction(index)));
      await tamper(database, sql`update ops_audit_trail set reason = 'nothing happened' where seq = 3`);
      const result = await trail.verify();
      assert.deepEqual([result.ok, result.brokenAt, result.entries], [false, 3, 2]);
      assert.match(result.reason!, /hash does not match its content/);
    });

    it('finds a forged hash, and an edit whose hash was recomputed at the entry after it', async () => {
      const { database, trail } = await freshTrail();
      const appended = await trail.append([1, 2, 3, 4, 5].map((index) => operatorAction(index)));
      await tamper(database, sql`update ops_audit_trail set hash = ${'a'.repeat(64)} where seq = 4`);
      assert.deepEqual(await trail.verify(), { ok: false, entries: 3, brokenAt: 4, reason: 'its stored hash does not match its content' });

      const edited = { ...appended[1]!, reason: 'rewritten' };
      await tamper(database, sql`update ops_audit_trail set hash = ${appended[3]!.hash} where seq = 4`);
      await tamper(database, sql`update ops_audit_trail set reason = ${edited.reason}, hash = ${entryHash(edited)} where seq = 2`);
      const result = await trail.verify();
      assert.deepEqual([result.ok, result.brokenAt], [false, 3]);
      assert.match(result.reason!, /prevHash does not match the hash of entry 2/);
    });

    it('finds a deleted entry in the middle, at the start and at the end', async () => {
      const { database, trail } = await freshTrail();
      await trail.append([1, 2, 3, 4, 5, 6].map((index) => operatorAction(index)));
      await tamper(database, sql`delete from ops_audit_trail where seq = 6`);
      assert.deepEqual(await trail.verify(), { ok: false, entries: 5, brokenAt: 6, reason: "entry 6 is missing (the trail's head is at 6)" });
      await tamper(database, sql`delete from ops_audit_trail where seq = 3`);
      assert.deepEqual(await trail.verify(), { ok: false, entries: 2, brokenAt: 3, reason: 'entry 3 is missing (the next one is 4)' });
      await tamper(database, sql`delete from ops_audit_trail where seq = 1`);
      assert.deepEqual(await trail.verify(), { ok: false, entries: 0, brokenAt: 1, reason: 'entry 1 is missing (the next one is 2)' });
    });

    it('keeps one gapless chain when two writers append 50 entries each at the same time', async () => {
      const { database, location, trail } = await freshTrail();
      // PostgreSQL: a second pool, as a second process has. SQLite: a second trail on the same connection (the
      // streamer and the API in one process); across processes SQLite's own write lock takes turns.
      const other = await openSqlAuditTrail(target.name === 'postgres' ? await reopen(location) : database);
      const writes = (writer: AuditTrail, name: string) =>
        Array.from({ length: 50 }, (_, index) => writer.append([operatorAction(index, { actor: `operator:${name}`, subject: `${name}-${index}` })]));
      const results = await Promise.all([...writes(trail, 'first'), ...writes(other, 'second')]);
      assert.ok(results.every((appended) => appended.length === 1));
      assert.deepEqual(await trail.verify(), { ok: true, entries: 100, head: (await other.list({ limit: 1 })).items[0]!.hash });
      const all = await collect(trail.entries({}));
      assert.deepEqual(all.map((entry) => entry.seq), Array.from({ length: 100 }, (_, index) => index + 1));
      for (const name of ['first', 'second']) {
        const own = all.filter((entry) => entry.actor === `operator:${name}`).map((entry) => entry.subject);
        assert.deepEqual(own, Array.from({ length: 50 }, (_, index) => `${name}-${index}`), `${name}'s entries in the order it appended them`);
      }
    });

    it('keeps one gapless chain when another process appends to the same database meanwhile', async () => {
      const { location, trail } = await freshTrail();
      const other = appendFromAnotherProcess(target, location, 100);
      let done = false;
      void other.exited.finally(() => { done = true; });
      await other.ready;
      let own = 0;
      // Append one at a time for as long as the other process writes, so the two take turns many times.
      while (!done || own === 0) {
        await trail.append([operatorAction(own, { actor: 'operator:here', subject: `here-${own}` })]);
        own += 1;
        // SQLite answers synchronously: let the event loop see the other process end.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const child = await other.exited;
      assert.equal(child.code, 0, child.stderr);
      const all = await collect(trail.entries({}));
      assert.deepEqual(await trail.verify(), { ok: true, entries: own + 100, head: all.at(-1)!.hash });
      assert.deepEqual(all.filter((entry) => entry.actor === 'operator:there').map((entry) => entry.subject), Array.from({ length: 100 }, (_, index) => `there-${index}`));
      assert.deepEqual(all.filter((entry) => entry.actor === 'operator:here').map((entry) => entry.subject), Array.from({ length: own }, (_, index) => `here-${index}`));
    });

    describe('fed from the event log', () => {
      let eventLog: EventLog;
      let trail: AuditTrail;

      const apiCall = (overrides: Partial<AuditEventValue> & { tenantId?: string }): AuditEventValue => ({
        at: AT, requestId: 'req-1', clientId: 'tpp-alpha', method: 'GET', endpoint: '/v1/accounts', status: 200, durationMs: 12, ...overrides,
      });
      const consentChange = (consentId: string, status: string, at: number) => ({
        consentId, status, scheme: 'berlin-group', clientId: 'tpp-alpha', tenantId: 'buffalo', psuId: 'buffalo:alice', at,
      });

      after(async () => {
        await eventLog?.close();
      });

      it('turns API calls and consent changes into entries, once each, across a redelivery and a restart', async () => {
        const fresh = await freshTrail();
        trail = fresh.trail;
        eventLog = await openEventLog({ kind: 'sql', database: fresh.database, logger });
        await eventLog.append(GATEWAY_AUDIT_TOPIC, [
          { value: apiCall({ at: AT, method: 'POST', endpoint: '/v1/consents', status: 201, consentId: 'consent-1', organisationId: 'PSDDE-BAFIN-1', tenantId: 'buffalo' }) },
          { value: apiCall({ at: AT + 1, clientId: undefined, status: 401, errorCode: 'CERTIFICATE_INVALID', requestId: 'req-2' }) },
          { value: { not: 'an audit event' } },
          { value: apiCall({ at: AT + 3, method: 'POST', endpoint: '/v1/payments/:paymentProduct', status: 201, paymentId: 'pay-1', consentId: 'consent-1', psuId: 'buffalo:alice' }) },
        ]);
        await eventLog.append(CONSENT_STATUS_TOPIC, [
          { key: 'consent-1', value: consentChange('consent-1', 'valid', AT + 2) },
          { key: 'consent-1', value: consentChange('consent-1', 'terminatedByTpp', AT + 4) },
          { key: 'consent-2', value: { ...consentChange('consent-2', 'expired', AT + 5), psuId: null } },
        ]);

        const feed = await startAuditTrailFeed({ eventLog, trail, logger, group: 'audit-test', batchSize: 2 });
        await feed.caughtUp();
        const calls = (await trail.list({ kind: 'api-call', limit: 10 })).items.reverse();
        assert.deepEqual(calls.map((entry) => [entry.actor, entry.action, entry.subject, entry.tenantId]), [
          ['tpp-alpha', 'POST /v1/consents', 'consent-1', 'buffalo'],
          ['unknown', 'GET /v1/accounts', undefined, undefined],
          ['tpp-alpha', 'POST /v1/payments/:paymentProduct', 'pay-1', undefined],
        ]);
        assert.deepEqual(calls[0]!.details, { status: 201, requestId: 'req-1', organisationId: 'PSDDE-BAFIN-1', durationMs: 12 });
        assert.deepEqual(calls[1]!.details, { status: 401, errorCode: 'CERTIFICATE_INVALID', requestId: 'req-2', durationMs: 12 });
        assert.deepEqual(calls[2]!.details, { status: 201, requestId: 'req-1', psuId: 'buffalo:alice', durationMs: 12, consentId: 'consent-1' });
        assert.equal(calls[2]!.at, AT + 3);

        const consents = (await trail.list({ kind: 'consent', limit: 10 })).items.reverse();
        assert.deepEqual(consents.map((entry) => [entry.subject, entry.action, entry.actor, entry.after, entry.tenantId, entry.at]), [
          ['consent-1', 'consent.valid', 'psu:buffalo:alice', 'valid', 'buffalo', AT + 2],
          ['consent-1', 'consent.terminatedByTpp', 'tpp-alpha', 'terminatedByTpp', 'buffalo', AT + 4],
          ['consent-2', 'consent.expired', 'system', 'expired', 'buffalo', AT + 5],
        ]);
        assert.deepEqual(await trail.verify(), { ok: true, entries: 6, head: (await trail.list({ limit: 1 })).items[0]!.hash });

        // The same records delivered again (another group reads the log from the start): nothing is added.
        const again = await startAuditTrailFeed({ eventLog, trail, logger, group: 'audit-test-redelivery', batchSize: 3 });
        await again.caughtUp();
        await again.close();
        assert.equal((await trail.list({ limit: 1 })).total, 6);

        // A restart carries on from where it was: only what was appended meanwhile is added.
        await feed.close();
        await eventLog.append(GATEWAY_AUDIT_TOPIC, [{ value: apiCall({ at: AT + 6, endpoint: '/v1/accounts/:accountId/balances', requestId: 'req-3' }) }]);
        await eventLog.append(CONSENT_STATUS_TOPIC, [{ key: 'consent-3', value: consentChange('consent-3', 'revokedByPsu', AT + 7) }]);
        const restarted = await startAuditTrailFeed({ eventLog, trail, logger, group: 'audit-test' });
        await restarted.caughtUp();
        await restarted.close();
        const latest = await trail.list({ limit: 10 });
        assert.equal(latest.total, 8);
        assert.deepEqual(latest.items.slice(0, 2).map((entry) => entry.action).sort(), ['GET /v1/accounts/:accountId/balances', 'consent.revokedByPsu']);
        assert.equal((await trail.verify()).ok, true);
      });
    });

    describe('the verify command', () => {
      it('exits 0 with the head on a good trail, and 1 naming the seq once an entry was edited', async () => {
        const { database, location, trail } = await freshTrail();
        const appended = await trail.append([1, 2, 3].map((index) => operatorAction(index)));
        const args = databaseArgs(target, location);

        const good = target.name === 'sqlite' ? await runCommandProcess(args) : await runInProcess(args);
        assert.deepEqual([good.code, good.stdout], [0, `audit trail OK: 3 entries, head ${appended[2]!.hash}\n`]);

        await sql`update ops_audit_trail set actor = 'operator:someone.else' where seq = 2`.execute(database.kysely());
        const broken = target.name === 'sqlite' ? await runCommandProcess(args) : await runInProcess(args);
        assert.deepEqual([broken.code, broken.stdout], [1, 'audit trail BROKEN at seq 2: its stored hash does not match its content (1 entries checked)\n']);
      });

      it('exports every entry as JSON lines or CSV, with the verdict apart', async () => {
        const { location, trail } = await freshTrail();
        const appended = await trail.append([
          operatorAction(1, { reason: 'said "no", twice\nthen left' }),
          { at: AT + 2_000, kind: 'api-call', actor: 'tpp-alpha', action: 'GET /v1/accounts', details: { status: 200 } },
        ]);
        const args = databaseArgs(target, location);

        const jsonl = await runInProcess([...args, '--export', 'jsonl']);
        assert.equal(jsonl.code, 0);
        assert.deepEqual(jsonl.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown), appended);
        assert.match(jsonl.stderr, /^audit trail OK: 2 entries/);

        const csv = await runInProcess([...args, '--export', 'csv', '--from', new Date(AT + 1_500).toISOString()]);
        assert.equal(csv.code, 0);
        const lines = csv.stdout.split('\r\n');
        assert.deepEqual(lines, [CSV_COLUMNS.join(','), `2,${AT + 2_000},api-call,,tpp-alpha,GET /v1/accounts,,,,,"{""status"":200}",${appended[0]!.hash},${appended[1]!.hash}`, '']);

        const all = await runInProcess([...args, '--export', 'csv']);
        assert.ok(all.stdout.includes('"said ""no"", twice\nthen left"'), 'a field with quotes, a comma and a line break is quoted');

        const wrong = await runInProcess([...args, '--export', 'xml']);
        assert.equal(wrong.code, 2);
        assert.match(wrong.stderr, /--export must be jsonl or csv/);
      });
    });
  });
}

/** A second process that opens the same database and appends `count` entries one at a time. */
function appendFromAnotherProcess(target: TestDatabaseTarget, location: TestDatabaseLocation, count: number) {
  const module = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  const settings = JSON.stringify({ dataDir: location.dataDir, ...(target.name === 'postgres' && { url: postgresUrl, schema: location.schema }) });
  const script = `
    const { openDatabase } = await import(${module('../../../platform/store/index.ts')});
    const { openSqlAuditTrail } = await import(${module('./adapters/sql/sql-audit-trail.ts')});
    const database = await openDatabase(${settings});
    const trail = await openSqlAuditTrail(database);
    process.stdout.write('ready\\n');
    for (let index = 0; index < ${count}; index += 1) {
      await trail.append([{ at: ${AT} + index, kind: 'operator-action', actor: 'operator:there', action: 'retry', subject: 'there-' + index }]);
    }
    await database.close();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  // Ready once it has its trail open (or has given up, so the caller's loop still ends).
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', () => resolve());
    void exited.then(() => resolve(), () => resolve());
  });
  return { ready, exited };
}

async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = textSink();
  const err = textSink();
  const code = await runVerifyCommand(args, {}, out, err);
  return { code, stdout: out.text, stderr: err.text };
}
