// SPDX-License-Identifier: Apache-2.0
// What the gateway tells the rest of Lango through the event log (ARCHITECTURE "Events"): an audit record of
// every API call, and the status changes of consents and payments that TPPs may be notified of.

/** Topic of the gateway's API audit records (the operations streamer and the developer portal read it). */
export const AUDIT_TOPIC = 'gateway.audit';
/** Topic of consent and payment status changes (TPP notifications read it). */
export const STATUS_TOPIC = 'gateway.status';

export interface AuditEvent {
  /** Epoch ms the request arrived. */
  at: number;
  requestId: string | undefined;
  /** The TPP's OAuth client, once identified. */
  clientId: string | undefined;
  organisationId: string | undefined;
  /** The bank the call concerns (named by Platform-TenantId, or the consent's or payment's bank). */
  tenantId: string | undefined;
  consentId: string | undefined;
  paymentId: string | undefined;
  psuId: string | undefined;
  method: string;
  /** The route pattern (`/v1/accounts/:accountId/balances`), so records group by endpoint. */
  endpoint: string;
  status: number;
  /** The NextGenPSD2 error code of a refused call. */
  errorCode: string | undefined;
  durationMs: number;
}

export interface StatusEvent {
  at: number;
  resource: 'consent' | 'payment';
  id: string;
  clientId: string;
  tenantId: string;
  /** consentStatus or transactionStatus. */
  status: string;
  /** Where the TPP asked to be notified (TPP-Notification-URI), if it did. */
  notificationUri?: string | undefined;
}

/** The gateway's outgoing events (port). Neither call blocks the API answer nor throws. */
export interface GatewayEvents {
  /** Records one API call in the audit trail. */
  audit(event: AuditEvent): void;
  /** Publishes a status change. */
  statusChanged(event: StatusEvent): void;
  /** Writes what is buffered. */
  flush(): Promise<void>;
}
