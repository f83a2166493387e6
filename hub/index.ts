// SPDX-License-Identifier: Apache-2.0
// The hub context's public surface: the workflow engine port and its adapters.
export * from './engine/index.js';
export { hubBpmnResources } from './bpmn/index.js';
