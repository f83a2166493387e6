// SPDX-License-Identifier: Apache-2.0
// Multi-instance activities as Zeebe models them: one inner instance per item of `inputCollection`, in
// parallel or one after the other, optionally collecting `outputElement` into `outputCollection`.
import type { MultiInstance } from './compiled-process.js';
import { attribute, type BpmnNode } from './bpmn-node.js';
import type { CompileContext } from './compile-context.js';
import { zeebeExtensions } from './extensions.js';

const VARIABLE = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

export function multiInstance(ctx: CompileContext, node: BpmnNode): MultiInstance | undefined {
  const loop = node.loopCharacteristics;
  if (!loop) return undefined;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') ctx.reject(node, `${loop.$type} is not supported; use multi-instance`);
  // Zeebe counts instances from the collection only; a cardinality would be a second, conflicting source.
  if (loop.loopCardinality) ctx.reject(node, 'multi-instance loopCardinality is not supported; use zeebe:loopCharacteristics inputCollection');
  const zeebe = zeebeExtensions(ctx, loop, ['zeebe:LoopCharacteristics'], node).get('zeebe:LoopCharacteristics');
  const inputCollection = zeebe && attribute(zeebe, 'inputCollection');
  if (!zeebe || !inputCollection) ctx.reject(node, 'multi-instance needs zeebe:loopCharacteristics inputCollection');
  const inputElement = variableName(ctx, node, attribute(zeebe, 'inputElement'), 'inputElement');
  const outputCollection = variableName(ctx, node, attribute(zeebe, 'outputCollection'), 'outputCollection');
  const outputElement = attribute(zeebe, 'outputElement');
  if ((outputCollection === undefined) !== (outputElement === undefined)) {
    ctx.reject(node, 'multi-instance outputCollection and outputElement must be set together');
  }
  const condition = loop.completionCondition?.body?.trim();
  return {
    sequential: loop.isSequential === true,
    inputCollection: ctx.expression(node, inputCollection, 'multi-instance inputCollection'),
    inputElement,
    outputCollection,
    outputElement: outputElement === undefined ? undefined : ctx.expression(node, outputElement, 'multi-instance outputElement'),
    completionCondition: condition ? ctx.feel(node, condition, 'multi-instance completionCondition') : undefined,
  };
}

function variableName(ctx: CompileContext, node: BpmnNode, name: string | undefined, what: string): string | undefined {
  if (name !== undefined && !VARIABLE.test(name)) ctx.reject(node, `multi-instance ${what} "${name}" is not a variable name`);
  return name;
}
