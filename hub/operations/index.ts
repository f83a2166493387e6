// SPDX-License-Identifier: Apache-2.0
export {
  BUSINESS_KEY_VARIABLES,
  type AuditEventValue, type BusinessKeyVariable, type ElementState, type IncidentState, type InstanceSearch, type InstanceState,
  type OperationsAuditEvent, type OperationsElement, type OperationsIncident, type OperationsInstance, type OperationsVariable,
  type OperationsView,
} from './operations-view.js';
export {
  AUDIT_TOPIC, DEFAULT_STREAMER_GROUP, startOperationsStreamer,
  type OperationsStreamer, type OperationsStreamerSettings, type StreamerLag,
} from './operations-streamer.js';
export { openSqlOperationsView } from './adapters/sql/sql-operations-view.js';
