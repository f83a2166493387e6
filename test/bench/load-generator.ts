// SPDX-License-Identifier: Apache-2.0
// Drives load-worker.ts from the bench's main thread. The load runs on its own thread so that the server under
// test (on this thread, and libuv's pool where WebCrypto runs) is not slowed by the client's JavaScript, as with an
// external load generator. The process's CPU time less the load thread's gives the server's CPU time per request,
// a figure that, unlike req/s, does not depend on how fast the client is.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { LoadJob, WorkerMessage, WorkerReply } from './load-worker.js';

export type { LoadRequest, LoadTarget } from './load-worker.js';

export interface Figures {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the process less the load generator's thread, per request, in µs. */
  serverUsPerRequest: number;
  /** The load generator thread's CPU time ÷ the run's duration; near 1, the figure is the client's limit. */
  clientBusy: number;
  /** Cores' worth of CPU that other processes on the machine used during the run (NaN off Linux): noise. */
  othersBusy: number;
  sample: string;
}

export interface LoadGenerator {
  run(job: LoadJob): Promise<Figures>;
  close(): Promise<void>;
}

/** proc(5): CPU time the whole machine spent busy (user, nice, system, irq, softirq), in ms; NaN off Linux. */
function machineBusyMs(): number {
  try {
    const [user = 0, nice = 0, system = 0, _idle, _iowait, irq = 0, softirq = 0] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    return ((user + nice + system + irq + softirq) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Cores' worth of CPU other processes used over `ms` while this one waited; NaN off Linux. */
async function othersBusyOver(ms: number): Promise<number> {
  const [cpuBefore, machineBefore] = [process.cpuUsage(), machineBusyMs()];
  await new Promise((resolve) => setTimeout(resolve, ms));
  const [cpu, machine] = [process.cpuUsage(cpuBefore), machineBusyMs() - machineBefore];
  return Math.max(0, machine - (cpu.user + cpu.system) / 1000) / ms;
}

/** Waits (up to `maxWaitMs`) until other processes use less than `cores` for half a second; false when they never did. */
export async function waitForQuiet(cores: number, maxWaitMs: number): Promise<boolean> {
  const begin = Date.now();
  for (;;) {
    const others = await othersBusyOver(500);
    if (!(others >= cores)) return true;
    if (Date.now() - begin > maxWaitMs) return false;
  }
}

const percentile = (sorted: Float64Array, fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;

export function startLoadGenerator(): LoadGenerator {
  // Workers do not inherit `--import tsx` on Node 20: the worker registers tsx itself, then loads the TypeScript.
  const file = new URL('./load-worker.ts', import.meta.url).href;
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file)}); });`, { eval: true });
  let pending: { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void } | undefined;
  worker.on('message', (reply: WorkerReply) => pending?.resolve(reply));
  worker.on('error', (error) => pending?.reject(error));
  const ask = (message: WorkerMessage) => new Promise<WorkerReply>((resolve, reject) => {
    if (pending) throw new Error('the load generator runs one job at a time');
    pending = { resolve: (reply) => { pending = undefined; resolve(reply); }, reject: (error) => { pending = undefined; reject(error); } };
    worker.postMessage(message);
  });

  return {
    async run(job) {
      // Copying the pre-built requests to the worker is done before the CPU clock starts.
      if ((await ask({ kind: 'prepare', job })).kind !== 'ready') throw new Error('the load generator did not take the job');
      const [cpuBefore, machineBefore] = [process.cpuUsage(), machineBusyMs()];
      const reply = await ask({ kind: 'go' });
      const [cpu, machine] = [process.cpuUsage(cpuBefore), machineBusyMs() - machineBefore];
      if (reply.kind === 'failed') throw new Error(`${job.target.origin}: ${reply.message}`);
      if (reply.kind !== 'done') throw new Error(`unexpected answer from the load generator: ${reply.kind}`);
      const { seconds, latenciesMs, clientCpuMs, sample } = reply.outcome;
      const count = job.requests.length;
      return {
        requests: count, perSecond: count / seconds, p50Ms: percentile(latenciesMs, 0.5), p99Ms: percentile(latenciesMs, 0.99),
        serverUsPerRequest: (cpu.user + cpu.system - clientCpuMs * 1000) / count, clientBusy: clientCpuMs / 1000 / seconds,
        othersBusy: Math.max(0, machine - (cpu.user + cpu.system) / 1000) / 1000 / seconds, sample,
      };
    },
    async close() {
      await ask({ kind: 'close' });
      await worker.terminate();
    },
  };
}
