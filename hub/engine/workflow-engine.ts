// SPDX-License-Identifier: Apache-2.0
// The WorkflowEngine port, in the vocabulary of Zeebe's gateway protocol so the Zeebe adapter stays thin.
// Keys (`processInstanceKey`, `jobKey`...) are engine-assigned 64-bit integers carried as decimal strings;
// modeller ids (`bpmnProcessId`, `elementId`) come from the BPMN files. Durations are milliseconds.
import type { EngineRecord } from './records.js';

export type Variables = Record<string, unknown>;

export interface BpmnResource {
  /** File name, e.g. `payer-transfer.bpmn`; shown in errors and records. */
  name: string;
  xml: string;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
}

export interface CreateInstanceRequest {
  bpmnProcessId: string;
  /** A deployed version; the latest when absent. */
  version?: number;
  variables?: Variables;
  tenantId?: string;
}

export interface CreatedInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
}

export interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  variables?: Variables;
  /** How long the message waits for a subscription, in ms; 0 correlates only to subscriptions open now. */
  timeToLive?: number;
  /** A second message with the same name and id is dropped while the first is buffered. */
  messageId?: string;
  tenantId?: string;
}

export interface Job {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Readonly<Record<string, string>>;
  /** The variables visible at the task, after its input mappings. */
  variables: Variables;
  retries: number;
  /** Epoch ms after which the job is handed to another worker. */
  deadline: number;
  tenantId: string;
}

/** What a job handler decides: a technical failure (fail) is kept apart from a business error (throwError). */
export type JobOutcome =
  | { outcome: 'complete'; variables?: Variables }
  | { outcome: 'fail'; errorMessage: string; retries?: number; retryBackOff?: number; variables?: Variables }
  | { outcome: 'throwError'; errorCode: string; errorMessage?: string; variables?: Variables };

export const complete = (variables?: Variables): JobOutcome => ({ outcome: 'complete', ...(variables && { variables }) });
/** `retries` defaults to the job's retries minus one; `retryBackOff` (ms) delays the next activation. */
export const fail = (errorMessage: string, options: { retries?: number; retryBackOff?: number } = {}): JobOutcome => ({ outcome: 'fail', errorMessage, ...options });
export const throwError = (errorCode: string, errorMessage?: string, variables?: Variables): JobOutcome =>
  ({ outcome: 'throwError', errorCode, ...(errorMessage && { errorMessage }), ...(variables && { variables }) });

export type JobHandler = (job: Job) => Promise<JobOutcome>;

export interface WorkerOptions {
  taskType: string;
  handler: JobHandler;
  /** How long a worker may hold a job before it is handed out again, in ms (default 30 s). */
  timeout?: number;
  /** Jobs this worker runs at once (default 32). */
  maxJobsActive?: number;
  /** Variables the worker needs; all when absent (less to load and send when given). */
  fetchVariables?: string[];
}

export interface JobWorker {
  /** Stops taking jobs; resolves when the jobs it holds have finished. */
  close(): Promise<void>;
}

export interface SetVariablesRequest {
  elementInstanceKey: string;
  variables: Variables;
  /** True: set on that scope only; false (default): propagate to the scope that already holds each name. */
  local?: boolean;
}

/**
 * Zeebe's process instance modification: activate elements (in the process's own scope) and terminate element
 * instances, in one command. What operators use to skip a step (force complete) or to send an instance down its
 * failure path (force fail).
 */
export interface ModifyInstanceRequest {
  processInstanceKey: string;
  /** Elements to activate; `variables` are set on the process instance before they start. */
  activate?: readonly { elementId: string; variables?: Variables }[];
  /** Element instances to terminate (their jobs, incidents, timers and subscriptions go with them). */
  terminate?: readonly string[];
}

/** Receives records in position order, live; durable consumers read the event log's `zeebe` topic instead. */
export type RecordListener = (records: readonly EngineRecord[]) => void;

export interface WorkflowEngine {
  /** Deploys BPMN files; an unchanged file keeps its version, a changed one gets the next. Rejects unsupported elements, naming id and type. */
  deploy(resources: readonly BpmnResource[]): Promise<DeployedProcess[]>;
  /** Starts an instance of a deployed process; resolves once the creation is durable. */
  createInstance(request: CreateInstanceRequest): Promise<CreatedInstance>;
  /** Correlates a message to the waiting subscription with its name and key, or buffers it for its time to live. */
  publishMessage(request: PublishMessageRequest): Promise<{ messageKey: string }>;
  /** Hands jobs of one type to a handler, at least once each; the handler must be idempotent. */
  createWorker(options: WorkerOptions): JobWorker;
  /** Terminates a running instance and everything in it (jobs, timers, subscriptions, child instances). */
  cancelInstance(processInstanceKey: string): Promise<void>;
  /** Sets variables on an element instance's scope (or propagates them upwards). */
  setVariables(request: SetVariablesRequest): Promise<void>;
  /** Sets a job's retries, e.g. before resolving the incident its exhausted retries raised. */
  updateJobRetries(request: { jobKey: string; retries: number }): Promise<void>;
  /** Resolves an incident: a job incident makes the job activatable again (give it retries first), others retry the failed step. */
  resolveIncident(incidentKey: string): Promise<void>;
  /** Activates elements and terminates element instances of a running instance, atomically (activations first). */
  modifyInstance(request: ModifyInstanceRequest): Promise<void>;
  /** Subscribes to the records stream; returns the function that unsubscribes. */
  onRecords(listener: RecordListener): () => void;
  /** Stops workers and timers and closes the state store; in-flight jobs are handed out again after restart. */
  close(): Promise<void>;
}
