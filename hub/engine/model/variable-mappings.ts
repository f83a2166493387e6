// SPDX-License-Identifier: Apache-2.0
// zeebe:ioMapping: inputs create local variables when an element is entered, outputs copy values out when it
// completes. Activities take both; message/timer catch and boundary events only outputs (what a message
// brings in).
import type { VariableMapping } from './compiled-process.js';
import { attribute, type BpmnNode } from './bpmn-node.js';
import type { CompileContext } from './compile-context.js';

// A variable name or a dotted path into nested contexts (`payment.status`); the runtime splits on `.`.
const TARGET = /^[\p{L}_$][\p{L}\p{N}_$]*(?:\.[\p{L}_$][\p{L}\p{N}_$]*)*$/u;

export interface Mappings {
  readonly inputs: readonly VariableMapping[];
  readonly outputs: readonly VariableMapping[];
}

export function variableMappings(ctx: CompileContext, node: BpmnNode, ioMapping: BpmnNode | undefined, inputsAllowed: boolean): Mappings {
  const inputParameters = ioMapping?.inputParameters ?? [];
  if (!inputsAllowed && inputParameters.length > 0) ctx.reject(node, 'input mappings are only supported on activities');
  return {
    inputs: inputParameters.map((parameter) => mapping(ctx, node, parameter, 'input')),
    outputs: (ioMapping?.outputParameters ?? []).map((parameter) => mapping(ctx, node, parameter, 'output')),
  };
}

function mapping(ctx: CompileContext, node: BpmnNode, parameter: BpmnNode, direction: 'input' | 'output'): VariableMapping {
  const target = attribute(parameter, 'target');
  if (!target || !TARGET.test(target)) ctx.reject(node, `${direction} mapping target "${target ?? ''}" is not a variable name or a dotted path`);
  const source = attribute(parameter, 'source');
  // Zeebe 8.8 lets an input leave out its source to create the local variable as null; an output needs one.
  if (source === undefined && direction === 'output') ctx.reject(node, `output mapping to "${target}" has no source`);
  return { source: source === undefined ? { feel: 'null' } : ctx.expression(node, source, `${direction} mapping to "${target}"`), target };
}
