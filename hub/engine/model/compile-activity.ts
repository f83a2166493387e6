// SPDX-License-Identifier: Apache-2.0
// Service tasks, receive tasks, embedded sub-processes and call activities: what each needs from its Zeebe
// extensions, plus what all activities share (input/output mappings, multi-instance).
import type { CompiledElement } from './compiled-process.js';
import { attribute, type BpmnNode } from './bpmn-node.js';
import type { CompileContext } from './compile-context.js';
import { draftElement, type ElementDraft } from './element-draft.js';
import type { Scope } from './compile-event.js';
import { messageDefinition } from './event-definitions.js';
import { zeebeExtensions } from './extensions.js';
import { multiInstance } from './multi-instance.js';
import { variableMappings } from './variable-mappings.js';

/** Compiles a sub-process's contents and returns the id of its none start event. */
export type CompileSubProcess = (subProcess: BpmnNode) => string;

/** Zeebe's default when zeebe:taskDefinition leaves out `retries`. */
const DEFAULT_RETRIES = '3';

export function compileActivity(ctx: CompileContext, node: BpmnNode, scope: Scope, compileSubProcess: CompileSubProcess): ElementDraft {
  if (node.isForCompensation) ctx.reject(node, 'compensation activities are not supported');
  if (node.default) ctx.reject(node, 'a default flow is only supported on an exclusive gateway');
  const ext = zeebeExtensions(ctx, node, ['zeebe:IoMapping', 'zeebe:TaskDefinition', 'zeebe:TaskHeaders', 'zeebe:CalledElement']);
  const shared = { ...variableMappings(ctx, node, ext.get('zeebe:IoMapping'), true), multiInstance: multiInstance(ctx, node) };
  switch (node.$type) {
    case 'bpmn:ServiceTask':
      return draftElement(node, 'serviceTask', scope.id, { ...shared, job: job(ctx, node, ext) });
    case 'bpmn:ReceiveTask':
      onlyExtensions(ctx, node, ext, []);
      if (node.instantiate) ctx.reject(node, 'a receive task that instantiates the process is not supported; use a message start event');
      return draftElement(node, 'receiveTask', scope.id, { ...shared, eventType: 'message', message: messageDefinition(ctx, node, node.messageRef, true) });
    case 'bpmn:SubProcess':
      onlyExtensions(ctx, node, ext, []);
      if (node.triggeredByEvent) ctx.reject(node, 'event sub-processes are not supported');
      return draftElement(node, 'subProcess', scope.id, { ...shared, startEventId: compileSubProcess(node) });
    case 'bpmn:CallActivity':
      onlyExtensions(ctx, node, ext, ['zeebe:CalledElement']);
      return draftElement(node, 'callActivity', scope.id, { ...shared, ...calledElement(ctx, node, ext.get('zeebe:CalledElement')) });
    default:
      return ctx.reject(node, 'is not an activity the engine runs');
  }
}

/** Rejects the task-specific extensions that landed on the wrong kind of activity. */
function onlyExtensions(ctx: CompileContext, node: BpmnNode, ext: ReadonlyMap<string, BpmnNode>, allowed: readonly string[]): void {
  for (const type of ext.keys()) {
    if (type !== 'zeebe:IoMapping' && !allowed.includes(type)) ctx.reject(node, `${type} is not supported on this element`);
  }
}

function job(ctx: CompileContext, node: BpmnNode, ext: ReadonlyMap<string, BpmnNode>): CompiledElement['job'] {
  onlyExtensions(ctx, node, ext, ['zeebe:TaskDefinition', 'zeebe:TaskHeaders']);
  const definition = ext.get('zeebe:TaskDefinition');
  const type = definition && attribute(definition, 'type');
  if (!type) ctx.reject(node, 'a service task needs zeebe:taskDefinition with a type');
  const retriesText = attribute(definition, 'retries') ?? DEFAULT_RETRIES;
  const retries = ctx.expression(node, retriesText, 'retries');
  if ('literal' in retries && !/^\d+$/.test(retriesText)) ctx.reject(node, `retries "${retriesText}" must be a whole number`);
  const headers = new Map<string, string>();
  for (const header of ext.get('zeebe:TaskHeaders')?.values ?? []) {
    const key = attribute(header, 'key');
    if (!key) ctx.reject(node, 'a task header needs a key');
    if (headers.has(key)) ctx.reject(node, `task header "${key}" appears more than once`);
    headers.set(key, typeof header['value'] === 'string' ? header['value'] : '');
  }
  // fromEntries defines own properties, so a header named `__proto__` stays a header.
  return { type: ctx.expression(node, type, 'job type'), retries, headers: Object.fromEntries(headers) };
}

function calledElement(ctx: CompileContext, node: BpmnNode, called: BpmnNode | undefined) {
  const processId = called && attribute(called, 'processId');
  if (!processId) ctx.reject(node, 'a call activity needs zeebe:calledElement with a processId');
  const binding = attribute(called, 'bindingType') ?? 'latest';
  if (binding !== 'latest') ctx.reject(node, `bindingType "${binding}" is not supported; a called process starts on its latest version`);
  if (called['propagateAllParentVariables'] === false) {
    ctx.reject(node, 'propagateAllParentVariables="false" is not supported; the called process receives every variable');
  }
  return {
    calledProcessId: ctx.expression(node, processId, 'called processId'),
    propagateAllChildVariables: called['propagateAllChildVariables'] !== false,
  };
}
