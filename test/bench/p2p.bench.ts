// SPDX-License-Identifier: Apache-2.0
// End-to-end P2P transfers per second: the barebone sandbox in this process (channel API, both DFSPs' flows on
// the embedded engine, the switch and Fineract simulators, FSPIOP signed and validated, SQLite), a closed loop of
// transfers between the sandbox's MSISDNs. Latency is the hub's own record: accepted on the channel → payer
// side COMPLETED. Prints where the CPU goes (a V8 profile of the measured run, self time by area), and the
// engine's three-task instances/s measured in the same run for the ratio. `npm run bench`, or
// `node --import tsx test/bench/p2p.bench.ts` (BENCH_TRANSFERS, BENCH_IN_FLIGHT, BENCH_DURABILITY).
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openEmbeddedEngine } from '../../hub/engine/embedded/embedded-engine.js';
import { complete } from '../../hub/engine/index.js';
import { startPaymentsSandbox } from '../support/payments-sandbox.js';
import { tempDir } from '../support/temp-dir.js';
import { THREE_TASKS } from './bpmn.js';

const TOTAL = Number(process.env.BENCH_TRANSFERS ?? 1_000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
const DURABILITY = process.env.BENCH_DURABILITY ?? 'full';
// Payer → payee pairs across five banks, so no single account or bank pair is the bottleneck.
const PAIRS: readonly (readonly [string, string, string])[] = [
  ['buffalo', '27710101999', '27710102999'],
  ['rhino', '27710203999', '27710204999'],
  ['elephant', '27710204999', '27710305999'],
  ['leopard', '27710305999', '27710203999'],
  ['lion', '27710102999', '27710101999'],
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; hitCount?: number; children?: number[] }

const AREAS: readonly (readonly [string, RegExp])[] = [
  ['FSPIOP signing (JWS, ES256)', /sdk-standard-components|mojaloop\/jws\.ts|\/jws\/|jsonwebtoken|node:crypto|internal\/crypto/],
  ['FSPIOP validation (OpenAPI, ajv)', /ajv|openapi-backend|fspiop-api\.ts|fspiop-routes|\/steps\//],
  ['engine (embedded, BPMN, FEEL)', /hub\/engine\/|feelin|lezer/],
  ['SQLite and store (better-sqlite3, Kysely)', /better-sqlite3|kysely|platform\/store|adapters\/sql|sql-payment-store|simulators\/.*store|switch-store/],
  ['HTTP (fastify, node:http, client)', /fastify|find-my-way|avvio|node:_http|node:http|node:net|node:stream|internal\/streams|_http_|fspiop-http-client|light-my-request|fineract-client|undici/],
  ['Fineract simulator', /simulators\/fineract/],
  ['switch simulator', /simulators\/switch/],
  ['hub flows and channel', /hub\/flows|hub\/channel|hub\/payments|hub\/identity|hub\/notifications/],
  ['consent (channel token checks)', /consent\/|oidc-provider|jose/],
  ['logging (pino)', /pino/],
];

function byArea(profile: { nodes: ProfileNode[]; samples?: number[] }): Map<string, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const areaOf = new Map<number, string>();
  const resolve = (id: number): string => {
    const known = areaOf.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const { functionName, url } = node.callFrame;
    let area: string | undefined;
    if (functionName === '(idle)') area = 'idle (waiting for I/O)';
    else if (functionName === '(garbage collector)') area = 'garbage collection';
    else if (functionName === '(program)') area = 'V8 / native (unattributed)';
    else area = AREAS.find(([, pattern]) => pattern.test(url))?.[0];
    // Native frames (no URL) belong to whoever called them: crypto.sign under the JWS signer, etc.
    const resolved = area ?? (parent.has(id) ? resolve(parent.get(id)!) : 'other');
    areaOf.set(id, resolved);
    return resolved;
  };
  const hits = new Map<string, number>();
  for (const node of profile.nodes) hits.set(resolve(node.id), (hits.get(resolve(node.id)) ?? 0) + (node.hitCount ?? 0));
  if (process.env.BENCH_TOP) {
    // Which JS frames under each area: the nearest frame with a URL, by self samples.
    const frames = new Map<string, number>();
    const framed = (id: number): string => {
      const node = byId.get(id)!;
      if (node.callFrame.url) return `${node.callFrame.functionName} ${node.callFrame.url.replace(/^.*\/(node_modules|work\/main)\//, '')}`;
      return parent.has(id) ? framed(parent.get(id)!) : node.callFrame.functionName;
    };
    for (const node of profile.nodes) if (node.hitCount) frames.set(`${resolve(node.id)} | ${framed(node.id)}`, (frames.get(`${resolve(node.id)} | ${framed(node.id)}`) ?? 0) + node.hitCount);
    for (const [frame, count] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.BENCH_TOP))) console.log(`      ${count}  ${frame}`);
  }
  return hits;
}

async function threeTaskInstancesPerSecond(): Promise<number> {
  const engine = await openEmbeddedEngine({ dataDir: tempDir('bench-engine'), durability: DURABILITY === 'normal' ? 'normal' : 'full' });
  await engine.deploy([{ name: 'three-tasks.bpmn', xml: THREE_TASKS }]);
  for (const type of ['bench-step-1', 'bench-step-2', 'bench-step-3']) engine.createWorker({ taskType: type, handler: async () => complete(), maxJobsActive: 256 });
  const total = 4_000;
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => { finish = resolve; });
  const stop = engine.onRecords((records) => {
    for (const record of records) {
      if (record.valueType === 'PROCESS_INSTANCE' && record.intent === 'ELEMENT_COMPLETED' && record.value.bpmnElementType === 'PROCESS' && ++done === total) finish();
    }
  });
  const begin = performance.now();
  let launched = 0;
  const launch = async (): Promise<void> => {
    while (launched < total) {
      launched += 1;
      await engine.createInstance({ bpmnProcessId: 'bench-three-tasks' });
    }
  };
  await Promise.all(Array.from({ length: 64 }, launch));
  await finished;
  const perSecond = total / ((performance.now() - begin) / 1000);
  stop();
  await engine.close();
  return perSecond;
}

async function main(): Promise<void> {
  const sandbox = await startPaymentsSandbox({ LANGO_ENGINE_DURABILITY: DURABILITY, LANGO_DATABASE_DURABILITY: DURABILITY, LANGO_RETRY_BACKOFF_MS: '200', LANGO_FSPIOP_TIMEOUT_MS: '60000', LANGO_TRANSFER_EXPIRY_MS: '120000', LANGO_QUOTE_EXPIRY_MS: '120000' });
  const db = new Database(join(sandbox.dataDir, 'lango.db'), { readonly: true });
  // One read per poll for the transfers in flight, so the bench's own reading stays cheap (a few µs).
  const finishedAmong = (ids: string[]) => db.prepare(`select transaction_id, status, created_at, completed_at from hub_transfers
    where direction = 'OUTBOUND' and status in ('COMPLETED', 'FAILED') and transaction_id in (${ids.map(() => '?').join(',')})`).all(...ids);

  const run = async (total: number, inFlight: number) => {
    const pending = new Map<string, string>();
    const latencies: number[] = [];
    let failed = 0;
    let launched = 0;
    let firstCreated = Infinity;
    let lastCompleted = 0;
    const launch = async () => {
      const [tenantId, from, to] = PAIRS[launched % PAIRS.length]!;
      launched += 1;
      const answer = await sandbox.channel.call<{ transactionId: string }>('POST', '/channel/transfer', tenantId, {
        payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: from } }, payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: to } },
        amount: { amount: '1', currency: 'TZS' },
      });
      if (answer.status !== 202) throw new Error(`transfer refused: ${answer.status} ${JSON.stringify(answer.body)}`);
      pending.set(answer.body.transactionId, tenantId);
    };
    const begin = performance.now();
    await Promise.all(Array.from({ length: Math.min(inFlight, total) }, launch));
    while (pending.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const refill: Promise<void>[] = [];
      const rows = finishedAmong([...pending.keys()]) as { transaction_id: string; status: string; created_at: number; completed_at: number }[];
      for (const row of rows) {
        pending.delete(row.transaction_id);
        if (row.status === 'FAILED') failed += 1;
        latencies.push(Number(row.completed_at) - Number(row.created_at));
        firstCreated = Math.min(firstCreated, Number(row.created_at));
        lastCompleted = Math.max(lastCompleted, Number(row.completed_at));
        if (launched < total) refill.push(launch());
      }
      await Promise.all(refill);
    }
    const seconds = (performance.now() - begin) / 1000;
    latencies.sort((a, b) => a - b);
    return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failed };
  };

  await run(100, 16); // warm-up: JIT, OpenAPI operations compiled, prepared statements
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  const figures = await run(TOTAL, IN_FLIGHT);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  db.close();
  await sandbox.stop();

  const engine = await threeTaskInstancesPerSecond();
  console.log(`P2P transfers, end to end in one process (durability ${DURABILITY}, ${TOTAL} transfers, ${IN_FLIGHT} in flight, 5 banks):`);
  console.log(`  ${figures.perSecond.toFixed(1)} transfers/s   p50 ${figures.p50} ms   p99 ${figures.p99} ms   failed ${figures.failed}`);
  console.log(`  engine three-task instances/s, same run: ${engine.toFixed(0)}   ratio engine/P2P: ${(engine / figures.perSecond).toFixed(1)}`);
  const hits = byArea(profile as { nodes: ProfileNode[] });
  const busy = [...hits].filter(([area]) => !area.startsWith('idle')).reduce((sum, [, count]) => sum + count, 0);
  const all = [...hits.values()].reduce((sum, count) => sum + count, 0);
  console.log(`  where the CPU goes (V8 samples of the measured run; busy ${(100 * busy / all).toFixed(0)} % of the main thread):`);
  for (const [area, count] of [...hits].sort((a, b) => b[1] - a[1])) {
    if (area.startsWith('idle')) continue;
    console.log(`    ${area.padEnd(44)} ${(100 * count / busy).toFixed(1).padStart(5)} % of busy time`);
  }
}

await main();
