// SPDX-License-Identifier: Apache-2.0
// The hub context's public surface: the workflow engine port and its adapters, the payment flows' ports and
// the connectors (Mojaloop FSPIOP, Fineract).
export * from './engine/index.js';
export { hubBpmnResources } from './bpmn/index.js';
export * from './ams/accounting-system.js';
export * from './connectors/mojaloop/index.js';
export * from './connectors/fineract/index.js';
