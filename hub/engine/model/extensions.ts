// SPDX-License-Identifier: Apache-2.0
// Zeebe's extension elements on a BPMN element. Each caller names the ones it understands; any other zeebe:*
// element changes behaviour we do not implement, so it is rejected rather than skipped. Extensions of other
// namespaces (Camunda 7, modeller plug-ins) are ignored, as Zeebe ignores them.
import type { BpmnNode } from './bpmn-node.js';
import type { CompileContext } from './compile-context.js';

/** zeebe:* elements that change nothing the embedded engine promises: tool metadata and job priority hints. */
const IGNORED = new Set([
  'zeebe:Properties', 'zeebe:VersionTag', 'zeebe:UserTaskForm', 'zeebe:JobPriorityDefinition', 'zeebe:LinkedResources',
]);

const REASONS: Readonly<Record<string, string>> = {
  'zeebe:ExecutionListeners': 'execution listeners are not supported',
  'zeebe:TaskListeners': 'task listeners are not supported',
};

/** `holder` carries the extensions; `owner`, the element named in errors, is the flow node it belongs to. */
export function zeebeExtensions(
  ctx: CompileContext, holder: BpmnNode, understood: readonly string[], owner: BpmnNode = holder,
): ReadonlyMap<string, BpmnNode> {
  const found = new Map<string, BpmnNode>();
  for (const extension of holder.extensionElements?.values ?? []) {
    const type = extension.$type;
    if (!type.startsWith('zeebe:') || IGNORED.has(type)) continue;
    if (!understood.includes(type)) ctx.reject(owner, REASONS[type] ?? `${type} is not supported on this element`);
    if (found.has(type)) ctx.reject(owner, `${type} appears more than once`);
    found.set(type, extension);
  }
  return found;
}
