// SPDX-License-Identifier: Apache-2.0
// Builds the operations role: the streamer that feeds the operations view from the event log, the audit trail and
// its feed, the operator actions (engine commands, so they need the engine in this process or Zeebe), and the
// operations listener's routes: operator sign-in, the UI and the API. Nothing on the payment path waits for it.
import { TokenRefused, type ConsentServer, type OperatorDirectory } from '../consent/index.js';
import {
  channelReturnPayments, firstOf, flowMapOf, introspectionAuthenticator, hubBpmnResources, openSqlAuditTrail, openSqlOperationsView, openSqlOperatorActionStore, operationsApiRoutes,
  operationsUiRoutes, operatorRolesOf, operatorUsernameOf, operatorSessionRoutes, OperatorActions, sessionAuthenticator, startAuditTrailFeed, startOperationsStreamer,
  type OperationsApiExtension, type OperationsStreamer, type OperatorAuthenticator, type PaymentHub, type WorkflowEngine,
} from '../hub/index.js';
import type { Cache } from '../platform/cache/index.js';
import type { LangoConfig, ListenerName } from '../platform/config/index.js';
import type { EventLog } from '../platform/events/index.js';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../platform/log/index.js';
import type { Metrics } from '../platform/metrics/index.js';
import type { SqlDatabase } from '../platform/store/index.js';
import { OPERATIONS_CLIENT_ID, type DemoClientStore, type SandboxDirectory } from '../tpp-sandbox/index.js';

export interface OperationsRole {
  /** Registers sign-in, UI and API on the operations listener. */
  routes(server: FastifyInstance): Promise<void>;
  readonly streamer: OperationsStreamer;
  close(): Promise<void>;
}

export interface OpenOperationsInput {
  config: LangoConfig;
  database: SqlDatabase;
  eventLog: EventLog;
  cache: Cache;
  logger: Logger;
  metrics: Metrics;
  engine: WorkflowEngine | undefined;
  hub: PaymentHub | undefined;
  consent: ConsentServer | undefined;
  operators: OperatorDirectory;
  directory: SandboxDirectory;
  demoClients: DemoClientStore;
  urls: Partial<Record<ListenerName, string>>;
  /** Routes other contexts add to the operations API (the developer portal's production requests). */
  extensions?: readonly OperationsApiExtension[];
}

export async function openOperations(input: OpenOperationsInput): Promise<OperationsRole> {
  const { config, database, eventLog, cache, logger, metrics, engine, hub, consent, operators, directory, urls } = input;
  const view = await openSqlOperationsView(database);
  const trail = await openSqlAuditTrail(database);
  const store = await openSqlOperatorActionStore(database);
  const flows = await flowMapOf(hubBpmnResources());
  const banks = await directory.banks();
  const actions = new OperatorActions({
    engine, view, store, trail, flows,
    returns: hub ? channelReturnPayments(hub.channel) : undefined,
    tenantOfFsp: (fspId) => banks.find((bank) => bank.fspId === fspId)?.tenantId,
  });
  const streamer = await startOperationsStreamer({ eventLog, view, logger, metrics });
  const feed = await startAuditTrailFeed({ eventLog, trail, logger });
  // An approved action a crash interrupted runs again (each execution refuses or is idempotent).
  void actions.resumeUnfinished().catch((error: unknown) => logger.error({ err: error }, 'resuming approved operator actions failed'));

  const operationsClient = await input.demoClients.load(OPERATIONS_CLIENT_ID);
  const listener = config.listeners.operations;
  const session = {
    cache, logger,
    issuer: () => config.oauth.issuer?.replace(/\/+$/, '') ?? (urls.public ? `${config.listeners.public?.url ?? urls.public}/oauth` : undefined),
    clientId: OPERATIONS_CLIENT_ID,
    privateJwk: operationsClient?.privateJwk ?? {},
    redirectUri: () => `${(listener?.url ?? urls.operations ?? '').replace(/\/+$/, '')}/auth/callback`,
    secureCookies: (listener?.url ?? urls.operations ?? '').startsWith('https:'),
  };
  // Tokens: checked in-process with the consent role here, else at the authorisation server's introspection endpoint.
  const authenticator = firstOf(currentRoles(sessionAuthenticator(session), operators), consent ? tokenAuthenticator(consent, operators) : introspectionAuthenticator(session));

  return {
    streamer,
    async routes(server) {
      if (operationsClient) await server.register(operatorSessionRoutes, session);
      await server.register(operationsUiRoutes, { authenticator });
      await server.register(operationsApiRoutes, { authenticator, view, actions, store, trail, flows, streamer: () => streamer, extensions: input.extensions ?? [] });
    },
    async close() {
      await Promise.all([streamer.close(), feed.close()]);
    },
  };
}

/**
 * A UI session with its operator's roles as the directory has them now, not as at sign-in (sessions last 8 h):
 * a changed role applies at the next call, a removed operator is signed out.
 */
function currentRoles(sessions: OperatorAuthenticator, operators: OperatorDirectory): OperatorAuthenticator {
  return {
    async authenticate(request) {
      const identity = await sessions.authenticate(request);
      const operator = identity && (await operators.find(identity.username));
      return operator ? { ...identity!, roles: operatorRolesOf(operator.roles) } : undefined;
    },
  };
}

/** An operations access token (scope `operations`) of an operator who still exists; roles read from the directory. */
function tokenAuthenticator(consent: ConsentServer, operators: OperatorDirectory): OperatorAuthenticator {
  return {
    async authenticate(request) {
      if (!request.headers.authorization?.startsWith('Bearer ')) return undefined;
      try {
        const token = await consent.verifyAccessToken({ method: request.method, headers: request.headers, socket: request.raw.socket, urls: [] }, 'operations', { unboundForFirstParty: true });
        const username = operatorUsernameOf(token.subject);
        const operator = username ? await operators.find(username) : undefined;
        return operator ? { username: operator.username, roles: operatorRolesOf(operator.roles), via: 'token' } : undefined;
      } catch (error) {
        if (error instanceof TokenRefused) return undefined;
        throw error;
      }
    },
  };
}
