// SPDX-License-Identifier: Apache-2.0
// The part of a bpmn-moddle element the compiler reads. Moddle builds its objects from the meta-model at run
// time, so one loose view serves every element type; `$type` says which properties are meaningful.

export interface BpmnNode {
  readonly $type: string;
  readonly $parent?: BpmnNode;
  readonly id?: string;
  readonly name?: string;
  /** Definitions and containers. */
  readonly rootElements?: readonly BpmnNode[];
  readonly flowElements?: readonly BpmnNode[];
  readonly isExecutable?: boolean;
  readonly triggeredByEvent?: boolean;
  /** Sequence flows and gateways. */
  readonly sourceRef?: BpmnNode;
  readonly targetRef?: BpmnNode;
  readonly conditionExpression?: BpmnNode;
  readonly default?: BpmnNode;
  readonly eventGatewayType?: string;
  readonly instantiate?: boolean;
  /** A bpmn:FormalExpression's text. */
  readonly body?: string;
  /** Events and their definitions. */
  readonly eventDefinitions?: readonly BpmnNode[];
  readonly attachedToRef?: BpmnNode;
  readonly cancelActivity?: boolean;
  readonly messageRef?: BpmnNode;
  readonly errorRef?: BpmnNode;
  readonly errorCode?: string;
  readonly timeDuration?: BpmnNode;
  readonly timeDate?: BpmnNode;
  readonly timeCycle?: BpmnNode;
  /** Activities. */
  readonly isForCompensation?: boolean;
  readonly loopCharacteristics?: BpmnNode;
  readonly isSequential?: boolean;
  readonly loopCardinality?: BpmnNode;
  readonly completionCondition?: BpmnNode;
  /** bpmn:ExtensionElements, zeebe:TaskHeaders. */
  readonly extensionElements?: BpmnNode;
  readonly values?: readonly BpmnNode[];
  /** zeebe:IoMapping. */
  readonly inputParameters?: readonly BpmnNode[];
  readonly outputParameters?: readonly BpmnNode[];
  /** Attributes of zeebe:* elements (`type`, `correlationKey`, `processId`…); read them with `attribute()`. */
  readonly [attribute: string]: unknown;
}

/** A string attribute, or undefined when absent or empty (Modeler writes `attr=""` for a cleared field). */
export function attribute(node: BpmnNode, name: string): string | undefined {
  const value = node[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function isBpmnNode(value: unknown): value is BpmnNode {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}
