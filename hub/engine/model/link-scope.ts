// SPDX-License-Identifier: Apache-2.0
// Sequence flows and boundary events join elements of one scope: a token never jumps in or out of a
// sub-process except through its start and its completion (BPMN 2.0 §10.2.1, §13.2.1).
import type { BpmnNode } from './bpmn-node.js';
import type { CompileContext } from './compile-context.js';
import type { ElementDraft } from './element-draft.js';

const ACTIVITY_KINDS = new Set(['serviceTask', 'receiveTask', 'subProcess', 'callActivity']);

export function linkFlows(ctx: CompileContext, container: BpmnNode, flows: readonly BpmnNode[], elements: ReadonlyMap<string, ElementDraft>): void {
  for (const flow of flows) {
    const { sourceRef: source, targetRef: target } = flow;
    if (!source || !target) ctx.reject(flow, 'a sequence flow needs a sourceRef and a targetRef');
    if (source.$parent !== container || target.$parent !== container) {
      ctx.reject(flow, `connects "${source.id}" and "${target.id}", which are not both in "${container.id}"; flows cannot cross a sub-process boundary`);
    }
    const from = elements.get(source.id!);
    const to = elements.get(target.id!);
    if (!from || !to) ctx.reject(flow, `connects "${source.id}" and "${target.id}", but only flow nodes can be connected`);
    from.outgoing.push({ id: flow.id!, sourceId: from.id, targetId: to.id, condition: condition(ctx, flow, from) });
    to.incoming.push(flow.id!);
  }
}

/** Only an exclusive gateway chooses among flows; a conditional flow elsewhere is not supported (as in Zeebe). */
function condition(ctx: CompileContext, flow: BpmnNode, from: ElementDraft) {
  const text = flow.conditionExpression?.body?.trim();
  if (!text) return undefined;
  if (from.kind !== 'exclusiveGateway') ctx.reject(flow, `a condition is only supported on a flow leaving an exclusive gateway, not a ${from.bpmnElementType}`);
  if (from.defaultFlowId === flow.id) ctx.reject(flow, 'the default flow of a gateway takes no condition');
  return ctx.feel(flow, text, 'condition');
}

export function linkBoundaries(
  ctx: CompileContext, container: BpmnNode, drafts: readonly { node: BpmnNode; draft: ElementDraft }[], elements: ReadonlyMap<string, ElementDraft>,
): void {
  for (const { node, draft } of drafts) {
    if (draft.kind !== 'boundaryEvent') continue;
    const host = node.attachedToRef!;
    const hostDraft = elements.get(host.id!);
    if (host.$parent !== container || !hostDraft) ctx.reject(node, `is attached to "${host.id}", which is not in "${container.id}"`);
    if (!ACTIVITY_KINDS.has(hostDraft.kind)) ctx.reject(node, `can only be attached to an activity, not to ${hostDraft.bpmnElementType} "${host.id}"`);
    hostDraft.boundaryIds.push(draft.id);
  }
}
