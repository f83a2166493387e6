// SPDX-License-Identifier: Apache-2.0
// One process or embedded sub-process: compile every flow node (recursing into sub-processes), then link
// sequence flows and boundary events, then check the graph. Links are made after all nodes exist because a
// flow or a boundary may name an element written later in the file.
import type { BpmnNode } from './bpmn-node.js';
import { compileActivity } from './compile-activity.js';
import type { CompileContext } from './compile-context.js';
import { compileEvent, EVENT_KINDS, type Scope } from './compile-event.js';
import { compileGateway, GATEWAY_KINDS } from './compile-gateway.js';
import { checkScope } from './check-scope.js';
import type { ElementDraft } from './element-draft.js';
import { linkBoundaries, linkFlows } from './link-scope.js';
import { IGNORED_FLOW_ELEMENTS, unsupportedReason } from './unsupported.js';

const ACTIVITY_TYPES = new Set(['bpmn:ServiceTask', 'bpmn:ReceiveTask', 'bpmn:SubProcess', 'bpmn:CallActivity']);

/** Compiles `container` into `elements` (shared by the whole process) and returns its start events. */
export function compileScope(ctx: CompileContext, container: BpmnNode, scope: Scope, elements: Map<string, ElementDraft>): readonly ElementDraft[] {
  const nodes: BpmnNode[] = [];
  const flows: BpmnNode[] = [];
  for (const element of container.flowElements ?? []) {
    if (!element.id) ctx.reject(element, 'every flow element needs an id');
    if (element.$type === 'bpmn:SequenceFlow') flows.push(element);
    else if (!IGNORED_FLOW_ELEMENTS.has(element.$type)) nodes.push(element);
  }
  const drafts = nodes.map((node) => {
    const draft = compileNode(ctx, node, scope, elements);
    elements.set(draft.id, draft);
    return { node, draft };
  });
  linkFlows(ctx, container, flows, elements);
  linkBoundaries(ctx, container, drafts, elements);
  checkScope(ctx, container, drafts, elements);
  return drafts.filter(({ draft }) => draft.kind === 'startEvent').map(({ draft }) => draft);
}

function compileNode(ctx: CompileContext, node: BpmnNode, scope: Scope, elements: Map<string, ElementDraft>): ElementDraft {
  if (node.$type in EVENT_KINDS) return compileEvent(ctx, node, scope);
  if (node.$type in GATEWAY_KINDS) return compileGateway(ctx, node, scope);
  if (ACTIVITY_TYPES.has(node.$type)) {
    return compileActivity(ctx, node, scope, (subProcess) => compileSubProcess(ctx, subProcess, elements));
  }
  return ctx.reject(node, unsupportedReason(node.$type));
}

/** Elements inside get the sub-process as their scope; it is entered through its single none start event. */
function compileSubProcess(ctx: CompileContext, subProcess: BpmnNode, elements: Map<string, ElementDraft>): string {
  const starts = compileScope(ctx, subProcess, { id: subProcess.id!, isProcess: false }, elements);
  if (starts.length !== 1) ctx.reject(subProcess, `a sub-process needs exactly one none start event, found ${starts.length}`);
  return starts[0]!.id;
}
