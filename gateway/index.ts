// SPDX-License-Identifier: Apache-2.0
// The gateway context: the public APIs for TPPs. Other contexts and app/ import only from here.
export { openBerlinGroupApi, type BerlinGroupApi, type BerlinGroupApiSettings } from './berlin-group/berlin-group-api.js';
export type { AccountDirectory, BankAccount, Bank } from './berlin-group/bank-accounts.js';
export type { PaymentExecution, TransferOrder, TransferProgress, TransferState } from './berlin-group/payments/payment-execution.js';
export type { TokenVerifier } from './berlin-group/tpp/identify-tpp.js';
export { signRequest, verifyRequestSignature, SignatureRefused } from './berlin-group/signatures/http-signature.js';
export { AUDIT_TOPIC, STATUS_TOPIC, type AuditEvent, type StatusEvent } from './berlin-group/events/gateway-events.js';
export { PAYMENT_PRODUCTS } from './berlin-group/payments/payment-products.js';
export type { Delivery } from './berlin-group/notifications/notification.js';
