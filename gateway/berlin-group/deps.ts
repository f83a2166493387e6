// SPDX-License-Identifier: Apache-2.0
// Everything the Berlin Group API needs from the rest of Lango, as ports; app/ builds them.
import type { ConsentStore } from '../../consent/index.js';
import type { AccountingSystem, WorkflowEngine } from '../../hub/index.js';
import type { Logger } from '../../platform/log/index.js';
import type { AccountDirectory } from './bank-accounts.js';
import type { PaymentExecution } from './payments/payment-execution.js';
import type { PaymentStore } from './payments/payment.js';
import type { RequestLog } from './request-log/request-log.js';
import type { TppIdentification } from './tpp/identify-tpp.js';
import type { BasketStore } from './baskets/signing-basket.js';
import type { AuthorisationStore } from './authorisations/authorisation.js';
import type { GatewayEvents } from './events/gateway-events.js';
import type { NotificationStore } from './notifications/notification.js';

export interface BerlinGroupDeps {
  consents: ConsentStore;
  /** The same consents for AIS reads: briefly cached (consents/consent-read-cache.ts). */
  consentReads: Pick<ConsentStore, 'get'>;
  accounts: AccountDirectory;
  /** Balances and transactions of the banks' accounts. */
  ams: AccountingSystem;
  payments: PaymentStore;
  baskets: BasketStore;
  /** The payment hub; undefined in a process without the hub role (payments stay RCVD/ACTC until one runs). */
  execution: PaymentExecution | undefined;
  authorisations: AuthorisationStore;
  /** The workflow engine that runs standing orders; undefined without the hub role in this process. */
  engine: WorkflowEngine | undefined;
  requestLog: RequestLog;
  notifications: NotificationStore;
  identification: TppIdentification;
  events: GatewayEvents;
  /** Ends an authorisation server grant and its tokens (a consent deleted by its TPP). */
  revokeGrant: (grantId: string) => Promise<void>;
  /** `<public URL>/oauth`, the authorisation server of the OAuth SCA approach; undefined until it started. */
  oauthIssuer: () => string | undefined;
  /** Base URLs of the public listeners as TPPs address them (DPoP `htu`). */
  publicUrls: () => { public?: string | undefined; publicTls?: string | undefined };
  logger: Logger;
  now: () => number;
}
