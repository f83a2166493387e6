// SPDX-License-Identifier: Apache-2.0
// A CompiledElement while its scope is being compiled: the links (flows, boundary events) are filled in once
// every element of the scope exists. The draft is then handed out as the CompiledElement itself, no copy.
import type { CompiledElement, CompiledFlow, ElementKind } from './compiled-process.js';
import type { BpmnNode } from './bpmn-node.js';

export interface ElementDraft extends Omit<CompiledElement, 'incoming' | 'outgoing' | 'boundaryIds'> {
  incoming: string[];
  outgoing: CompiledFlow[];
  boundaryIds: string[];
}

type OwnFields = Partial<Omit<ElementDraft, 'id' | 'name' | 'kind' | 'bpmnElementType' | 'scopeId' | 'incoming' | 'outgoing' | 'boundaryIds'>>;

/** Every field present, in one order, so the runtime's element objects share one shape. */
export function draftElement(node: BpmnNode, kind: ElementKind, scopeId: string, own: OwnFields): ElementDraft {
  return {
    id: node.id!,
    name: node.name,
    kind,
    bpmnElementType: node.$type,
    scopeId,
    incoming: [],
    outgoing: [],
    defaultFlowId: own.defaultFlowId,
    eventType: own.eventType ?? 'none',
    message: own.message,
    timer: own.timer,
    errorCode: own.errorCode,
    attachedToId: own.attachedToId,
    interrupting: own.interrupting ?? false,
    boundaryIds: [],
    job: own.job,
    inputs: own.inputs ?? [],
    outputs: own.outputs ?? [],
    startEventId: own.startEventId,
    calledProcessId: own.calledProcessId,
    propagateAllChildVariables: own.propagateAllChildVariables ?? false,
    multiInstance: own.multiInstance,
  };
}
