// SPDX-License-Identifier: Apache-2.0
// The load generator's thread (started by load-generator.ts): undici pools with keep-alive connections, one per
// target and client certificate, kept between runs so that TLS handshakes are paid once, before any clock.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { Pool } from 'undici';

export interface LoadTarget {
  origin: string;
  /** The CA of the server's certificate and the client certificate to present, for https. */
  tls?: { caPem: string; certPem: string; keyPem: string };
}

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
}

export interface LoadJob {
  target: LoadTarget;
  /** Requests in flight at once; also the pool's number of connections (no pipelining). */
  concurrency: number;
  /** Sent as GETs; every answer must be `expected` or the run fails. */
  requests: LoadRequest[];
  expected: number;
}

export interface LoadOutcome {
  seconds: number;
  /** Per-request latencies in ms, sorted, from the request's start to the last byte of its answer. */
  latenciesMs: Float64Array;
  /** CPU time of this thread over the run, in ms (Linux, 10 ms ticks); its event loop's busy time elsewhere. */
  clientCpuMs: number;
  /** The body of the first answer, for a sanity check of what was measured. */
  sample: string;
}

/** `prepare` hands the requests over (their copy is not timed); `go` runs them. */
export type WorkerMessage = { kind: 'prepare'; job: LoadJob } | { kind: 'go' } | { kind: 'close' };
export type WorkerReply = { kind: 'ready' } | { kind: 'done'; outcome: LoadOutcome } | { kind: 'failed'; message: string } | { kind: 'closed' };

/** proc(5): utime and stime of the calling thread, fields 14 and 15 of /proc/thread-self/stat, in clock ticks. */
const TICKS_PER_SECOND = 100;
function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

const pools = new Map<string, Pool>();

function poolFor(target: LoadTarget, concurrency: number): Pool {
  const key = `${target.origin} ${target.tls?.certPem ?? ''} ${concurrency}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new Pool(target.origin, {
      connections: concurrency,
      pipelining: 1,
      keepAliveTimeout: 600_000,
      keepAliveMaxTimeout: 600_000,
      ...(target.tls && { connect: { ca: target.tls.caPem, cert: target.tls.certPem, key: target.tls.keyPem } }),
    });
    pools.set(key, pool);
  }
  return pool;
}

async function run(job: LoadJob): Promise<LoadOutcome> {
  const pool = poolFor(job.target, job.concurrency);
  const latencies = new Float64Array(job.requests.length);
  let sample = '';
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < job.requests.length; index = next++) {
      const request = job.requests[index]!;
      const started = performance.now();
      const answer = await pool.request({ method: 'GET', path: request.path, headers: request.headers });
      const body = await answer.body.text();
      latencies[index] = performance.now() - started;
      if (answer.statusCode !== job.expected) {
        next = job.requests.length; // the other lanes stop: the figure is refused anyway
        throw new Error(`request ${index} (${request.path}) answered ${answer.statusCode}: ${body}`);
      }
      if (index === 0) sample = body;
    }
  };
  const [busyBefore, cpuBefore] = [performance.eventLoopUtilization(), threadCpuMs()];
  const begin = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  const seconds = (performance.now() - begin) / 1000;
  const [busy, cpuAfter] = [performance.eventLoopUtilization(busyBefore), threadCpuMs()];
  const clientCpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : busy.active;
  return { seconds, latenciesMs: latencies.sort(), clientCpuMs, sample };
}

const port = parentPort!;
let prepared: LoadJob | undefined;
port.on('message', (message: WorkerMessage) => {
  if (message.kind === 'close') {
    void Promise.all([...pools.values()].map((pool) => pool.close())).finally(() => port.postMessage({ kind: 'closed' } satisfies WorkerReply));
    return;
  }
  if (message.kind === 'prepare') {
    prepared = message.job;
    port.postMessage({ kind: 'ready' } satisfies WorkerReply);
    return;
  }
  const job = prepared!;
  prepared = undefined;
  run(job).then(
    (outcome) => port.postMessage({ kind: 'done', outcome } satisfies WorkerReply),
    (error: unknown) => port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
  );
});
