// SPDX-License-Identifier: Apache-2.0
// The gateway role's Berlin Group API: opens its stores, watches payments, and hands app/ the fastify plugin to
// register on each public listener.
import type { FastifyInstance } from 'fastify';
import type { ConsentStore } from '../../consent/index.js';
import type { AccountingSystem, WorkflowEngine } from '../../hub/index.js';
import type { Cache } from '../../platform/cache/index.js';
import type { EventLog } from '../../platform/events/index.js';
import type { Logger } from '../../platform/log/index.js';
import type { SqlDatabase } from '../../platform/store/index.js';
import { openSqlBasketStore } from './baskets/adapters/sql/sql-basket-store.js';
import { consentReadCache } from './consents/consent-read-cache.js';
import { openSqlAuthorisationStore } from './authorisations/adapters/sql/sql-authorisation-store.js';
import type { AccountDirectory } from './bank-accounts.js';
import type { BerlinGroupDeps } from './deps.js';
import { eventLogGatewayEvents } from './events/adapters/event-log-gateway-events.js';
import { berlinGroupRoutes } from './http/berlin-group-routes.js';
import { contractValidator } from './http/contract-validator.js';
import { openSqlPaymentStore } from './payments/adapters/sql/sql-payment-store.js';
import type { PaymentExecution } from './payments/payment-execution.js';
import { watchPayments } from './payments/payment-watch.js';
import { openSqlNotificationStore } from './notifications/adapters/sql/sql-notification-store.js';
import type { Delivery } from './notifications/notification.js';
import { startTppNotifier } from './notifications/tpp-notifier.js';
import { standingOrderWorkers } from './periodic/standing-orders.js';
import { openSqlRequestLog } from './request-log/adapters/sql/sql-request-log.js';
import type { TokenVerifier } from './tpp/identify-tpp.js';

export interface BerlinGroupApiSettings {
  database: SqlDatabase;
  eventLog: EventLog;
  cache: Cache;
  logger: Logger;
  consents: ConsentStore;
  accounts: AccountDirectory;
  ams: AccountingSystem;
  execution: PaymentExecution | undefined;
  /** Runs periodic payments' standing orders (the hub's engine in this process). */
  engine?: WorkflowEngine | undefined;
  verifyToken: TokenVerifier;
  /** PEM certificates of the CAs whose QWACs and QSealCs are trusted. */
  trustedCas: () => readonly string[];
  revokeGrant: (grantId: string) => Promise<void>;
  oauthIssuer: () => string | undefined;
  publicUrls: () => { public?: string | undefined; publicTls?: string | undefined };
  /** The bank's QSealC and key: TPP notifications are signed with it. */
  seal?: () => { certPem: string; keyPem: string } | undefined;
  rateLimitPerMinute?: number;
  balanceCacheMs?: number;
  now?: () => number;
}

export interface BerlinGroupApi {
  /** Fastify plugin of `/v1/...`; register it on each public listener. */
  routes(server: FastifyInstance): Promise<void>;
  /** A client's TPP notification deliveries, newest first (the developer portal shows them). */
  deliveries(clientId: string, limit: number): Promise<Delivery[]>;
  /** Stops watching payments and writes the buffered events. */
  close(): Promise<void>;
}

export async function openBerlinGroupApi(settings: BerlinGroupApiSettings): Promise<BerlinGroupApi> {
  const events = eventLogGatewayEvents(settings.eventLog, settings.logger);
  const notifications = await openSqlNotificationStore(settings.database);
  const deps: BerlinGroupDeps = {
    consents: settings.consents,
    consentReads: consentReadCache(settings.consents, settings.now ?? Date.now),
    accounts: settings.accounts,
    ams: settings.ams,
    payments: await openSqlPaymentStore(settings.database),
    baskets: await openSqlBasketStore(settings.database),
    execution: settings.execution,
    authorisations: await openSqlAuthorisationStore(settings.database),
    engine: settings.engine,
    requestLog: await openSqlRequestLog(settings.database),
    notifications,
    identification: { verifyToken: settings.verifyToken, trustedCas: settings.trustedCas },
    events,
    revokeGrant: settings.revokeGrant,
    oauthIssuer: settings.oauthIssuer,
    publicUrls: settings.publicUrls,
    logger: settings.logger,
    now: settings.now ?? Date.now,
  };
  const validate = await contractValidator();
  const workers = settings.engine ? standingOrderWorkers(settings.engine, deps) : [];
  const watch = await watchPayments(deps, settings.eventLog);
  const notifier = await startTppNotifier({ store: notifications, eventLog: settings.eventLog, logger: settings.logger, seal: settings.seal });
  return {
    deliveries: (clientId, limit) => notifications.forClient(clientId, limit),
    async routes(server) {
      await server.register(berlinGroupRoutes, {
        deps, validate, cache: settings.cache,
        ...(settings.rateLimitPerMinute !== undefined && { rateLimitPerMinute: settings.rateLimitPerMinute }),
        ...(settings.balanceCacheMs !== undefined && { balanceCacheMs: settings.balanceCacheMs }),
      });
    },
    async close() {
      await notifier.close();
      await watch.close();
      await Promise.all(workers.map((worker) => worker.close()));
      await events.close();
    },
  };
}
