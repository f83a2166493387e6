// SPDX-License-Identifier: Apache-2.0
// The hub context's public surface: the workflow engine port and its adapters, the payment flows' ports and
// the connectors (Mojaloop FSPIOP, Fineract).
export * from './engine/index.js';
export { hubBpmnResources } from './bpmn/index.js';
export * from './operations/index.js';
export * from './ams/accounting-system.js';
export * from './connectors/mojaloop/index.js';
export * from './connectors/fineract/index.js';
export { openPaymentHub, type PaymentHub, type PaymentHubSettings } from './payment-hub.js';
export type { HubTenant } from './flows/tenants.js';
export { DEFAULT_FLOW_SETTINGS, type FlowSettings } from './flows/flow-context.js';
export { ChannelService, type TransferView, type AccountTransferRequest, type OnUsTransferRequest } from './channel/channel-service.js';
export { channelRoutes, type ChannelAuthenticator } from './channel/http/channel-routes.js';
export type { PaymentStore, TransferRecord, TransactionRequestRecord, PartyRef } from './payments/payment-records.js';
export type { IdentityMapping, IdentifierMapping as HubIdentifierMapping } from './identity/identity-mapping.js';
export { openIdentityMapping } from './payment-hub.js';
export { sqlNotificationOutbox, type Notifier, type NotificationOutbox, type Notification, type StoredNotification } from './notifications/notifications.js';
