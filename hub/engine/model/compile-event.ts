// SPDX-License-Identifier: Apache-2.0
// Start, end, intermediate catch and boundary events. Which event definitions and timer kinds each accepts
// follows Zeebe (and bpmnlint-plugin-camunda-compat's `timer` rule), so a file valid here deploys on Zeebe.
import type { EventType } from './compiled-process.js';
import type { BpmnNode } from './bpmn-node.js';
import type { CompileContext } from './compile-context.js';
import { draftElement, type ElementDraft } from './element-draft.js';
import { errorCode, messageDefinition, timerDefinition, type TimerType } from './event-definitions.js';
import { zeebeExtensions } from './extensions.js';
import { variableMappings } from './variable-mappings.js';

export interface Scope {
  /** Id of the process or sub-process being compiled. */
  readonly id: string;
  readonly isProcess: boolean;
}

export const EVENT_KINDS = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
} as const;
type EventKind = (typeof EVENT_KINDS)[keyof typeof EVENT_KINDS];

const DEFINITIONS: Readonly<Record<string, EventType>> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:TerminateEventDefinition': 'terminate',
};

const SUPPORTED: Readonly<Record<EventKind, readonly EventType[]>> = {
  startEvent: ['none', 'message', 'timer'],
  endEvent: ['none', 'error', 'terminate'],
  intermediateCatchEvent: ['message', 'timer'],
  boundaryEvent: ['timer', 'error', 'message'],
};

/** A cycle only where the event can fire again: a process start, or a boundary that does not interrupt. */
function allowedTimers(kind: EventKind, interrupting: boolean): readonly TimerType[] {
  if (kind === 'startEvent') return ['date', 'cycle'];
  return kind === 'boundaryEvent' && !interrupting ? ['duration', 'date', 'cycle'] : ['duration', 'date'];
}

export function compileEvent(ctx: CompileContext, node: BpmnNode, scope: Scope): ElementDraft {
  const kind = EVENT_KINDS[node.$type as keyof typeof EVENT_KINDS];
  const definition = eventDefinition(ctx, node);
  const eventType = definition ? DEFINITIONS[definition.$type] : 'none';
  if (!eventType) ctx.reject(node, `${definition!.$type} is not supported`);
  if (!SUPPORTED[kind].includes(eventType)) ctx.reject(node, `a ${eventType} ${kind} is not supported; ${kind} accepts ${SUPPORTED[kind].join(', ')}`);
  if (kind === 'startEvent' && !scope.isProcess && eventType !== 'none') ctx.reject(node, 'a sub-process must start with a none start event');
  if (kind === 'boundaryEvent' && !node.attachedToRef) ctx.reject(node, 'a boundary event needs attachedToRef');
  const interrupting = kind === 'boundaryEvent' && node.cancelActivity !== false;
  // BPMN 2.0 §10.5.3: an error always ends the activity it is thrown in, so its boundary cannot leave it running.
  if (kind === 'boundaryEvent' && eventType === 'error' && !interrupting) ctx.reject(node, 'an error boundary event always interrupts; remove cancelActivity="false"');
  const mapsOutputs = kind === 'intermediateCatchEvent' || kind === 'boundaryEvent';
  const ioMapping = zeebeExtensions(ctx, node, mapsOutputs ? ['zeebe:IoMapping'] : []).get('zeebe:IoMapping');
  return draftElement(node, kind, scope.id, {
    eventType,
    message: eventType === 'message' ? messageDefinition(ctx, node, definition!.messageRef, kind !== 'startEvent') : undefined,
    timer: eventType === 'timer' ? timerDefinition(ctx, node, definition!, allowedTimers(kind, interrupting)) : undefined,
    errorCode: eventType === 'error' ? errorCode(ctx, node, definition!, kind === 'endEvent') : undefined,
    attachedToId: node.attachedToRef?.id,
    interrupting,
    outputs: variableMappings(ctx, node, ioMapping, false).outputs,
  });
}

function eventDefinition(ctx: CompileContext, node: BpmnNode): BpmnNode | undefined {
  const definitions = node.eventDefinitions ?? [];
  if (definitions.length > 1) ctx.reject(node, 'an event with several event definitions (a multiple event) is not supported');
  return definitions[0];
}
