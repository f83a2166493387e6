// SPDX-License-Identifier: Apache-2.0
// The developer portal as the sandbox role mounts it: its stores on the shared database, e-mails into the
// notification outbox, applications registered at the authorisation server over HTTP like any TPP's.
import type { FastifyInstance } from 'fastify';
import type { Consent, SoftwareDirectory } from '../../consent/index.js';
import type { Delivery } from '../../gateway/index.js';
import type { EventLog } from '../../platform/events/index.js';
import type { Logger } from '../../platform/log/index.js';
import { SANDBOX_OTP, SANDBOX_PSUS } from '../sandbox-data.js';
import { startApiActivity } from './activity/index.js';
import { runReadinessChecks } from './readiness/index.js';
import { openTeamSandbox } from './team-sandbox/index.js';
import type { Notifier } from '../../hub/index.js';
import type { Cache } from '../../platform/cache/index.js';
import type { CertificateAndKey } from '../../platform/crypto/index.js';
import type { SqlDatabase } from '../../platform/store/index.js';
import type { ListenerUrls } from '../manifest.js';
import type { SandboxDirectory } from '../sandbox-directory.js';
import { PortalAccounts, openSqlPortalAccountStore } from './accounts/index.js';
import { PortalApplications, httpClientRegistrar, openSqlApplicationStore } from './applications/index.js';
import { portalRoutes } from './http/portal-routes.js';
import { PortalSessions } from './http/portal-session.js';
import type { PortalDeps } from './http/portal-context.js';

export interface PortalOptions {
  database: SqlDatabase;
  cache: Cache;
  /** Where the portal's e-mails go (the sandbox's notification outbox). */
  mailer: Notifier;
  directory: SandboxDirectory;
  /** Signs the applications' software statements. */
  softwareDirectory: Pick<SoftwareDirectory, 'issueSoftwareStatement'>;
  eventLog: EventLog;
  logger: Logger;
  consents: (clientIds: readonly string[], limit: number) => Promise<Consent[]>;
  /** Ends a consent as its TPP would (the team's reset). */
  terminateConsent: (consentId: string, clientId: string) => Promise<void>;
  /** The gateway's notification deliveries of a client, when the gateway runs in this process. */
  deliveries?: ((clientId: string, limit: number) => Promise<Delivery[]>) | undefined;
  urls: () => ListenerUrls;
  /** The sandbox CA (test certificates); undefined without the TLS listener. */
  ca: () => CertificateAndKey | undefined;
  rateLimitPerMinute: number;
}

export interface Portal {
  /** The domain services, for the operations role's review of production requests. */
  readonly applications: PortalApplications;
  routes(server: FastifyInstance): Promise<void>;
  /** Stops the activity projection. */
  close(): Promise<void>;
}

/** Opens the portal's stores and services. */
export async function openPortal(options: PortalOptions): Promise<Portal> {
  const publicUrl = () => options.urls().public ?? options.urls().publicTls ?? 'http://localhost:8080';
  // Four migration contexts of their own: on PostgreSQL they run side by side, which shortens a first start.
  const activityStarting = startApiActivity({ database: options.database, eventLog: options.eventLog, logger: options.logger });
  const [accountStore, applicationStore, teamSandbox] = await Promise.all([
    openSqlPortalAccountStore(options.database),
    openSqlApplicationStore(options.database),
    openTeamSandbox(options.database, { simulatorsUrl: () => options.urls().simulators ?? '' }),
  ]).catch(async (error: unknown) => {
    // The projection's consumer may have started: stop it before giving up.
    await (await activityStarting.catch(() => undefined))?.close();
    throw error;
  });
  const activity = await activityStarting;
  const accounts = new PortalAccounts({
    store: accountStore,
    mailer: { send: (mail) => options.mailer.send(mail) },
    // Links follow the public listener, whose port may be known only once it listens.
    portalUrl: () => `${publicUrl()}/portal`,
  });
  const applications = new PortalApplications({
    store: applicationStore,
    directory: options.softwareDirectory,
    registrar: httpClientRegistrar(() => `${publicUrl()}/oauth`),
    ca: options.ca,
  });
  const deps: PortalDeps = {
    accounts, applications, sessions: new PortalSessions(options.cache), cache: options.cache,
    activity: activity.store, deliveries: options.deliveries, teamSandbox, terminateConsent: options.terminateConsent,
    readiness: (target) => runReadinessChecks(target),
    robotPsu: (tenantId) => {
      const psu = SANDBOX_PSUS.find((candidate) => candidate.tenantId === tenantId);
      return psu && { username: psu.username, password: psu.password, otp: SANDBOX_OTP };
    },
    banks: async () => (await options.directory.banks()).map((bank) => ({ tenantId: bank.tenantId, name: bank.name })),
    consents: options.consents,
    urls: options.urls,
    caPem: () => options.ca()?.certPem,
    rateLimitPerMinute: options.rateLimitPerMinute,
  };
  return { applications, routes: (server) => portalRoutes(server, deps), close: () => activity.close() };
}
