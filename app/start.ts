// SPDX-License-Identifier: Apache-2.0
// The composition root: builds the adapters the configuration asks for and mounts each role's contexts
// on its listeners. Everything opened here is closed by `stop`, in reverse order.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import {
  openClientRegistry, openConsentServer, openSoftwareDirectory, openSqlConsentStore, openSqlKeyStore, openSqlOperatorDirectory, publishingConsentStore, type ConsentServer, type ConsentStore,
} from '../consent/index.js';
import type { BerlinGroupApi } from '../gateway/index.js';
import { channelRoutes, fspiopRoutes, hubBpmnResources, openWorkflowEngine, sqlNotificationOutbox, type WorkflowEngine } from '../hub/index.js';
import { openCache, type Cache } from '../platform/cache/index.js';
import { LISTENERS, type LangoConfig, type ListenerName } from '../platform/config/index.js';
import { openEventLog, type EventLog } from '../platform/events/index.js';
import { createHttpServer, listen } from '../platform/http/index.js';
import type { Logger } from '../platform/log/index.js';
import { createMetrics, type Metrics } from '../platform/metrics/index.js';
import { openDatabase, type SqlDatabase } from '../platform/store/index.js';
import {
  DEMO_TPP_ID, SANDBOX_BANKS, SANDBOX_PSUS, SANDBOX_SEED_VERSION, ensureDemoClients, ensureDemoTppCertificates, ensureSandboxBankSeal, openSqlDemoClientStore, openSqlSandboxDirectory, sandboxOneTimeCodes,
  sandboxRoutes, demoAppRoutes, openPortal, productionReviewExtension, type DemoClient, type Portal, type SandboxDirectory,
} from '../tpp-sandbox/index.js';
import { dialectFor } from './error-dialects.js';
import { healthRoutes, type ReadinessCheck } from './health-routes.js';
import { listenerUrl } from './listener-url.js';
import { openGateway } from './gateway.js';
import { openOperations, type OperationsRole } from './operations.js';
import { channelAuthenticator, configuredAms, openPayments, simulatorsUrlOf, type Payments } from './payments.js';
import { Resources } from './resources.js';
import { listenerTls, type ListenerTls } from './tls.js';
import { loadCaBundle, type CertificateAndKey } from '../platform/crypto/index.js';

export interface RunningLango {
  /** Base URL of every listener this process serves. */
  readonly urls: Readonly<Partial<Record<ListenerName, string>>>;
  /** Stops accepting, drains in-flight requests (up to the shutdown timeout) and closes every store. */
  stop(): Promise<{ clean: boolean }>;
}

interface Backends {
  database: SqlDatabase;
  eventLog: EventLog;
  cache: Cache;
  sandbox: SandboxDirectory | undefined;
  demoClients: DemoClient[];
  engine: WorkflowEngine | undefined;
  consent: ConsentServer | undefined;
  payments: Payments;
  gateway: BerlinGroupApi | undefined;
  operations: OperationsRole | undefined;
  consents: ConsentStore;
  /** The developer portal (sandbox role), opened once the TLS listener's CA is known. */
  portal: { current: Portal | undefined };
  /** PEM CAs of TPP certificates (QWAC, QSealC): filled once the TLS listener's PKI is loaded. */
  trustedCas: string[];
  /** The banks' seal (signs TPP notifications), once issued by the sandbox CA. */
  bankSeal: CertificateAndKey[];
}

/** Starts every role of the configuration; throws StartupError (after closing what it opened) when it cannot. */
export async function startLango(config: LangoConfig, logger: Logger): Promise<RunningLango> {
  const resources = new Resources(logger);
  const servers = new Map<ListenerName, FastifyInstance>();
  const urls: Partial<Record<ListenerName, string>> = {};
  let accepting = false;
  try {
    const metrics = createMetrics();
    const backends = await openBackends(config, logger, resources, urls, metrics);
    const checks: Record<string, ReadinessCheck> = {
      database: () => backends.database.ping(),
      cache: () => backends.cache.ping(),
    };
    const tls = config.listeners.publicTls ? await listenerTls(config, [hostOf(config.listeners.publicTls.url) ?? config.listeners.publicTls.host], logger) : undefined;
    if (tls?.sandboxCa && backends.sandbox) {
      const demoTpp = backends.demoClients.find((client) => client.clientId === DEMO_TPP_ID);
      if (demoTpp) demoTpp.certificates = await ensureDemoTppCertificates(join(config.dataDir, 'tls', 'demo-tpp'), tls.sandboxCa);
      backends.bankSeal.push(await ensureSandboxBankSeal(join(config.dataDir, 'tls', 'bank'), tls.sandboxCa));
    }
    if (backends.sandbox) backends.portal.current = resources.add('developer portal', await openSandboxPortal(config, backends, tls, urls, logger), (portal) => portal.close());
    backends.trustedCas.push(...(config.tls.clientCaFile ? await loadCaBundle(config.tls.clientCaFile) : tls?.sandboxCaPem ? [tls.sandboxCaPem] : []));

    for (const listener of Object.values(config.listeners)) {
      const server = createHttpServer({
        name: listener.name,
        logger,
        metrics,
        bodyLimitBytes: config.bodyLimitBytes,
        ...(listener.tls && tls && { https: tls.options }),
        dialectFor: (url) => dialectFor(listener.name, url),
      });
      servers.set(listener.name, server);
      await mountRoles(listener.name, server, { config, backends, tls, urls, metrics, checks, accepting: () => accepting });
    }
    for (const [name, server] of servers) {
      const listener = config.listeners[name]!;
      const port = await listen(server, name, listener.host, listener.port, `LANGO_${LISTENERS[name].env}_PORT or LANGO_${LISTENERS[name].env}_HOST`);
      urls[name] = listenerUrl(listener, port);
    }
    // Redirect URIs follow the bound URLs (a port the OS picked, say): the operations client's callback on the
    // operations listener, the demo aggregator's on the public one.
    if (backends.sandbox && (urls.operations || urls.public)) {
      const refreshed = await ensureDemoClients(await openSqlDemoClientStore(backends.database), await openClientRegistry(backends.database), {
        ...(urls.operations && { operationsUrl: urls.operations }),
        ...(urls.public && { publicUrl: urls.public }),
      });
      // Only the redirect URI changed; the published clients keep what was attached to them (the demo TPP's certificates).
      for (const client of backends.demoClients) {
        const fresh = refreshed.find((candidate) => candidate.clientId === client.clientId);
        if (fresh) Object.assign(client, { redirectUri: fresh.redirectUri, moreRedirectUris: fresh.moreRedirectUris });
      }
    }
    // The issuer is `<public URL>/oauth`: known only now that the public listener has its port.
    if (backends.consent) await backends.consent.start({ public: urls.public!, publicTls: urls.publicTls, behindProxy: config.listeners.public?.url !== undefined });
    accepting = true;
    logger.info({ roles: config.roles, urls, database: backends.database.description }, 'Lango started');
  } catch (error) {
    await closeServers(servers, 0);
    await resources.closeAll();
    throw error;
  }

  return {
    urls,
    async stop() {
      accepting = false;
      logger.info('stopping: draining in-flight requests');
      const metricsServer = servers.get('metrics');
      servers.delete('metrics');
      await closeServers(servers, config.shutdownTimeoutMs);
      const clean = await resources.closeAll();
      if (metricsServer) await closeServers(new Map([['metrics', metricsServer]]), 0);
      logger.info({ clean }, 'Lango stopped');
      return { clean };
    },
  };
}

async function openBackends(config: LangoConfig, logger: Logger, resources: Resources, urls: Partial<Record<ListenerName, string>>, metrics: Metrics): Promise<Backends> {
  const database = resources.add('database', await openDatabase({ dataDir: config.dataDir, url: config.database.url, schema: config.database.schema, poolSize: config.database.poolSize, durability: config.database.durability }), (db) => db.close());
  const eventLog = resources.add('event log', await openEventLog(
    config.eventLog.kind === 'kafka'
      ? { kind: 'kafka', brokers: [...config.eventLog.kafkaBrokers], clientId: config.eventLog.kafkaClientId, logger }
      : { kind: 'sql', database, logger },
  ), (log) => log.close());
  const cache = resources.add('cache', await openCache({ redisUrl: config.redisUrl, prefix: 'lango:', logger }), (value) => value.close());
  let sandbox: SandboxDirectory | undefined;
  let demoClients: DemoClient[] = [];
  if (config.roles.includes('sandbox')) {
    sandbox = await openSqlSandboxDirectory(database);
    if (config.sandbox.seed) {
      const outcome = await sandbox.seed(SANDBOX_BANKS, SANDBOX_PSUS, SANDBOX_SEED_VERSION);
      logger.info({ seededAt: new Date(outcome.seededAt).toISOString() }, outcome.seeded ? 'sandbox data seeded' : 'sandbox data found: resuming');
    }
    // The operations client's redirect URI follows the operations listener (its URL, or its configured port).
    const operations = config.listeners.operations;
    const operationsUrl = operations && (operations.url ?? (operations.port ? listenerUrl(operations, operations.port) : undefined));
    demoClients = await ensureDemoClients(await openSqlDemoClientStore(database), await openClientRegistry(database), operationsUrl ? { operationsUrl } : {});
  }
  // Consent status changes go to the event log: the gateway starts a payment as soon as its PSU signs it.
  const consents = publishingConsentStore(await openSqlConsentStore(database), eventLog, logger);
  let consent: ConsentServer | undefined;
  if (config.roles.includes('consent')) {
    // PSUs log in with their bank credentials: the sandbox's banks until an AMS-backed directory exists. A
    // consent process without the sandbox role reads the directory the sandbox process seeded.
    consent = resources.add('consent server', await openConsentServer({
      database,
      cache,
      logger,
      psuDirectory: sandbox ?? (await openSqlSandboxDirectory(database)),
      oneTimeCodes: sandboxOneTimeCodes,
      consents,
    }), (server) => server.close());
  }
  let engine: WorkflowEngine | undefined;
  if (config.roles.includes('hub')) {
    engine = resources.add('workflow engine', await openWorkflowEngine(
      config.engine.kind === 'zeebe'
        ? { kind: 'zeebe', address: config.engine.zeebeAddress!, eventLog, logger }
        : { kind: 'embedded', dataDir: config.dataDir, durability: config.engine.durability, eventLog, logger },
    ), (value) => value.close());
    const flows = hubBpmnResources();
    if (flows.length) {
      const deployed = await engine.deploy(flows);
      logger.info({ processes: deployed.map((process) => `${process.bpmnProcessId} v${process.version}`) }, 'payment flows deployed');
    }
  }
  const payments = await openPayments({ config, database, engine, sandbox, urls, logger, resources });
  const trustedCas: string[] = [];
  const bankSeal: CertificateAndKey[] = [];
  let gateway: BerlinGroupApi | undefined;
  if (config.roles.includes('gateway')) {
    gateway = resources.add('Berlin Group API', await openGateway({
      config, database, eventLog, cache, logger, consents, consent, urls, hub: payments.hub, engine,
      directory: sandbox ?? (await openSqlSandboxDirectory(database)),
      ams: configuredAms(config, simulatorsUrlOf(config, urls), logger),
      trustedCas: () => trustedCas,
      seal: () => bankSeal[0],
    }), (value) => value.close());
  }
  let operations: OperationsRole | undefined;
  const portal: { current: Portal | undefined } = { current: undefined };
  if (config.roles.includes('operations')) {
    // Operator actions are engine commands: with Zeebe, a back office of its own process gets a client of its own
    // (no workers, nothing deployed). The embedded engine lives in the hub's process only.
    if (!engine && config.engine.kind === 'zeebe') {
      engine = resources.add('workflow engine client', await openWorkflowEngine({ kind: 'zeebe', address: config.engine.zeebeAddress!, eventLog, logger }), (value) => value.close());
    }
    operations = resources.add('operations', await openOperations({
      config, database, eventLog, cache, logger, metrics, engine, hub: payments.hub, consent, urls,
      operators: await openSqlOperatorDirectory(database),
      directory: sandbox ?? (await openSqlSandboxDirectory(database)),
      demoClients: await openSqlDemoClientStore(database),
      // The portal opens later (it needs the TLS listener's CA): the extension finds it when a request comes.
      ...(sandbox && { extensions: [productionReviewExtension(() => portal.current?.applications)] }),
    }), (value) => value.close());
  }
  return { database, eventLog, cache, sandbox, demoClients, engine, consent, payments, gateway, operations, consents, portal, trustedCas, bankSeal };
}

/** The developer portal: e-mails into the sandbox outbox, statements signed by the sandbox directory, test certificates by the sandbox CA. */
async function openSandboxPortal(config: LangoConfig, backends: Backends, tls: ListenerTls | undefined, urls: Partial<Record<ListenerName, string>>, logger: Logger): Promise<Portal> {
  return openPortal({
    database: backends.database,
    cache: backends.cache,
    mailer: backends.payments.hub?.outbox ?? sqlNotificationOutbox(backends.database),
    directory: backends.sandbox!,
    softwareDirectory: backends.consent?.directory ?? (await openSoftwareDirectory(await openSqlKeyStore(backends.database))),
    eventLog: backends.eventLog,
    logger,
    consents: (clientIds, limit) => backends.consents.listForClients(clientIds, limit),
    terminateConsent: async (consentId, clientId) => { await backends.consents.terminateByTpp(consentId, clientId); },
    ...(backends.gateway && { deliveries: backends.gateway.deliveries }),
    urls: () => ({ ...urls }),
    ca: () => tls?.sandboxCa,
    rateLimitPerMinute: config.gateway.rateLimitPerMinute,
  });
}

interface MountContext {
  config: LangoConfig;
  backends: Backends;
  tls: ListenerTls | undefined;
  urls: Partial<Record<ListenerName, string>>;
  metrics: ReturnType<typeof createMetrics>;
  checks: Record<string, ReadinessCheck>;
  accepting: () => boolean;
}

/** What each listener serves in this process. */
async function mountRoles(name: ListenerName, server: FastifyInstance, context: MountContext): Promise<void> {
  const { backends } = context;
  if (name === 'metrics') {
    await server.register(healthRoutes, { metrics: context.metrics, checks: () => context.checks, accepting: context.accepting });
  }
  if ((name === 'public' || name === 'publicTls') && backends.sandbox) {
    await server.register(sandboxRoutes, {
      directory: backends.sandbox, urls: () => ({ ...context.urls }), caCertificatePem: context.tls?.sandboxCaPem, demoClients: backends.demoClients,
      ...(backends.payments.hub && { outbox: backends.payments.hub.outbox }),
    });
  }
  if (name === 'public' && backends.sandbox) {
    await server.register(demoAppRoutes, { urls: () => ({ ...context.urls }), caCertificatePem: context.tls?.sandboxCaPem });
  }
  if ((name === 'public' || name === 'publicTls') && backends.portal.current) {
    await backends.portal.current.routes(server);
  }
  if ((name === 'public' || name === 'publicTls') && backends.consent) {
    await backends.consent.routes(server);
  }
  if ((name === 'public' || name === 'publicTls') && backends.gateway) {
    await backends.gateway.routes(server);
  }
  const { hub, keys, fineract, switch: switchSimulator } = backends.payments;
  if (name === 'scheme' && hub && keys) {
    await server.register(fspiopRoutes, { handler: hub.inbound, keys, validateSignature: context.config.hub.fspiop.sign, prefix: '' });
  }
  if (name === 'channel' && hub) {
    await server.register(channelRoutes, { service: hub.channel, authenticator: channelAuthenticator(backends.consent), baseUrl: () => context.urls.channel });
  }
  if (name === 'operations' && backends.operations) {
    await backends.operations.routes(server);
  }
  if (name === 'simulators') {
    if (fineract) await server.register(fineract.routes);
    if (switchSimulator) await server.register(switchSimulator.routes);
  }
}

/** Closes servers gracefully; after `timeoutMs` the connections still open are cut. */
async function closeServers(servers: Map<ListenerName, FastifyInstance>, timeoutMs: number): Promise<void> {
  await Promise.all([...servers.values()].map(async (server) => {
    const closing = server.close();
    const timer = setTimeout(() => server.server.closeAllConnections(), timeoutMs);
    try {
      await closing;
    } finally {
      clearTimeout(timer);
    }
  }));
}

function hostOf(url: string | undefined): string | undefined {
  return url ? new URL(url).hostname : undefined;
}
