// SPDX-License-Identifier: Apache-2.0
// What operators and the UI need to know about the deployed flows: element names, the step after a task (to skip
// it), the sequence flows (to draw the path taken), the BPMN XML (for bpmn-js), and where each transfer flow's
// failure path starts (Force Fail) and after which step it may no longer be taken.
import type { CompiledProcess } from '../../engine/model/compiled-process.js';
import { compileResources } from '../../engine/model/compile-resources.js';
import type { BpmnResource } from '../../engine/workflow-engine.js';

export interface FlowEdge {
  id: string;
  sourceId: string;
  targetId: string;
}

/**
 * A transfer flow's failure path: the element to activate given the steps completed so far (funds blocked or
 * not), and the steps after which money may already be at the payee, so failing is no longer safe (use Recall).
 */
export interface FailurePath {
  entry(completed: ReadonlySet<string>): string;
  irreversibleAfter: readonly string[];
}

const FAILURE_PATHS: Readonly<Record<string, FailurePath>> = {
  // block-funds held the payer's money: release it, then record the failure; prepare sent the transfer to the switch.
  'payer-transfer': { entry: (completed) => (completed.has('block-funds') ? 'release-join' : 'failed-join'), irreversibleAfter: ['prepare'] },
  // block held the payer's money; deposit credited the payee.
  'on-us-transfer': { entry: (completed) => (completed.has('block') ? 'release' : 'failed'), irreversibleAfter: ['deposit'] },
};

export interface FlowMap {
  /** The element's name in the BPMN, if it has one. */
  name(bpmnProcessId: string, elementId: string): string | undefined;
  /** The one element a task leads to (its single outgoing flow's target); undefined for none or several. */
  next(bpmnProcessId: string, elementId: string): string | undefined;
  /** Every sequence flow of the process. */
  flows(bpmnProcessId: string): readonly FlowEdge[];
  /** The BPMN file of the process as deployed by this version of Lango. */
  xml(bpmnProcessId: string): string | undefined;
  failurePath(bpmnProcessId: string): FailurePath | undefined;
}

/** Reads the flows from the same resources the engine deploys. */
export async function flowMapOf(resources: readonly BpmnResource[]): Promise<FlowMap> {
  const processes = new Map<string, { process: CompiledProcess; xml: string }>();
  for (const { resource, process } of await compileResources(resources)) processes.set(process.bpmnProcessId, { process, xml: resource.xml });
  const element = (processId: string, elementId: string) => processes.get(processId)?.process.elements.get(elementId);
  return {
    name: (processId, elementId) => element(processId, elementId)?.name,
    next(processId, elementId) {
      const outgoing = element(processId, elementId)?.outgoing ?? [];
      return outgoing.length === 1 ? outgoing[0]!.targetId : undefined;
    },
    flows: (processId) => [...(processes.get(processId)?.process.elements.values() ?? [])]
      .flatMap((node) => node.outgoing.map(({ id, sourceId, targetId }) => ({ id, sourceId, targetId }))),
    xml: (processId) => processes.get(processId)?.xml,
    failurePath: (processId) => FAILURE_PATHS[processId],
  };
}
