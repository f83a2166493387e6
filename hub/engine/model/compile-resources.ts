// SPDX-License-Identifier: Apache-2.0
import { ValidationError } from '../../../platform/errors/index.js';
import type { BpmnResource } from '../workflow-engine.js';
import { compileBpmn } from './compile-bpmn.js';
import { UnsupportedBpmnError, type CompiledProcess } from './compiled-process.js';

/**
 * Compiles every resource of a deployment, or refuses the whole deployment with VALIDATION_FAILED naming the
 * element. Both engines call it, so a flow that deploys on one deploys on the other.
 */
export async function compileResources(resources: readonly BpmnResource[]): Promise<{ resource: BpmnResource; process: CompiledProcess }[]> {
  const compiled: { resource: BpmnResource; process: CompiledProcess }[] = [];
  for (const resource of resources) {
    try {
      for (const process of await compileBpmn(resource.name, resource.xml)) compiled.push({ resource, process });
    } catch (error) {
      if (error instanceof UnsupportedBpmnError) throw new ValidationError(error.message, { cause: error, path: error.elementId ?? resource.name });
      throw error;
    }
  }
  return compiled;
}
