// SPDX-License-Identifier: Apache-2.0
// One contract test = one scenario: a freshly opened engine, the test's own fixture names (isolate.ts), the
// records it emits, workers that remember what they were handed, and jobs held until the test decides.
// At the end every held job is let go and the engine closed; a close that hangs fails the test.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadFixture, type FixtureName } from '../fixtures/index.js';
import {
  complete,
  type BpmnResource, type CreatedInstance, type DeployedProcess, type Job, type JobHandler, type JobOutcome,
  type PublishMessageRequest, type Variables, type WorkerOptions, type WorkflowEngine,
} from '../workflow-engine.js';
import { isolate, tagged } from './isolate.js';
import { RecordLog, keyOf, type InstanceRef } from './record-log.js';
import { Gate, Timeline, WAIT_MS, matcher, type Matcher } from './timeline.js';

/** What an adapter's test hands the contract: an engine on fresh state, and a way back to that state. */
export interface EngineUnderTest {
  engine: WorkflowEngine;
  /** Opens an engine on the same durable state; the contract closes the first engine before calling it. */
  reopen?: () => Promise<WorkflowEngine>;
}

export type OpenEngine = () => Promise<EngineUnderTest>;

/** A job as a worker received it, with the time it arrived (epoch ms). */
export interface Delivery {
  readonly job: Job;
  readonly at: number;
}

/** The jobs one worker was handed, in arrival order; a job handed out again appears again. */
export class JobProbe extends Timeline<Delivery> {
  constructor(type: string) {
    super(`jobs of ${type}`, ({ job, at }) => `job ${job.key} of instance ${job.processInstanceKey} at ${at}`);
  }

  get jobs(): Job[] {
    return this.items.map((delivery) => delivery.job);
  }

  /** The delivery number `index` (0: the first), waiting for it if needed. */
  async nth(index: number, timeoutMs = WAIT_MS): Promise<Job> {
    const deliveries = await this.waitForCount(anyDelivery, index + 1, timeoutMs);
    return deliveries[index]!.job;
  }
}

export const anyDelivery: Matcher<Delivery> = matcher('a job', () => true);

export const deliveryOf = (instance: InstanceRef): Matcher<Delivery> =>
  matcher(`a job of instance ${keyOf(instance)}`, ({ job }) => job.processInstanceKey === keyOf(instance));

export class Scenario {
  engine: WorkflowEngine;
  readonly records = new RecordLog();
  readonly #reopen: (() => Promise<WorkflowEngine>) | undefined;
  readonly #tag = randomBytes(3).toString('hex');
  readonly #gates: Gate<JobOutcome>[] = [];

  constructor(opened: EngineUnderTest) {
    this.engine = opened.engine;
    this.#reopen = opened.reopen;
    this.records.listen(this.engine);
  }

  get canRestart(): boolean {
    return this.#reopen !== undefined;
  }

  /** The process id a fixture's process is deployed under in this test. */
  id(processId: string): string {
    return tagged(processId, this.#tag);
  }

  /** The job type a fixture's task has in this test. */
  type(jobType: string): string {
    return tagged(jobType, this.#tag);
  }

  /** The name a fixture's message has in this test. */
  message(name: string): string {
    return tagged(name, this.#tag);
  }

  /** A fixture under this test's names; `edit` changes its XML first (to make a new version). */
  resource(name: FixtureName, edit: (xml: string) => string = (xml) => xml): BpmnResource {
    const fixture = loadFixture(name);
    return { name: fixture.name, xml: isolate(edit(fixture.xml), this.#tag) };
  }

  deploy(...names: FixtureName[]): Promise<DeployedProcess[]> {
    return this.engine.deploy(names.map((name) => this.resource(name)));
  }

  start(processId: string, variables: Variables = {}, version?: number): Promise<CreatedInstance> {
    return this.engine.createInstance({ bpmnProcessId: this.id(processId), variables, ...(version !== undefined && { version }) });
  }

  publish(request: PublishMessageRequest): Promise<{ messageKey: string }> {
    return this.engine.publishMessage({ ...request, name: this.message(request.name) });
  }

  /** Starts a worker for a fixture's job type; the handler completes without variables unless given. */
  worker(type: string, handler: JobHandler = async () => complete(), options: Partial<WorkerOptions> = {}): JobProbe {
    const probe = new JobProbe(type);
    this.engine.createWorker({
      timeout: 10_000,
      ...options,
      taskType: this.type(type),
      handler: async (job) => {
        probe.push({ job, at: Date.now() });
        return handler(job);
      },
    });
    return probe;
  }

  /** An outcome the test gives later; a handler returning `gate.promise` holds its job until then. */
  hold(): Gate<JobOutcome> {
    const gate = new Gate<JobOutcome>();
    this.#gates.push(gate);
    return gate;
  }

  /** Closes the engine as a process stop would, waits `closedForMs`, and reopens it on the same state. */
  async restart(closedForMs = 0): Promise<void> {
    if (!this.#reopen) throw new Error('restart() needs an adapter that passes reopen');
    await within(this.engine.close(), WAIT_MS, 'engine.close() to return (it must not wait for jobs workers still hold)');
    await sleep(closedForMs);
    this.engine = await this.#reopen();
    this.records.listen(this.engine);
  }

  async finish(): Promise<void> {
    for (const gate of this.#gates) if (!gate.isOpen) gate.open(complete());
    this.records.stop();
    await within(this.engine.close(), WAIT_MS, 'engine.close() at the end of the test');
  }
}

/** Resolves like `promise`, or fails the test if it has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new assert.AssertionError({ message: `timed out after ${ms} ms waiting for ${what}` })), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type ScenarioBody = (t: Scenario, context: TestContext) => Promise<void>;
export type DefineScenario = (name: string, body: ScenarioBody, options?: { needsRestart?: boolean }) => void;

/** Each test waits 5 s at most per step; the whole test gets this long (ms). */
const TEST_TIMEOUT_MS = 30_000;

/** Registers `it` blocks that each run on an engine from `open`. */
export function scenarios(open: OpenEngine): DefineScenario {
  return (name, body, options = {}) => {
    it(name, { timeout: TEST_TIMEOUT_MS }, async (context) => {
      const t = new Scenario(await open());
      try {
        if (options.needsRestart && !t.canRestart) {
          context.skip('the adapter passes no reopen: it keeps no state of its own across a restart');
          return;
        }
        await body(t, context);
        t.records.assertOrdered();
      } finally {
        await t.finish();
      }
    });
  };
}
