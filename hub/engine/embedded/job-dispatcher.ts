// SPDX-License-Identifier: Apache-2.0
// Hands committed, activatable jobs to in-process workers and turns their outcomes into commands.
// Activations live only in memory: the workers are in this process, so after a crash no worker holds
// anything and every unfinished job is simply activatable again (at-least-once delivery).
import type { Logger } from '../../../platform/log/index.js';
import type { Job, JobOutcome, JobWorker, Variables, WorkerOptions } from '../workflow-engine.js';
import type { JobEntity } from './entities.js';
import type { EngineState } from './engine-state.js';
import type { Runtime } from './runtime.js';

export interface JobCommands {
  complete(jobKey: string, variables: Variables): Promise<void>;
  fail(jobKey: string, retries: number, errorMessage: string, retryBackOff: number): Promise<void>;
  throwError(jobKey: string, errorCode: string, errorMessage: string, variables: Variables): Promise<void>;
  timedOut(job: JobEntity): Promise<void>;
}

interface Worker {
  options: WorkerOptions;
  timeout: number;
  capacity: number;
  active: number;
  closed: boolean;
  idle: (() => void) | undefined;
}

interface Activation {
  token: number;
  worker: Worker;
  deadlineTimer: NodeJS.Timeout;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_JOBS_ACTIVE = 32;

export class JobDispatcher {
  readonly #workers = new Map<string, Worker[]>();
  readonly #activations = new Map<string, Activation>();
  #token = 0;
  #wake: NodeJS.Timeout | undefined;
  #wakeDue = 0;
  #closed = false;

  constructor(
    private readonly state: EngineState,
    private readonly runtime: Runtime,
    private readonly commands: JobCommands,
    private readonly logger: Logger | undefined,
  ) {}

  addWorker(options: WorkerOptions): JobWorker {
    const worker: Worker = {
      options, timeout: options.timeout ?? DEFAULT_TIMEOUT_MS, capacity: options.maxJobsActive ?? DEFAULT_MAX_JOBS_ACTIVE, active: 0, closed: false, idle: undefined,
    };
    const list = this.#workers.get(options.taskType) ?? [];
    list.push(worker);
    this.#workers.set(options.taskType, list);
    setImmediate(() => this.dispatch());
    return {
      close: () => {
        worker.closed = true;
        this.#workers.set(options.taskType, (this.#workers.get(options.taskType) ?? []).filter((item) => item !== worker));
        return worker.active === 0 ? Promise.resolve() : new Promise<void>((resolve) => { worker.idle = resolve; });
      },
    };
  }

  /** Hands out every ready job a worker has room for. */
  dispatch(): void {
    if (this.#closed) return;
    const now = Date.now();
    for (const [type, workers] of this.#workers) {
      const ready = this.state.activatable.get(type);
      if (!ready || ready.size === 0 || workers.length === 0) continue;
      for (const jobKey of ready) {
        if (this.#activations.has(jobKey)) continue;
        const job = this.state.get('job', jobKey)!;
        if (job.backoffUntil && job.backoffUntil > now) {
          this.#wakeAt(job.backoffUntil);
          continue;
        }
        const worker = workers.find((candidate) => !candidate.closed && candidate.active < candidate.capacity);
        if (!worker) break;
        this.#activate(job, worker);
      }
    }
  }

  /**
   * Dispatches again when a backing-off job becomes ready. The engine also arms a timer per job, but a timer may
   * fire a millisecond before Date.now() reaches the back-off (monotonic and wall clocks differ), and then the
   * job would wait for its deadline; this one re-checks until it is ready.
   */
  #wakeAt(at: number): void {
    if (this.#wake && this.#wakeDue <= at) return;
    if (this.#wake) clearTimeout(this.#wake);
    this.#wakeDue = at;
    this.#wake = setTimeout(() => {
      this.#wake = undefined;
      this.dispatch();
    }, Math.max(1, at - Date.now() + 1));
  }

  /** Drops the activation of a job that was completed, failed or cancelled in the last commit. */
  forget(jobKey: string, gone: boolean): void {
    const activation = this.#activations.get(jobKey);
    if (!activation || !gone) return;
    clearTimeout(activation.deadlineTimer);
    this.#activations.delete(jobKey);
  }

  close(): void {
    this.#closed = true;
    if (this.#wake) clearTimeout(this.#wake);
    for (const activation of this.#activations.values()) clearTimeout(activation.deadlineTimer);
    this.#activations.clear();
  }

  #activate(job: JobEntity, worker: Worker): void {
    const token = (this.#token += 1);
    const deadline = Date.now() + worker.timeout;
    const deadlineTimer = setTimeout(() => this.#expire(job.key, token), worker.timeout);
    this.#activations.set(job.key, { token, worker, deadlineTimer });
    worker.active += 1;
    const definition = this.state.get('def', job.defKey)!;
    const handed: Job = {
      key: job.key, type: job.type, processInstanceKey: job.piKey, bpmnProcessId: definition.bpmnProcessId,
      processDefinitionVersion: definition.version, processDefinitionKey: job.defKey, elementId: job.elementId,
      elementInstanceKey: job.eiKey, customHeaders: job.customHeaders, variables: this.runtime.jobVariables(job, worker.options.fetchVariables),
      retries: job.retries, deadline, tenantId: job.tenantId,
    };
    Promise.resolve()
      .then(() => worker.options.handler(handed))
      .catch((error: unknown): JobOutcome => ({ outcome: 'fail', errorMessage: (error as Error)?.message ?? String(error) }))
      .then((outcome) => this.#settle(handed, token, outcome))
      .catch((error: unknown) => this.logger?.debug({ err: error, jobKey: job.key }, 'job outcome refused'))
      .finally(() => {
        worker.active -= 1;
        if (worker.closed && worker.active === 0) worker.idle?.();
        const activation = this.#activations.get(job.key);
        if (activation?.token === token) {
          clearTimeout(activation.deadlineTimer);
          this.#activations.delete(job.key);
        }
        this.dispatch();
      });
  }

  async #settle(job: Job, token: number, outcome: JobOutcome): Promise<void> {
    // An outcome after the job timed out (and went to another worker) or was cancelled is ignored, as Zeebe does.
    if (this.#activations.get(job.key)?.token !== token) return;
    switch (outcome.outcome) {
      case 'complete':
        return this.commands.complete(job.key, outcome.variables ?? {});
      case 'fail':
        return this.commands.fail(job.key, outcome.retries ?? job.retries - 1, outcome.errorMessage, outcome.retryBackOff ?? 0);
      case 'throwError':
        return this.commands.throwError(job.key, outcome.errorCode, outcome.errorMessage ?? '', outcome.variables ?? {});
    }
  }

  #expire(jobKey: string, token: number): void {
    const activation = this.#activations.get(jobKey);
    if (activation?.token !== token) return;
    this.#activations.delete(jobKey);
    const job = this.state.get('job', jobKey);
    if (job) this.commands.timedOut(job).catch(() => {});
    this.dispatch();
  }
}
