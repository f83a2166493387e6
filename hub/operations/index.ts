// SPDX-License-Identifier: Apache-2.0
export {
  BUSINESS_KEY_VARIABLES, TRANSFER_PROCESSES, TRANSACTION_REQUEST_PROCESSES,
  type AuditEventValue, type BusinessKeyVariable, type ElementState, type IncidentState, type InstanceSearch, type InstanceState,
  type OperationsAuditEvent, type OperationsElement, type OperationsIncident, type OperationsInstance, type OperationsVariable,
  type OperationsTransfer, type OperationsView, type TransferFigures, type TransferSearch, type TransferState,
} from './operations-view.js';
export {
  AUDIT_TOPIC, DEFAULT_STREAMER_GROUP, startOperationsStreamer,
  type OperationsStreamer, type OperationsStreamerSettings, type StreamerLag,
} from './operations-streamer.js';
export { openSqlOperationsView } from './adapters/sql/sql-operations-view.js';
export { AUDIT_KINDS, type AuditEntry, type AuditKind, type AuditTrail, type AuditVerification, type NewAuditEntry } from './audit/audit-trail.js';
export { openSqlAuditTrail } from './audit/adapters/sql/sql-audit-trail.js';
export { startAuditTrailFeed, type AuditTrailFeed } from './audit/audit-feed.js';
export { OPERATOR_ACTIONS, NEEDS_APPROVAL, type OperatorAction, type OperatorActionName, type OperatorActionStore } from './actions/operator-action.js';
export { openSqlOperatorActionStore } from './actions/adapters/sql/sql-operator-action-store.js';
export { OperatorActions, type ReturnPayments } from './actions/operator-actions.js';
export { channelReturnPayments } from './actions/channel-returns.js';
export { flowMapOf, type FlowMap } from './actions/flow-map.js';
export { firstOf, hasRole, operatorRolesOf, operatorUsernameOf, tenantsWith, type OperatorAuthenticator, type OperatorIdentity, type OperatorRoles } from './http/operator-identity.js';
export { introspectionAuthenticator, operatorSessionRoutes, sessionAuthenticator } from './http/operator-session.js';
export { operationsUiRoutes } from './http/ui-routes.js';
export { operationsApiRoutes } from './http/operations-api-routes.js';
export type { OperationsApiExtension, OperationsApiContext } from './http/api-extension.js';
