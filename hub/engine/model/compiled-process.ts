// SPDX-License-Identifier: Apache-2.0
// The executable form of a BPMN process: parsed once at deploy, then only read. The runtime never touches
// moddle objects, so the hot path walks plain records and arrays.

/** A value written in the model: a FEEL expression (`=x + 1` in the file) or a literal. */
export type Expression = { readonly feel: string } | { readonly literal: string };

export interface VariableMapping {
  /** Where the value comes from (FEEL in the element's scope). */
  readonly source: Expression;
  /** Variable name, or a dotted path (`a.b`) creating nested context. */
  readonly target: string;
}

export type ElementKind =
  | 'startEvent' | 'endEvent' | 'intermediateCatchEvent' | 'boundaryEvent'
  | 'serviceTask' | 'receiveTask'
  | 'exclusiveGateway' | 'parallelGateway' | 'eventBasedGateway'
  | 'subProcess' | 'callActivity';

export type EventType = 'none' | 'message' | 'timer' | 'error' | 'terminate';

export interface TimerDefinition {
  readonly type: 'duration' | 'date' | 'cycle';
  /** ISO 8601 duration (`PT5S`), date-time, or repeating interval (`R3/PT10S`), literal or FEEL. */
  readonly value: Expression;
}

export interface MessageDefinition {
  /** The message name; FEEL allowed as in Zeebe. */
  readonly name: Expression;
  /** Evaluated when the subscription opens; absent on message start events. */
  readonly correlationKey: Expression | undefined;
}

export interface MultiInstance {
  readonly sequential: boolean;
  readonly inputCollection: Expression;
  /** Local variable holding the current item of the collection. */
  readonly inputElement: string | undefined;
  /** Variable that collects `outputElement` of every inner instance, in collection order. */
  readonly outputCollection: string | undefined;
  readonly outputElement: Expression | undefined;
  readonly completionCondition: Expression | undefined;
}

export interface CompiledFlow {
  readonly id: string;
  readonly sourceId: string;
  readonly targetId: string;
  /** FEEL condition; only on flows leaving an exclusive gateway. */
  readonly condition: Expression | undefined;
}

export interface CompiledElement {
  readonly id: string;
  readonly name: string | undefined;
  readonly kind: ElementKind;
  /** BPMN type as in the file, e.g. `bpmn:ServiceTask`, for records and messages. */
  readonly bpmnElementType: string;
  /** The process or sub-process that contains this element. */
  readonly scopeId: string;
  readonly incoming: readonly string[];
  readonly outgoing: readonly CompiledFlow[];
  /** Flow taken by an exclusive gateway when no condition holds. */
  readonly defaultFlowId: string | undefined;
  readonly eventType: EventType;
  readonly message: MessageDefinition | undefined;
  readonly timer: TimerDefinition | undefined;
  /** Error code of an error end event, or the code a boundary catches (undefined: catches every error). */
  readonly errorCode: string | undefined;
  /** Boundary events only. */
  readonly attachedToId: string | undefined;
  readonly interrupting: boolean;
  /** Ids of the boundary events attached to this activity. */
  readonly boundaryIds: readonly string[];
  /** Service tasks: the job to create. */
  readonly job: { readonly type: Expression; readonly retries: Expression; readonly headers: Readonly<Record<string, string>> } | undefined;
  readonly inputs: readonly VariableMapping[];
  readonly outputs: readonly VariableMapping[];
  /** Sub-processes: their none start event; call activities: the called process. */
  readonly startEventId: string | undefined;
  readonly calledProcessId: Expression | undefined;
  /** Call activities: copy every child variable to the parent on completion (Zeebe's default: true). */
  readonly propagateAllChildVariables: boolean;
  readonly multiInstance: MultiInstance | undefined;
}

export interface CompiledProcess {
  readonly bpmnProcessId: string;
  readonly name: string | undefined;
  /** Every flow node, sub-process contents included, by id. */
  readonly elements: ReadonlyMap<string, CompiledElement>;
  /** The process's none start event, if it has one. */
  readonly noneStartEventId: string | undefined;
  /** Message and timer start events of the process level. */
  readonly messageStartEventIds: readonly string[];
  readonly timerStartEventIds: readonly string[];
}

/** Why a BPMN file cannot be deployed: names the element and its type (or the file when it does not parse). */
export class UnsupportedBpmnError extends Error {
  constructor(readonly resourceName: string, readonly elementId: string | undefined, readonly elementType: string | undefined, reason: string) {
    super(`${resourceName}${elementId ? `: element "${elementId}" (${elementType})` : ''}: ${reason}`);
    this.name = 'UnsupportedBpmnError';
  }
}
