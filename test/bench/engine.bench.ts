// SPDX-License-Identifier: Apache-2.0
// Embedded engine throughput and latency: a three-service-task process and a message round trip, with
// 1, 8, 64 and 256 instances in flight, at durability full (power-loss safe), normal (crash safe) and
// off (no fsync: the cost of durability is the ratio). bpmn-engine runs the same three-task process in
// memory as the reference. Run with `npm run bench` (or `node --import tsx test/bench/engine.bench.ts`).
import { openEmbeddedEngine } from '../../hub/engine/embedded/embedded-engine.js';
import { complete, type WorkflowEngine } from '../../hub/engine/index.js';
import { tempDir } from '../support/temp-dir.js';
import { MESSAGE_ROUND_TRIP, THREE_TASKS } from './bpmn.js';
import { runBpmnEngineReference } from './bpmn-engine-reference.js';

const LEVELS = [1, 8, 64, 256];
const TOTAL = Number(process.env.BENCH_INSTANCES ?? 4_000);
const durabilities = (process.env.BENCH_DURABILITY ?? 'full,normal,off').split(',') as ('full' | 'normal' | 'off')[];

interface Figures { perSecond: number; p50: number; p99: number }

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Keeps `inFlight` instances running until `total` have completed; latency is creation request → completion record. */
async function drive(engine: WorkflowEngine, bpmnProcessId: string, inFlight: number, total: number, variables: (index: number) => Record<string, unknown>): Promise<Figures> {
  // Creation is answered after its commit, and a completion record can be seen before that answer's
  // continuation runs; whichever of the two comes second computes the latency.
  const started = new Map<string, number>();
  const completedAt = new Map<string, number>();
  const latencies: number[] = [];
  let launched = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  const launch = () => {
    const index = launched++;
    const at = performance.now();
    void engine.createInstance({ bpmnProcessId, variables: variables(index) }).then(({ processInstanceKey }) => {
      const end = completedAt.get(processInstanceKey);
      if (end === undefined) started.set(processInstanceKey, at);
      else finished(end - at, processInstanceKey);
    });
  };
  const unsubscribe = engine.onRecords((records) => {
    for (const record of records) {
      if (record.valueType !== 'PROCESS_INSTANCE' || record.intent !== 'ELEMENT_COMPLETED' || record.value.bpmnElementType !== 'PROCESS') continue;
      const at = started.get(record.key);
      if (at === undefined) completedAt.set(record.key, performance.now());
      else finished(performance.now() - at, record.key);
    }
  });
  function finished(latency: number, key: string) {
    latencies.push(latency);
    started.delete(key);
    completedAt.delete(key);
    if (latencies.length >= total) finish();
    else if (launched < total) launch();
  }
  const begin = performance.now();
  for (let index = 0; index < Math.min(inFlight, total); index += 1) launch();
  await done;
  const seconds = (performance.now() - begin) / 1000;
  unsubscribe();
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function measure(durability: 'full' | 'normal' | 'off', scenario: 'three-tasks' | 'round-trip', inFlight: number): Promise<Figures> {
  const engine = await openEmbeddedEngine({ dataDir: tempDir('bench-engine'), durability });
  try {
    await engine.deploy([{ name: 'three-tasks.bpmn', xml: THREE_TASKS }, { name: 'round-trip.bpmn', xml: MESSAGE_ROUND_TRIP }]);
    const capacity = Math.max(32, inFlight);
    for (const step of ['bench-step-1', 'bench-step-2', 'bench-step-3']) {
      engine.createWorker({ taskType: step, maxJobsActive: capacity, handler: async () => complete() });
    }
    engine.createWorker({
      taskType: 'bench-ping', maxJobsActive: capacity,
      handler: async (job) => {
        await engine.publishMessage({ name: 'bench-pong', correlationKey: String(job.variables.correlationId), timeToLive: 60_000 });
        return complete();
      },
    });
    const warmup = Math.min(200, TOTAL / 10);
    if (scenario === 'three-tasks') {
      await drive(engine, 'bench-three-tasks', inFlight, warmup, () => ({}));
      return await drive(engine, 'bench-three-tasks', inFlight, TOTAL, () => ({}));
    }
    await drive(engine, 'bench-round-trip', inFlight, warmup, (index) => ({ correlationId: `w-${index}` }));
    return await drive(engine, 'bench-round-trip', inFlight, TOTAL, (index) => ({ correlationId: `m-${index}` }));
  } finally {
    await engine.close();
  }
}

const format = (figures: Figures) => `${figures.perSecond.toFixed(0).padStart(6)}/s  p50 ${figures.p50.toFixed(1).padStart(6)} ms  p99 ${figures.p99.toFixed(1).padStart(6)} ms`;

console.log(`embedded engine, ${TOTAL} instances per figure, this machine: ${(await import('node:os')).cpus().length} cores`);
for (const scenario of ['three-tasks', 'round-trip'] as const) {
  console.log(`\n${scenario === 'three-tasks' ? 'three service tasks' : 'message round trip (service task publishes, catch event correlates)'}`);
  for (const inFlight of LEVELS) {
    const results: Partial<Record<'full' | 'normal' | 'off', Figures>> = {};
    for (const durability of durabilities) results[durability] = await measure(durability, scenario, inFlight);
    const ratio = results.full && results.off ? `  full/off ${(results.full.perSecond / results.off.perSecond).toFixed(2)}` : '';
    console.log(`  in flight ${String(inFlight).padStart(3)}: ${durabilities.map((durability) => `${durability} ${format(results[durability]!)}`).join(' | ')}${ratio}`);
  }
}

console.log('\nreference: bpmn-engine (in memory, no durability), same three-task process, 1,000 instances per figure');
for (const inFlight of LEVELS) console.log(`  in flight ${String(inFlight).padStart(3)}: ${format(await runBpmnEngineReference(inFlight, Math.min(TOTAL, 1_000)))}`);
