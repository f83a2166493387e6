// SPDX-License-Identifier: Apache-2.0
// Exclusive, parallel and event-based gateways. Their flows are checked once the scope is linked
// (check-scope.ts); here only what the gateway itself declares.
import type { BpmnNode } from './bpmn-node.js';
import type { CompileContext } from './compile-context.js';
import { draftElement, type ElementDraft } from './element-draft.js';
import type { Scope } from './compile-event.js';
import { zeebeExtensions } from './extensions.js';

export const GATEWAY_KINDS = {
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
} as const;

export function compileGateway(ctx: CompileContext, node: BpmnNode, scope: Scope): ElementDraft {
  const kind = GATEWAY_KINDS[node.$type as keyof typeof GATEWAY_KINDS];
  zeebeExtensions(ctx, node, []);
  if (kind === 'eventBasedGateway' && (node.instantiate || node.eventGatewayType === 'Parallel')) {
    ctx.reject(node, 'only an exclusive, non-instantiating event-based gateway is supported');
  }
  return draftElement(node, kind, scope.id, { defaultFlowId: kind === 'exclusiveGateway' ? node.default?.id : undefined });
}
