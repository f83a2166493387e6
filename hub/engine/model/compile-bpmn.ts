// SPDX-License-Identifier: Apache-2.0
// Deploy-time compilation of a BPMN file into the executable model (compiled-process.ts). Everything the
// embedded engine cannot run is rejected here with the element's id and type; nothing is skipped silently.
// Ignored because they never execute (Zeebe ignores them too): non-executable processes, collaborations,
// lanes, artifacts (text annotations, associations, groups), data objects and stores, data associations
// and I/O specifications, diagram interchange, and extensions outside the zeebe namespace.
import { UnsupportedBpmnError, type CompiledProcess } from './compiled-process.js';
import { CompileContext } from './compile-context.js';
import { compileProcess } from './compile-process.js';
import { readDefinitions } from './read-definitions.js';

/** One CompiledProcess per executable `bpmn:process` of the file, in file order. */
export async function compileBpmn(resourceName: string, xml: string): Promise<CompiledProcess[]> {
  const definitions = await readDefinitions(resourceName, xml);
  const processes = (definitions.rootElements ?? []).filter((root) => root.$type === 'bpmn:Process' && root.isExecutable === true);
  if (processes.length === 0) {
    throw new UnsupportedBpmnError(resourceName, undefined, undefined, 'contains no executable process (bpmn:process with isExecutable="true")');
  }
  const ctx = new CompileContext(resourceName);
  return processes.map((process) => compileProcess(ctx, process));
}
