// SPDX-License-Identifier: Apache-2.0
// The port's requests → the SDK's gRPC requests, and the gateway's responses → the port's results. The port was
// written in the gateway's words, so most of this is renaming; units are ms on both sides (gateway.proto).
// Types only (erased at run time); the SDK's package root does not re-export its gRPC request types.
import type * as Zeebe from '@camunda8/sdk/dist/zeebe/types.js';
import type { Zeebe as ZeebeClients } from '@camunda8/sdk';
import type {
  ModifyInstanceRequest, BpmnResource, CreatedInstance, CreateInstanceRequest, DeployedProcess, PublishMessageRequest, SetVariablesRequest, WorkerOptions,
} from '../workflow-engine.js';
import { toSdkVariables } from './map-job.js';

/** The port's worker defaults (WorkerOptions): a job is held at most 30 s, 32 jobs at once. */
export const WORKER_DEFAULTS = { timeout: 30_000, maxJobsActive: 32 } as const;

/** A file for DeployResource, as the client's `deployResources` takes it (BPMN given as bytes). */
export type DeployResource = Parameters<ZeebeClients.ZeebeGrpcClient['deployResources']>[0][number];

export function toDeployResources(resources: readonly BpmnResource[]): DeployResource[] {
  return resources.map((resource) => ({ name: resource.name, process: Buffer.from(resource.xml, 'utf8') }));
}

/** One entry per process the files define (a file may define several); decisions and forms are not ours. */
export function fromDeployResponse(response: Zeebe.DeployResourceResponse<unknown>): DeployedProcess[] {
  return response.deployments.flatMap((deployment) => {
    const process = (deployment as Partial<Zeebe.ProcessDeployment>).process;
    return process
      ? [{ bpmnProcessId: process.bpmnProcessId, version: process.version, processDefinitionKey: String(process.processDefinitionKey), resourceName: process.resourceName }]
      : [];
  });
}

/** The gateway takes version -1 as "latest"; the SDK sends -1 when `version` is absent. */
export function toCreateProcessInstance(request: CreateInstanceRequest): Zeebe.CreateProcessInstanceReq<Zeebe.IProcessVariables> {
  return {
    bpmnProcessId: request.bpmnProcessId,
    variables: toSdkVariables(request.variables),
    ...(request.version !== undefined && { version: request.version }),
    ...(request.tenantId !== undefined && { tenantId: request.tenantId }),
  };
}

export function fromCreateProcessInstance(response: Zeebe.CreateProcessInstanceResponse): CreatedInstance {
  return {
    processInstanceKey: String(response.processInstanceKey),
    processDefinitionKey: String(response.processDefinitionKey),
    bpmnProcessId: response.bpmnProcessId,
    version: response.version,
  };
}

/** `timeToLive` in ms; absent, the gateway's default applies (0: correlate only to subscriptions open now). */
export function toPublishMessage(request: PublishMessageRequest): Zeebe.PublishMessageRequest<Zeebe.IProcessVariables> {
  return {
    name: request.name,
    correlationKey: request.correlationKey,
    variables: toSdkVariables(request.variables),
    ...(request.timeToLive !== undefined && { timeToLive: request.timeToLive }),
    ...(request.messageId !== undefined && { messageId: request.messageId }),
    ...(request.tenantId !== undefined && { tenantId: request.tenantId }),
  };
}

export function toSetVariables(request: SetVariablesRequest): Zeebe.SetVariablesRequest<Zeebe.IProcessVariables> {
  return { elementInstanceKey: request.elementInstanceKey, variables: toSdkVariables(request.variables), local: request.local ?? false };
}

/** The SDK's modification command: activations in the element's flow scope ("-1"), variables on the root scope (''). */
export function toModifyInstance(request: ModifyInstanceRequest): Zeebe.ModifyProcessInstanceReq {
  return {
    processInstanceKey: request.processInstanceKey,
    activateInstructions: (request.activate ?? []).map(({ elementId, variables }) => ({
      elementId, ancestorElementInstanceKey: '-1', variableInstructions: variables ? [{ scopeId: '', variables: toSdkVariables(variables) as never }] : [],
    })),
    terminateInstructions: (request.terminate ?? []).map((elementInstanceKey) => ({ elementInstanceKey })),
  };
}

/** The job-activation part of the SDK's worker configuration; the adapter adds the task handler. */
export interface SdkWorkerSettings {
  taskType: string;
  /** ms; the SDK passes a plain number through as milliseconds. */
  timeout: number;
  maxJobsToActivate: number;
  fetchVariable?: string[];
}

export function toWorkerSettings(options: WorkerOptions): SdkWorkerSettings {
  return {
    taskType: options.taskType,
    timeout: options.timeout ?? WORKER_DEFAULTS.timeout,
    maxJobsToActivate: options.maxJobsActive ?? WORKER_DEFAULTS.maxJobsActive,
    ...(options.fetchVariables && { fetchVariable: [...options.fetchVariables] }),
  };
}
