// SPDX-License-Identifier: Apache-2.0
// The embedded adapter of the WorkflowEngine port. Commands queue up during an event-loop turn and run
// together at its end; their state changes and records commit in one SQLite transaction (group commit);
// only then are callers answered, jobs handed to workers and timers armed. A crash at any instant leaves
// the last commit, from which `openEmbeddedEngine` resumes: timers that fell due meanwhile fire late,
// jobs that were out with workers are handed out again.
import { createHash } from 'node:crypto';
import { ConflictError, LangoError, NotFoundError, ValidationError } from '../../../platform/errors/index.js';
import type { EventLog } from '../../../platform/events/index.js';
import type { Logger } from '../../../platform/log/index.js';
import { compileBpmn } from '../model/compile-bpmn.js';
import type { CompiledProcess } from '../model/compiled-process.js';
import { compileResources } from '../model/compile-resources.js';
import type { EngineRecord } from '../records.js';
import type {
  BpmnResource, CreateInstanceRequest, CreatedInstance, DeployedProcess, JobWorker, PublishMessageRequest,
  ModifyInstanceRequest, RecordListener, SetVariablesRequest, Variables, WorkerOptions, WorkflowEngine,
} from '../workflow-engine.js';
import type { Definition } from './entities.js';
import { EngineState } from './engine-state.js';
import { RecordExporter } from './record-exporter.js';
import { Runtime } from './runtime.js';
import { EngineStateStore, type Durability } from './state-store.js';
import { JobDispatcher } from './job-dispatcher.js';
import { TimerWheel } from './timer-wheel.js';

export interface EmbeddedEngineSettings {
  dataDir: string;
  /** full (default): commits survive power loss; normal: survive a process crash; off: benchmarks only. */
  durability?: Durability;
  /** Where records are exported (`zeebe` topic); without one they are dropped once committed. */
  eventLog?: EventLog;
  logger?: Logger;
}

interface Command {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Opens the engine on its data directory, resuming every running instance. */
export async function openEmbeddedEngine(settings: EmbeddedEngineSettings): Promise<WorkflowEngine> {
  const store = new EngineStateStore(settings.dataDir, settings.durability ?? 'full');
  const state = new EngineState(store.meta('nextKey') ?? 2_251_799_813_685_248, store.meta('nextPosition') ?? 0);
  state.load(store.loadState());
  for (const definition of state.entities.def.values()) {
    const process = (await compileBpmn(definition.resourceName, definition.xml)).find((item) => item.bpmnProcessId === definition.bpmnProcessId);
    if (process) state.compiled.set(definition.key, process);
  }
  return new EmbeddedEngine(store, state, settings);
}

class EmbeddedEngine implements WorkflowEngine {
  readonly #runtime: Runtime;
  readonly #queue: Command[] = [];
  readonly #listeners = new Set<RecordListener>();
  readonly #timers: TimerWheel;
  readonly #jobs: JobDispatcher;
  readonly #exporter: RecordExporter;
  #flushScheduled = false;
  #closed = false;

  constructor(private readonly store: EngineStateStore, private readonly state: EngineState, settings: EmbeddedEngineSettings) {
    this.#runtime = new Runtime(state);
    this.#timers = new TimerWheel({
      fireTimer: (key) => this.#command(() => this.#runtime.triggerTimer(key)).catch(() => {}),
      expireMessage: (key) => this.#command(() => this.#runtime.expireMessage(key)).catch(() => {}),
      jobReady: () => this.#jobs.dispatch(),
    });
    this.#jobs = new JobDispatcher(state, this.#runtime, {
      complete: (key, variables) => this.#command(() => this.#runtime.completeJob(key, variables)),
      fail: (key, retries, message, backOff) => this.#command(() => this.#runtime.failJob(key, retries, message, backOff)),
      throwError: (key, code, message, variables) => this.#command(() => this.#runtime.throwJobError(key, code, message, variables)),
      timedOut: (job) => this.#command(() => this.#runtime.jobTimedOut(job)),
    }, settings.logger);
    this.#exporter = new RecordExporter(store, settings.eventLog, settings.logger);
    for (const timer of state.entities.timer.values()) this.#timers.scheduleTimer(timer.key, timer.dueAt);
    for (const message of state.entities.msg.values()) this.#timers.scheduleExpiry(message.key, message.expiresAt);
    this.#exporter.kick();
  }

  async deploy(resources: readonly BpmnResource[]): Promise<DeployedProcess[]> {
    const compiled = await compileResources(resources);
    return this.#command(() => compiled.map(({ resource, process }) => this.#register(resource, process)));
  }

  #register(resource: BpmnResource, process: CompiledProcess): DeployedProcess {
    const checksum = createHash('sha256').update(resource.xml).digest('hex');
    const previous = this.state.get('def', this.state.latest.get(process.bpmnProcessId) ?? '');
    if (previous?.checksum === checksum) return describe(previous);
    const key = this.state.newKey();
    const definition: Definition = { key, bpmnProcessId: process.bpmnProcessId, version: (previous?.version ?? 0) + 1, resourceName: resource.name, checksum, xml: resource.xml };
    this.state.compiled.set(key, process);
    this.state.put('def', key, definition);
    this.state.record('PROCESS', 'CREATED', key, { bpmnProcessId: definition.bpmnProcessId, version: definition.version, processDefinitionKey: key, resourceName: resource.name, checksum });
    this.#runtime.deployed(definition, previous);
    return describe(definition);
  }

  createInstance(request: CreateInstanceRequest): Promise<CreatedInstance> {
    return this.#command(() => {
      const definition = this.#definition(request.bpmnProcessId, request.version);
      if (!this.state.compiled.get(definition.key)?.noneStartEventId) throw new ValidationError(`process ${definition.bpmnProcessId} has no none start event`);
      const processInstanceKey = this.#runtime.createInstance(definition, request.variables ?? {}, request.tenantId ?? 'default');
      return { processInstanceKey, processDefinitionKey: definition.key, bpmnProcessId: definition.bpmnProcessId, version: definition.version };
    });
  }

  publishMessage(request: PublishMessageRequest): Promise<{ messageKey: string }> {
    if (!request.name) return Promise.reject(new ValidationError('a message needs a name', { path: 'name' }));
    return this.#command(() => {
      const published = this.#runtime.publishMessage({
        name: request.name, correlationKey: request.correlationKey, variables: request.variables ?? {},
        timeToLive: Math.max(0, request.timeToLive ?? 0), tenantId: request.tenantId ?? 'default', ...(request.messageId && { messageId: request.messageId }),
      });
      return { messageKey: published.messageKey };
    });
  }

  createWorker(options: WorkerOptions): JobWorker {
    if (this.#closed) throw new ConflictError('the engine is closed');
    return this.#jobs.addWorker(options);
  }

  cancelInstance(processInstanceKey: string): Promise<void> {
    return this.#command(() => this.#runtime.cancelInstance(processInstanceKey));
  }

  setVariables(request: SetVariablesRequest): Promise<void> {
    return this.#command(() => this.#runtime.setVariables(request.elementInstanceKey, request.variables, request.local ?? false));
  }

  updateJobRetries(request: { jobKey: string; retries: number }): Promise<void> {
    if (!Number.isInteger(request.retries) || request.retries < 0) return Promise.reject(new ValidationError('retries must be a non-negative integer', { path: 'retries' }));
    return this.#command(() => this.#runtime.updateJobRetries(request.jobKey, request.retries));
  }

  modifyInstance(request: ModifyInstanceRequest): Promise<void> {
    return this.#command(() => this.#runtime.modifyInstance(request.processInstanceKey, request.activate ?? [], request.terminate ?? []));
  }

  resolveIncident(incidentKey: string): Promise<void> {
    return this.#command(() => this.#runtime.resolveIncident(incidentKey));
  }

  onRecords(listener: RecordListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#flush();
    this.#timers.clear();
    this.#jobs.close();
    await this.#exporter.stop();
    this.store.close();
  }

  #definition(bpmnProcessId: string, version: number | undefined): Definition {
    const latest = this.state.get('def', this.state.latest.get(bpmnProcessId) ?? '');
    if (version === undefined || latest?.version === version) {
      if (latest) return latest;
    } else {
      for (const definition of this.state.entities.def.values()) {
        if (definition.bpmnProcessId === bpmnProcessId && definition.version === version) return definition;
      }
    }
    throw new NotFoundError(`no deployed process ${bpmnProcessId}${version === undefined ? '' : ` version ${version}`}`);
  }

  /** Queues a command for this turn's batch; resolves with its result once the batch is committed. */
  #command<T>(run: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new ConflictError('the engine is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.#queue.length === 0) return;
    const commands = this.#queue.splice(0);
    const outcomes: { ok: boolean; value: unknown }[] = [];
    for (const command of commands) {
      try {
        outcomes.push({ ok: true, value: this.#runtime.run(command.run) });
      } catch (error) {
        // Commands validate before they change anything, so a refused one leaves the batch clean.
        outcomes.push({ ok: false, value: error instanceof RangeError ? new NotFoundError(error.message, { cause: error }) : error });
      }
    }
    let records: EngineRecord[] = [];
    if (this.state.hasPending()) {
      const batch = this.state.takeBatch();
      records = batch.records;
      try {
        this.store.commit(batch.rows, batch.records, { nextKey: this.state.nextKey, nextPosition: this.state.nextPosition });
      } catch (error) {
        // Memory is now ahead of the disk: nothing may act on it. Refuse everything; a restart resumes from the disk.
        this.#closed = true;
        const failure = new LangoError('STORE_UNAVAILABLE', 'the engine could not commit its state', { cause: error });
        for (const command of commands) command.reject(failure);
        this.#timers.clear();
        this.#jobs.close();
        return;
      }
    }
    commands.forEach((command, index) => (outcomes[index]!.ok ? command.resolve(outcomes[index]!.value) : command.reject(outcomes[index]!.value)));
    this.#afterCommit(records);
  }

  #afterCommit(records: EngineRecord[]): void {
    for (const key of this.#runtime.touchedTimers) {
      const timer = this.state.get('timer', key);
      if (timer) this.#timers.scheduleTimer(key, timer.dueAt);
      else this.#timers.cancelTimer(key);
    }
    for (const key of this.#runtime.touchedMessages) {
      const message = this.state.get('msg', key);
      if (message) this.#timers.scheduleExpiry(key, message.expiresAt);
    }
    for (const key of this.#runtime.touchedJobs) {
      const job = this.state.get('job', key);
      // Armed even when the back-off has already passed: a dispatch that ran before this commit may have skipped
      // the job as still backing off, and nothing else would hand it out until its deadline.
      if (job?.backoffUntil) this.#timers.scheduleJobReady(key, job.backoffUntil);
      this.#jobs.forget(key, job === undefined);
    }
    this.#runtime.touchedTimers.clear();
    this.#runtime.touchedMessages.clear();
    this.#runtime.touchedJobs.clear();
    if (records.length) {
      for (const listener of this.#listeners) listener(records);
      this.#exporter.kick();
    }
    this.#jobs.dispatch();
  }
}

function describe(definition: Definition): DeployedProcess {
  return { bpmnProcessId: definition.bpmnProcessId, version: definition.version, processDefinitionKey: definition.key, resourceName: definition.resourceName };
}

export type { Variables };
