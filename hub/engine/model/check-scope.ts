// SPDX-License-Identifier: Apache-2.0
// Graph rules checked once a scope is linked: where tokens may enter and leave, and that every gateway can
// decide. They catch modelling slips at deploy that would otherwise strand an instance at run time.
import type { BpmnNode } from './bpmn-node.js';
import type { CompileContext } from './compile-context.js';
import type { ElementDraft } from './element-draft.js';

export function checkScope(
  ctx: CompileContext, container: BpmnNode, drafts: readonly { node: BpmnNode; draft: ElementDraft }[], elements: ReadonlyMap<string, ElementDraft>,
): void {
  for (const { node, draft } of drafts) {
    if ((draft.kind === 'startEvent' || draft.kind === 'boundaryEvent') && draft.incoming.length > 0) {
      ctx.reject(node, `a ${draft.kind} cannot have incoming sequence flows`);
    }
    if (draft.kind === 'endEvent' && draft.outgoing.length > 0) ctx.reject(node, 'an end event cannot have outgoing sequence flows');
    if (draft.kind.endsWith('Gateway') && draft.outgoing.length === 0) ctx.reject(node, 'a gateway needs at least one outgoing sequence flow');
    if (draft.kind === 'exclusiveGateway') checkExclusiveGateway(ctx, node, draft);
    if (draft.kind === 'eventBasedGateway') checkEventBasedGateway(ctx, node, draft, elements);
  }
  if (!drafts.some(({ draft }) => draft.kind === 'startEvent')) {
    ctx.reject(container, container.$type === 'bpmn:Process' ? 'a process needs at least one start event' : 'a sub-process needs a none start event');
  }
}

/** With several ways out, every flow but the default needs a condition, or the choice is undefined. */
function checkExclusiveGateway(ctx: CompileContext, node: BpmnNode, draft: ElementDraft): void {
  if (draft.defaultFlowId !== undefined && !draft.outgoing.some((flow) => flow.id === draft.defaultFlowId)) {
    ctx.reject(node, `default flow "${draft.defaultFlowId}" is not one of its outgoing flows`);
  }
  if (draft.outgoing.length < 2) return;
  const unconditional = draft.outgoing.filter((flow) => flow.condition === undefined && flow.id !== draft.defaultFlowId);
  if (unconditional.length > 0) {
    ctx.reject(node, `outgoing flows ${unconditional.map((flow) => `"${flow.id}"`).join(', ')} need a condition (or be the default flow)`);
  }
}

/** The gateway waits for whichever event comes first, so every way out must be an event it can wait for. */
function checkEventBasedGateway(ctx: CompileContext, node: BpmnNode, draft: ElementDraft, elements: ReadonlyMap<string, ElementDraft>): void {
  for (const flow of draft.outgoing) {
    const target = elements.get(flow.targetId)!;
    if (target.kind !== 'intermediateCatchEvent') {
      ctx.reject(node, `flow "${flow.id}" leads to ${target.bpmnElementType} "${target.id}"; an event-based gateway may only lead to message or timer catch events`);
    }
  }
}
