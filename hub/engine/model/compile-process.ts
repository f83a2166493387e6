// SPDX-License-Identifier: Apache-2.0
// One executable bpmn:process: its elements (sub-process contents included) and the ways to start it.
import type { CompiledProcess } from './compiled-process.js';
import type { BpmnNode } from './bpmn-node.js';
import type { CompileContext } from './compile-context.js';
import { compileScope } from './compile-scope.js';
import type { ElementDraft } from './element-draft.js';
import { zeebeExtensions } from './extensions.js';

export function compileProcess(ctx: CompileContext, process: BpmnNode): CompiledProcess {
  if (!process.id) ctx.reject(process, 'a process needs an id (its bpmnProcessId)');
  zeebeExtensions(ctx, process, []);
  const elements = new Map<string, ElementDraft>();
  const starts = compileScope(ctx, process, { id: process.id, isProcess: true }, elements);
  const ofType = (eventType: string) => starts.filter((start) => start.eventType === eventType).map((start) => start.id);
  const noneStarts = ofType('none');
  // createInstance names no start event, so the one it uses must be unambiguous.
  if (noneStarts.length > 1) ctx.reject(process, `a process may have only one none start event, found ${noneStarts.join(', ')}`);
  return {
    bpmnProcessId: process.id,
    name: process.name,
    elements,
    noneStartEventId: noneStarts[0],
    messageStartEventIds: ofType('message'),
    timerStartEventIds: ofType('timer'),
  };
}
