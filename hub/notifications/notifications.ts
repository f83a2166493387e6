// SPDX-License-Identifier: Apache-2.0
// Telling people what happened to their money (PH-EE's notification step): SMS, e-mail or push through a
// provider. The sandbox adapter keeps every message in an outbox that people and tests read instead of a phone.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SqlDatabase } from '../../platform/store/index.js';

export type NotificationChannel = 'SMS' | 'EMAIL' | 'PUSH';

export interface Notification {
  tenantId: string;
  channel: NotificationChannel;
  /** MSISDN, e-mail address or device token. */
  recipient: string;
  /** What happened (`transfer-sent`, `transfer-failed`, `transfer-received`, `request-to-pay`...). */
  template: string;
  text: string;
  /** The payment it is about; with template and recipient it makes a repeat (a retried job) a no-op. */
  reference: string;
}

export interface StoredNotification extends Notification {
  id: string;
  createdAt: number;
}

export interface Notifier {
  /** Sends (or, in the sandbox, files) a message; sending the same template, recipient and reference again does nothing. */
  send(notification: Notification): Promise<void>;
}

export interface NotificationOutbox extends Notifier {
  /** The newest messages first, for one recipient or all. */
  list(options?: { recipient?: string; tenantId?: string; limit?: number }): Promise<StoredNotification[]>;
}

interface Tables {
  hub_notifications: { id: string; tenant_id: string; channel: string; recipient: string; template: string; text: string; reference: string | null; created_at: number };
}

/** The sandbox outbox on the hub's tables (migrated with the payment store). */
export function sqlNotificationOutbox(database: SqlDatabase, now: () => number = Date.now): NotificationOutbox {
  const db: Kysely<Tables> = database.kysely<Tables>();
  return {
    async send(notification) {
      await db.insertInto('hub_notifications').values({
        id: createHash('sha256').update(`${notification.template}\n${notification.recipient}\n${notification.reference}`).digest('hex'),
        tenant_id: notification.tenantId, channel: notification.channel, recipient: notification.recipient,
        template: notification.template, text: notification.text, reference: notification.reference, created_at: now(),
      }).onConflict((conflict) => conflict.doNothing()).execute();
    },
    async list(options = {}) {
      let query = db.selectFrom('hub_notifications').selectAll().orderBy('created_at', 'desc').limit(Math.min(options.limit ?? 100, 1000));
      if (options.recipient) query = query.where('recipient', '=', options.recipient);
      if (options.tenantId) query = query.where('tenant_id', '=', options.tenantId);
      return (await query.execute()).map((row) => ({
        id: row.id, tenantId: row.tenant_id, channel: row.channel as NotificationChannel, recipient: row.recipient,
        template: row.template, text: row.text, reference: row.reference ?? '', createdAt: Number(row.created_at),
      }));
    },
  };
}
