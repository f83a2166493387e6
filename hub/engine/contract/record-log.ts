// SPDX-License-Identifier: Apache-2.0
// The records a test's engine emitted, and matchers for the ones the contract looks for. Field names are those
// of Zeebe's exporter (`value.processInstanceKey`, `value.bpmnElementType`, ...).
import assert from 'node:assert/strict';
import type { EngineRecord } from '../records.js';
import type { WorkflowEngine } from '../workflow-engine.js';
import { Timeline, matcher, type Matcher } from './timeline.js';

export type RecordMatcher = Matcher<EngineRecord>;

/** A process instance, by key or as `createInstance` answered. */
export type InstanceRef = string | { readonly processInstanceKey: string };

export const keyOf = (instance: InstanceRef): string => (typeof instance === 'string' ? instance : instance.processInstanceKey);

/** Keys are decimal strings in the port; Zeebe's exporter writes them into `value` as numbers, so compare as text. */
export function sameKey(value: unknown, key: string): boolean {
  return (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') && String(value) === key;
}

const SHOWN_FIELDS = ['bpmnElementType', 'elementId', 'type', 'name', 'messageName', 'errorType', 'targetElementId', 'processInstanceKey'];

export function showRecord(record: EngineRecord): string {
  const value = record.value ?? {};
  const fields = SHOWN_FIELDS.filter((field) => value[field] !== undefined).map((field) => `${field}=${String(value[field])}`);
  return `#${record.position} ${record.valueType} ${record.intent} key=${record.key} ${fields.join(' ')}`;
}

export class RecordLog extends Timeline<EngineRecord> {
  readonly #disorder: string[] = [];
  #lastPosition: number | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor() {
    super('records', showRecord);
  }

  /** Follows an engine's records; after a restart, the reopened engine's (positions must keep increasing). */
  listen(engine: WorkflowEngine): void {
    this.#unsubscribe?.();
    this.#unsubscribe = engine.onRecords((batch) => this.#receive(batch));
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Fails unless every record arrived with a position above the one before it. */
  assertOrdered(): void {
    assert.deepEqual(this.#disorder, [], 'record positions are strictly increasing, across restarts too');
  }

  #receive(batch: readonly EngineRecord[]): void {
    for (const record of batch) {
      if (this.#lastPosition !== undefined && !(record.position > this.#lastPosition)) {
        this.#disorder.push(`position ${record.position} came after ${this.#lastPosition}`);
      }
      this.#lastPosition = record.position;
    }
    this.push(...batch);
  }
}

const isElement = (record: EngineRecord, intent: string, instance: string): boolean =>
  record.valueType === 'PROCESS_INSTANCE' && record.intent === intent && sameKey(record.value.processInstanceKey, instance);

/** The process element of the instance reached `intent` (ELEMENT_COMPLETED: the instance completed). */
export function processRecord(intent: string, instance: InstanceRef): RecordMatcher {
  const key = keyOf(instance);
  return matcher(`PROCESS_INSTANCE ${intent} of process instance ${key}`, (record) =>
    isElement(record, intent, key) && record.value.bpmnElementType === 'PROCESS');
}

export const instanceCompleted = (instance: InstanceRef): RecordMatcher => processRecord('ELEMENT_COMPLETED', instance);
export const instanceTerminated = (instance: InstanceRef): RecordMatcher => processRecord('ELEMENT_TERMINATED', instance);

/** An element of the instance (by its BPMN id) reached `intent`: ELEMENT_ACTIVATED, ELEMENT_COMPLETED, ELEMENT_TERMINATED. */
export function elementRecord(intent: string, instance: InstanceRef, elementId: string): RecordMatcher {
  const key = keyOf(instance);
  return matcher(`PROCESS_INSTANCE ${intent} of element "${elementId}" in instance ${key}`, (record) =>
    isElement(record, intent, key) && record.value.elementId === elementId);
}

export function jobRecord(intent: string, jobKey: string): RecordMatcher {
  return matcher(`JOB ${intent} of job ${jobKey}`, (record) => record.valueType === 'JOB' && record.intent === intent && sameKey(record.key, jobKey));
}

export function incidentRecord(intent: string, instance: InstanceRef): RecordMatcher {
  const key = keyOf(instance);
  return matcher(`INCIDENT ${intent} in instance ${key}`, (record) =>
    record.valueType === 'INCIDENT' && record.intent === intent && sameKey(record.value.processInstanceKey, key));
}

export function timerRecord(intent: string, instance: InstanceRef): RecordMatcher {
  const key = keyOf(instance);
  return matcher(`TIMER ${intent} in instance ${key}`, (record) =>
    record.valueType === 'TIMER' && record.intent === intent && sameKey(record.value.processInstanceKey, key));
}

/** PROCESS_MESSAGE_SUBSCRIPTION CREATED: the instance now waits for a message; CORRELATED: one reached it. */
export function subscriptionRecord(intent: string, instance: InstanceRef): RecordMatcher {
  const key = keyOf(instance);
  return matcher(`PROCESS_MESSAGE_SUBSCRIPTION ${intent} in instance ${key}`, (record) =>
    record.valueType === 'PROCESS_MESSAGE_SUBSCRIPTION' && record.intent === intent && sameKey(record.value.processInstanceKey, key));
}

export function messageRecord(intent: string, messageKey: string): RecordMatcher {
  return matcher(`MESSAGE ${intent} of message ${messageKey}`, (record) =>
    record.valueType === 'MESSAGE' && record.intent === intent && sameKey(record.key, messageKey));
}

/** A VARIABLE record (CREATED or UPDATED) for `name` in the instance; its `value.value` is JSON text. */
export function variableRecord(instance: InstanceRef, name: string): RecordMatcher {
  const key = keyOf(instance);
  return matcher(`VARIABLE "${name}" in instance ${key}`, (record) =>
    record.valueType === 'VARIABLE' && (record.intent === 'CREATED' || record.intent === 'UPDATED') &&
    record.value.name === name && sameKey(record.value.processInstanceKey, key));
}
