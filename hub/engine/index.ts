// SPDX-License-Identifier: Apache-2.0
export {
  complete, fail, throwError,
  type BpmnResource, type CreateInstanceRequest, type CreatedInstance, type DeployedProcess, type Job, type JobHandler,
  type JobOutcome, type JobWorker, type PublishMessageRequest, type ModifyInstanceRequest, type RecordListener, type SetVariablesRequest,
  type Variables, type WorkerOptions, type WorkflowEngine,
} from './workflow-engine.js';
export { ENGINE_RECORDS_TOPIC, type EngineRecord, type ValueType } from './records.js';
export { openEmbeddedEngine, type EmbeddedEngineSettings } from './embedded/embedded-engine.js';
export { openWorkflowEngine, type EngineSettings } from './open-engine.js';
