// SPDX-License-Identifier: Apache-2.0
// Operations view: how fast the streamer builds it from the event log, and how fast an operator's searches
// answer over it. Engine records for N payer transfers (each about what one produces: creation, ~10 element
// records, 3 jobs, 12 variables, the end) are appended to a real SQL event log, then the real streamer applies
// them until caught up; then 200 searches of six kinds run over the view, as an operator of one tenant.
// Figures only, no assertions. `BENCH_OPERATIONS_TRANSFERS` (default 100,000) on a SQLite file in a temp dir
// (`BENCH_OPERATIONS_DURABILITY` full | normal, default full); `BENCH_OPERATIONS_PG_TRANSFERS` (default 3,000, as
// every record costs PostgreSQL round trips) when LANGO_TEST_DATABASE_URL is set; `BENCH_OPERATIONS_BATCH`
// records per streamer batch (default 500, the streamer's).
// Run with `node --import tsx test/bench/operations.bench.ts`; never part of `npm test`.
import { openEventLog } from '../../platform/events/index.js';
import { createLogger } from '../../platform/log/index.js';
import { openDatabase, type SqlDatabase } from '../../platform/store/index.js';
import { ENGINE_RECORDS_TOPIC } from '../../hub/engine/records.js';
import { EngineRecordWriter, type TransferScenario } from '../../hub/operations/adapters/sql/engine-record-fixtures.js';
import { openSqlOperationsView } from '../../hub/operations/adapters/sql/sql-operations-view.js';
import { startOperationsStreamer } from '../../hub/operations/operations-streamer.js';
import type { OperationsView, TransferSearch } from '../../hub/operations/operations-view.js';
import { testDatabaseTargets } from '../support/databases.js';
import { tempDir } from '../support/temp-dir.js';

const SQLITE_TRANSFERS = Number(process.env.BENCH_OPERATIONS_TRANSFERS ?? 100_000);
const POSTGRES_TRANSFERS = Number(process.env.BENCH_OPERATIONS_PG_TRANSFERS ?? 3_000);
/** SQLite commits: `full` (Lango's default, an fsync per commit) or `normal` (WAL, crash safe). */
const SQLITE_DURABILITY = (process.env.BENCH_OPERATIONS_DURABILITY ?? 'full') as 'full' | 'normal';
/** Records per streamer batch (one view transaction each); the streamer's default is 500. */
const BATCH_SIZE = Number(process.env.BENCH_OPERATIONS_BATCH ?? 500);
const SEARCHES = 200;
const PAYERS = 20_000;
const TENANTS = ['buffalo', 'buffalo', 'buffalo', 'buffalo', 'buffalo', 'buffalo', 'lion', 'lion', 'lion', 'zebra'];
const FIRST_NAMES = ['Amina', 'John', 'Zawadi', 'Baraka', 'Neema', 'Juma', 'Rehema', 'Hassan', 'Upendo', 'Daudi'];
const SURNAMES = ['Mrema', 'Kimaro', 'Mushi', 'Swai', 'Lyimo', 'Massawe', 'Temu', 'Shirima', 'Minja', 'Urassa', 'Mollel', 'Njau'];
const DAY_MS = 86_400_000;
const logger = createLogger({ level: 'warn' });

/** A deterministic pseudo-random sequence, so every run measures the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const msisdn = (index: number) => `2557${String(10_000_000 + index).slice(1)}`;

/** Transfer number `index`: 85 % completed, 10 % failed, 3 % cancelled, 2 % still running. */
function payerTransfer(index: number, next: () => number, now: number): TransferScenario {
  const outcome = next();
  const end = outcome < 0.85 ? 'end-completed' : outcome < 0.95 ? 'end-failed' : outcome < 0.98 ? 'cancel' : undefined;
  const currency = next() < 0.9 ? 'TZS' : 'KES';
  const amount = `${1 + Math.floor(next() * 500_000)}.${String(Math.floor(next() * 100)).padStart(2, '0')}`;
  const payer = Math.floor(next() * PAYERS);
  const payeeName = `${FIRST_NAMES[Math.floor(next() * FIRST_NAMES.length)]} ${SURNAMES[Math.floor(next() * SURNAMES.length)]}`;
  const tenantId = TENANTS[index % TENANTS.length]!;
  const startedAt = now - Math.floor(next() * 30 * DAY_MS);
  const payee = { idType: 'MSISDN', idValue: msisdn(PAYERS + index), fspId: `fsp-${index % 7}` };
  return {
    bpmnProcessId: 'payer-transfer', tenantId, startedAt, ...(end && { end, endedAt: startedAt + 200 + Math.floor(next() * 4_800) }),
    variables: {
      tenantId, transactionId: `tx-${index}`, transferId: `tr-${index}`, quoteId: `q-${index}`,
      payer: { idType: 'MSISDN', idValue: msisdn(payer), accountId: `acc-${payer}`, fspId: `${tenantId}-fsp` }, payee: { idType: 'MSISDN', idValue: payee.idValue },
      amount, currency, confirmationRequired: false, timeouts: { partyLookup: 'PT30S', quote: 'PT30S', transfer: 'PT60S' },
    },
    tasks: [
      { elementId: 'local-quote', jobType: 'payer-local-quote', variables: { payee: { ...payee, name: payeeName }, payerFee: '0.50' } },
      { elementId: 'prepare', jobType: 'transfer-prepare', variables: { quoteResponse: { transferAmount: { amount, currency }, payeeFspFee: { amount: '0.25', currency } } } },
      end === 'end-failed'
        ? { elementId: 'failed', jobType: 'payer-transfer-failed', variables: { errorCode: ['3100', '4001', '5100'][index % 3]!, errorDescription: 'refused' } }
        : { elementId: 'commit', jobType: 'commit-withdrawal' },
    ],
  };
}

interface Ingest { transfers: number; records: number; appendSeconds: number; ingestSeconds: number }

async function ingest(database: SqlDatabase, transfers: number): Promise<{ view: OperationsView; figures: Ingest }> {
  const eventLog = await openEventLog({ kind: 'sql', database, logger });
  const writer = new EngineRecordWriter();
  const next = random(7);
  const now = Date.now();
  let records = 0;
  const appendStart = performance.now();
  for (let index = 0; index < transfers; index += 1) {
    writer.write(payerTransfer(index, next, now));
    if (index % 200 === 199 || index === transfers - 1) {
      const batch = writer.take();
      records += batch.length;
      for (let start = 0; start < batch.length; start += 1_000) {
        await eventLog.append(ENGINE_RECORDS_TOPIC, batch.slice(start, start + 1_000).map((record) => ({ key: record.key, value: record, timestamp: record.timestamp })));
      }
    }
  }
  const appendSeconds = (performance.now() - appendStart) / 1000;
  const view = await openSqlOperationsView(database);
  const ingestStart = performance.now();
  const streamer = await startOperationsStreamer({ eventLog, view, logger, group: 'bench-operations', batchSize: BATCH_SIZE });
  await streamer.caughtUp(60 * 60_000);
  const ingestSeconds = (performance.now() - ingestStart) / 1000;
  await streamer.close();
  await eventLog.close();
  return { view, figures: { transfers, records, appendSeconds, ingestSeconds } };
}

type SearchKind = 'payer MSISDN' | 'state + completedAt' | 'amount range' | 'payee name' | 'transactionId' | 'page 50';
const KINDS: readonly SearchKind[] = ['payer MSISDN', 'state + completedAt', 'amount range', 'payee name', 'transactionId', 'page 50'];

function search(kind: SearchKind, index: number, next: () => number, transfers: number): TransferSearch {
  const operator = { tenantIds: ['buffalo'], limit: 20 } as const;
  switch (kind) {
    case 'payer MSISDN': return { ...operator, payerId: msisdn(Math.floor(next() * PAYERS)) };
    case 'state + completedAt': return { ...operator, state: index % 2 === 0 ? 'COMPLETED' : 'FAILED', sort: { by: 'completedAt', direction: 'desc' } };
    case 'amount range': {
      const low = Math.floor(next() * 490_000);
      return { ...operator, currency: 'TZS', amountMin: `${low}.00`, amountMax: `${low + 2_000}.50`, sort: { by: 'amount', direction: 'asc' } };
    }
    case 'payee name': return { ...operator, payeeName: SURNAMES[index % SURNAMES.length]!.slice(1, 5).toLowerCase() };
    case 'transactionId': return { ...operator, transactionId: `tx-${Math.floor(next() * transfers)}` };
    case 'page 50': return { ...operator, offset: 49 * 20 };
  }
}

const nearestRank = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

async function searches(view: OperationsView, transfers: number): Promise<Record<string, { p50: number; p99: number; n: number }>> {
  const next = random(11);
  const durations: Record<string, number[]> = Object.fromEntries([...KINDS, 'overall'].map((kind) => [kind, []]));
  for (let index = 0; index < SEARCHES; index += 1) {
    const kind = KINDS[index % KINDS.length]!;
    const query = search(kind, Math.floor(index / KINDS.length), next, transfers);
    const start = performance.now();
    await view.searchTransfers(query);
    const ms = performance.now() - start;
    durations[kind]!.push(ms);
    durations.overall!.push(ms);
  }
  const figuresMs: number[] = [];
  for (let index = 0; index < 10; index += 1) {
    const start = performance.now();
    await view.transferFigures({ tenantIds: ['buffalo'] });
    figuresMs.push(performance.now() - start);
  }
  durations['dashboard figures (10)'] = figuresMs;
  return Object.fromEntries(Object.entries(durations).map(([kind, values]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [kind, { p50: nearestRank(sorted, 50), p99: nearestRank(sorted, 99), n: sorted.length }];
  }));
}

for (const target of testDatabaseTargets) {
  if (target.skip) {
    console.log(`${target.name}: skipped (${target.skip})`);
    continue;
  }
  const transfers = target.name === 'sqlite' ? SQLITE_TRANSFERS : POSTGRES_TRANSFERS;
  const database = target.name === 'sqlite' ? await openDatabase({ dataDir: tempDir('bench-operations'), durability: SQLITE_DURABILITY }) : (await target.open()).database;
  const setting = target.name === 'sqlite' ? `durability ${SQLITE_DURABILITY}, ` : '';
  console.log(`\noperations view on ${target.name}: ${transfers.toLocaleString('en')} transfers (${setting}streamer batches of ${BATCH_SIZE})`);
  const { view, figures } = await ingest(database, transfers);
  console.log(`  event log append  ${figures.records.toLocaleString('en')} engine records in ${figures.appendSeconds.toFixed(1)} s (${(figures.records / figures.appendSeconds).toFixed(0)} records/s)`);
  console.log(`  streamer ingest   ${figures.ingestSeconds.toFixed(1)} s to caught up: ${(figures.records / figures.ingestSeconds).toFixed(0)} records/s, ${(figures.transfers / figures.ingestSeconds).toFixed(0)} transfers/s`);
  console.log(`  searches (${SEARCHES}, operator of one tenant, page of 20), ms:`);
  for (const [kind, { p50, p99, n }] of Object.entries(await searches(view, transfers))) {
    console.log(`    ${kind.padEnd(24)} n ${String(n).padStart(3)}  p50 ${p50.toFixed(2).padStart(8)}  p99 ${p99.toFixed(2).padStart(8)}`);
  }
  await database.close();
}
