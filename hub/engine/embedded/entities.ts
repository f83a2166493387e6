// SPDX-License-Identifier: Apache-2.0
// The embedded engine's durable state. Each entity is one row (kind, key, JSON) in the state table;
// only running things are stored: an instance's rows are deleted as its elements complete.

export interface Definition {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  checksum: string;
  xml: string;
}

/** A step the engine retries when an incident on it is resolved. */
export type Resume = 'enter' | 'leave' | 'job';

export interface ElementInstance {
  key: string;
  /** The process instance (the key of its root element instance). */
  piKey: string;
  defKey: string;
  /** BPMN element id; for the process element itself, the bpmnProcessId. */
  elementId: string;
  bpmnElementType: string;
  /** The containing scope's element instance; null for a process instance. */
  flowScopeKey: string | null;
  tenantId: string;
  /** Containers: active children plus tokens waiting at a parallel join. */
  active: number;
  /** Containers: flows that have arrived at each parallel join, by gateway id. */
  joins?: Record<string, string[]>;
  jobKey?: string;
  /** The job as created; a job row of its own exists (and wins) once the job changed. */
  job?: JobEntity;
  /** Timers and message subscriptions this instance owns (its own catch, its boundaries, its event gateway). */
  waits?: string[];
  /** A process instance started by a call activity. */
  parent?: { piKey: string; eiKey: string };
  /** Call activities: the child process instance. */
  childPiKey?: string;
  /** Multi-instance bodies. */
  mi?: { items: unknown[]; next: number; outputs: unknown[]; running: number };
  /** Inner instances of a multi-instance body: position in the collection. */
  loopIndex?: number;
}

export interface JobEntity {
  key: string;
  type: string;
  piKey: string;
  eiKey: string;
  elementId: string;
  defKey: string;
  retries: number;
  customHeaders: Record<string, string>;
  /** 'failed': retries ran out, an incident holds it. */
  state: 'activatable' | 'failed' | 'error';
  backoffUntil?: number;
  errorMessage?: string;
  tenantId: string;
}

export interface TimerEntity {
  key: string;
  /** Owner element instance; null for a timer start event. */
  eiKey: string | null;
  piKey: string | null;
  defKey: string;
  /** The element the timer triggers: a catch event, a boundary, or a timer start event. */
  targetElementId: string;
  dueAt: number;
  /** Remaining repetitions after this one; -1 repeats forever. */
  repetitions: number;
  intervalMs: number;
}

export interface SubscriptionEntity {
  key: string;
  eiKey: string;
  piKey: string;
  targetElementId: string;
  messageName: string;
  correlationKey: string;
  interrupting: boolean;
  tenantId: string;
}

export interface MessageEntity {
  key: string;
  name: string;
  correlationKey: string;
  variables: Record<string, unknown>;
  expiresAt: number;
  timeToLive: number;
  messageId?: string;
  /** bpmnProcessIds it has correlated to: a message reaches each process at most once. */
  correlated: string[];
  tenantId: string;
}

export interface IncidentEntity {
  key: string;
  piKey: string;
  eiKey: string;
  elementId: string;
  defKey: string;
  jobKey?: string;
  errorType: string;
  errorMessage: string;
  resume: Resume;
}

export interface VariableEntity {
  scopeKey: string;
  piKey: string;
  name: string;
  value: unknown;
}

export interface EntityKinds {
  def: Definition;
  ei: ElementInstance;
  job: JobEntity;
  timer: TimerEntity;
  sub: SubscriptionEntity;
  msg: MessageEntity;
  inc: IncidentEntity;
  var: VariableEntity;
}
export type EntityKind = keyof EntityKinds;
