// SPDX-License-Identifier: Apache-2.0
// Event log throughput on each store: appends one record per call (the engine's worst case), appends in
// batches of 100, and consumes everything as one consumer group. Prints records per second and the
// PostgreSQL/SQLite ratio. Run with `npm run bench`; never part of `npm test`.
import { openEventLog, type EventLog } from '../../platform/events/index.js';
import { createLogger } from '../../platform/log/index.js';
import { testDatabaseTargets } from '../support/databases.js';

const SINGLE = Number(process.env.BENCH_SINGLE ?? 2_000);
const BATCHED = Number(process.env.BENCH_BATCHED ?? 20_000);
const logger = createLogger({ level: 'warn' });
const record = (index: number) => ({ key: `k${index % 64}`, value: { intent: 'ELEMENT_COMPLETED', amount: '1200.00', index } });

async function timed(work: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function measure(log: EventLog): Promise<Record<string, number>> {
  const single = await timed(async () => {
    for (let index = 0; index < SINGLE; index += 1) await log.append('bench-single', [record(index)]);
  });
  const batched = await timed(async () => {
    for (let index = 0; index < BATCHED; index += 100) await log.append('bench-batched', Array.from({ length: 100 }, (_, offset) => record(index + offset)));
  });
  const consumed = await timed(async () => {
    let seen = 0;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => { finish = resolve; });
    const subscription = await log.subscribe({
      topic: 'bench-batched', group: 'bench', batchSize: 500,
      handler: async (batch) => { seen += batch.length; if (seen >= BATCHED) finish(); },
    });
    await done;
    await subscription.stop();
  });
  return { 'append 1/call': SINGLE / single, 'append 100/call': BATCHED / batched, consume: BATCHED / consumed };
}

const results: Record<string, Record<string, number>> = {};
for (const target of testDatabaseTargets) {
  if (target.skip) {
    console.log(`${target.name}: skipped (${target.skip})`);
    continue;
  }
  const { database } = await target.open();
  const log = await openEventLog({ kind: 'sql', database, logger });
  results[target.name] = await measure(log);
  await log.close();
  await database.close();
}

console.log(`event log throughput, records/s (${SINGLE} single appends, ${BATCHED} batched records)`);
for (const metric of ['append 1/call', 'append 100/call', 'consume']) {
  const sqlite = results.sqlite?.[metric];
  const postgres = results.postgres?.[metric];
  const ratio = sqlite && postgres ? ` | postgres/sqlite ${(postgres / sqlite).toFixed(2)}` : '';
  console.log(`${metric.padEnd(16)} sqlite ${sqlite?.toFixed(0) ?? '-'} | postgres ${postgres?.toFixed(0) ?? '-'}${ratio}`);
}
