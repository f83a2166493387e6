// SPDX-License-Identifier: Apache-2.0
// Flow elements the embedded engine does not run, with what to model instead. Types not listed here are
// rejected with a generic reason; the few listed in IGNORED_FLOW_ELEMENTS never execute, so they are skipped.

/** Data objects and data stores document the model; Zeebe does not execute them either. */
export const IGNORED_FLOW_ELEMENTS: ReadonlySet<string> = new Set([
  'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference',
]);

const REASONS: Readonly<Record<string, string>> = {
  'bpmn:Task': 'undefined tasks are not supported; use a service task',
  'bpmn:ManualTask': 'manual tasks are not supported; use a service task',
  'bpmn:UserTask': 'user tasks are not supported; model the human step as a service task whose worker waits for it',
  'bpmn:ScriptTask': 'script tasks are not supported; use a service task or an output mapping',
  'bpmn:SendTask': 'send tasks are not supported; use a service task that publishes the message',
  'bpmn:BusinessRuleTask': 'business rule tasks (DMN) are not supported; use a service task',
  'bpmn:IntermediateThrowEvent': 'intermediate throw events are not supported',
  'bpmn:InclusiveGateway': 'inclusive gateways are not supported; use exclusive and parallel gateways',
  'bpmn:ComplexGateway': 'complex gateways are not supported',
  'bpmn:Transaction': 'transaction sub-processes are not supported',
  'bpmn:AdHocSubProcess': 'ad-hoc sub-processes are not supported',
};

export function unsupportedReason(type: string): string {
  return REASONS[type] ?? `${type} is not supported`;
}
