// SPDX-License-Identifier: Apache-2.0
// TPP notifications (Implementation Guidelines §4 "TPP-Notification-URI"): a TPP that names a URI when it creates a
// consent or a payment is told of every status change of it, so it need not poll. Each change becomes one
// delivery in an outbox (one per resource and status, so a repeated event changes nothing), sent signed with the
// bank's seal and retried with back-off until the TPP answers 2xx.

export interface NotificationTarget {
  resourceId: string;
  resource: 'consent' | 'payment';
  clientId: string;
  uri: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  deliveryId: string;
  resourceId: string;
  clientId: string;
  uri: string;
  /** The JSON sent. */
  body: Record<string, unknown>;
  state: DeliveryState;
  attempts: number;
  /** Epoch ms of the next attempt while pending. */
  nextAt: number;
  lastError: string | undefined;
  createdAt: number;
  deliveredAt: number | undefined;
}

export interface NotificationStore {
  /** Remembers where the TPP wants to hear about a resource. */
  subscribe(target: NotificationTarget): Promise<void>;
  /** The target of a resource, or undefined. */
  target(resourceId: string): Promise<NotificationTarget | undefined>;
  /** Adds a delivery for (resource, status) unless one exists; true when added. */
  enqueue(target: NotificationTarget, status: string, body: Record<string, unknown>, now: number): Promise<boolean>;
  /** Pending deliveries due at `now`, oldest first. */
  due(now: number, limit: number): Promise<Delivery[]>;
  /** Records an attempt's outcome. */
  record(deliveryId: string, outcome: { state: DeliveryState; attempts: number; nextAt: number; lastError?: string | undefined; deliveredAt?: number | undefined }): Promise<void>;
  /** A client's deliveries, newest first (the developer portal shows them). */
  forClient(clientId: string, limit: number): Promise<Delivery[]>;
}
