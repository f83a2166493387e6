// SPDX-License-Identifier: Apache-2.0
// Builds the payment side of a process: the FSPIOP keys, the hub (workers, scheme handler, channel) on the
// engine, and in the sandbox role the switch and Fineract simulators it talks to, seeded with the sandbox banks.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsentServer } from '../consent/index.js';
import { TokenRefused } from '../consent/index.js';
import {
  openFineractAms, openFspiopKeyDirectory, createFspiopHttpClient, openIdentityMapping, openPaymentHub,
  type AccountingSystem, type ChannelAuthenticator, type FspiopKeyDirectory, type HubTenant, type PaymentHub, type WorkflowEngine,
} from '../hub/index.js';
import type { LangoConfig, ListenerName } from '../platform/config/index.js';
import { ForbiddenError, UnauthenticatedError, UnavailableError } from '../platform/errors/index.js';
import type { Logger } from '../platform/log/index.js';
import type { SqlDatabase } from '../platform/store/index.js';
import {
  SANDBOX_PSUS, SWITCH_FSP_ID, openFineractSimulator, openSqlSandboxDirectory, openSwitchSimulator, seedSandboxPayments,
  type FineractSimulator, type SandboxDirectory, type SwitchSimulator,
} from '../tpp-sandbox/index.js';
import type { Resources } from './resources.js';

export interface Payments {
  keys: FspiopKeyDirectory | undefined;
  hub: PaymentHub | undefined;
  fineract: FineractSimulator | undefined;
  switch: SwitchSimulator | undefined;
}

const FINERACT_API = '/fineract-provider/api/v1';

/** The ILP master secret: configured, or made once and kept beside the keys (0600, written atomically). */
function ilpSecret(config: LangoConfig): string {
  if (config.hub.fspiop.ilpSecret) return config.hub.fspiop.ilpSecret;
  const file = join(config.hub.fspiop.keysDir, 'ilp-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(config.hub.fspiop.keysDir, { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(`${file}.tmp`, secret, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    return secret;
  }
}

/** The banks' Fineract: the configured one, or the sandbox's simulator on the simulators listener. */
export function configuredAms(config: LangoConfig, simulatorsUrl: () => string, logger: Logger): AccountingSystem {
  return openFineractAms({
    baseUrl: () => config.hub.fineract.url ?? `${simulatorsUrl()}/fineract${FINERACT_API}`,
    username: config.hub.fineract.username,
    password: config.hub.fineract.password,
    timeoutMs: config.hub.fineract.timeoutMs,
    logger,
  });
}

/** The simulators listener's URL: this process's, or the configured peer's. */
export function simulatorsUrlOf(config: LangoConfig, urls: Partial<Record<ListenerName, string>>): () => string {
  return () => {
    const url = urls.simulators ?? config.hub.peers.simulatorsUrl;
    if (!url) throw new UnavailableError('UNAVAILABLE', 'the simulators listener is not bound yet');
    return url;
  };
}

export interface OpenPaymentsInput {
  config: LangoConfig;
  database: SqlDatabase;
  engine: WorkflowEngine | undefined;
  sandbox: SandboxDirectory | undefined;
  /** The listener URLs, filled once every listener is bound (read lazily). */
  urls: Partial<Record<ListenerName, string>>;
  logger: Logger;
  resources: Resources;
}

export async function openPayments(input: OpenPaymentsInput): Promise<Payments> {
  const { config, database, engine, sandbox, urls, logger, resources } = input;
  const hubRole = config.roles.includes('hub');
  const sandboxRole = config.roles.includes('sandbox');
  if (!hubRole && !sandboxRole) return { keys: undefined, hub: undefined, fineract: undefined, switch: undefined };

  // A hub without the sandbox role reads the banks the sandbox process seeded.
  const directory = sandbox ?? (await openSqlSandboxDirectory(database));
  const banks = await directory.banks();
  // Every sandbox bank is a tenant of the hub: its FSP id, its Fineract tenant (the tenant id) and its currency.
  const tenants: readonly HubTenant[] = banks;
  const keys = await openFspiopKeyDirectory(config.hub.fspiop.keysDir, {
    generate: [...(hubRole ? tenants.map((tenant) => tenant.fspId) : []), ...(sandboxRole ? [SWITCH_FSP_ID] : [])],
  });
  const simulatorsUrl = simulatorsUrlOf(config, urls);

  let fineract: FineractSimulator | undefined;
  let switchSimulator: SwitchSimulator | undefined;
  if (sandboxRole) {
    fineract = await openFineractSimulator(database, { credentials: { username: config.hub.fineract.username, password: config.hub.fineract.password } });
    switchSimulator = resources.add('switch simulator', await openSwitchSimulator({
      database, keys, logger,
      // Every sandbox bank is a tenant of the hub in this deployment: its callbacks go to the scheme listener.
      endpointOf: (fspId) => (tenants.some((tenant) => tenant.fspId === fspId) ? urls.scheme ?? config.hub.peers.schemeUrl : undefined),
    }), (value) => value.close());
  }

  let hub: PaymentHub | undefined;
  if (hubRole && engine) {
    const ams = configuredAms(config, simulatorsUrl, logger);
    const fspiop = createFspiopHttpClient({
      endpointOf: () => config.hub.switchUrl ?? `${simulatorsUrl()}/switch`,
      keys,
      sign: config.hub.fspiop.sign,
      logger,
    });
    const timeout = `PT${Math.max(0.1, config.hub.fspiop.callbackTimeoutMs / 1000)}S`;
    hub = resources.add('payment hub', await openPaymentHub({
      engine, database, ams, fspiop, ilpSecret: ilpSecret(config), tenants, logger,
      settings: {
        timeouts: { partyLookup: timeout, quote: timeout, transfer: `PT${(config.hub.transferExpiryMs + config.hub.fspiop.callbackTimeoutMs) / 1000}S`, transactionRequest: timeout, registration: timeout },
        transferExpiryMs: config.hub.transferExpiryMs,
        quoteExpiryMs: config.hub.quoteExpiryMs,
        retryBackoffMs: config.hub.retryBackoffMs,
      },
    }), (value) => value.close());
  }
  if (sandboxRole && config.sandbox.seed) {
    // The hub's identity mapping lives in the shared database: seeded here even when the hub runs elsewhere.
    const identities = hub?.identities ?? (await openIdentityMapping(database));
    await seedSandboxPayments(banks, SANDBOX_PSUS, { ...(fineract && { fineract }), ...(switchSimulator && { switch: switchSimulator }), identities });
  }
  return { keys, hub, fineract, switch: switchSimulator };
}

/** Channel callers: first-party clients with a `channel` token of the consent server in this process. */
export function channelAuthenticator(consent: ConsentServer | undefined): ChannelAuthenticator {
  return {
    async authenticate(request) {
      if (!consent) throw new UnavailableError('UNAVAILABLE', 'the channel API needs the consent role in this process to check tokens');
      try {
        const token = await consent.verifyAccessToken(request, 'channel', { unboundForFirstParty: true });
        return { clientId: token.clientId };
      } catch (error) {
        if (!(error instanceof TokenRefused)) throw error;
        const details = { wwwAuthenticate: error.challenge };
        throw error.status === 403 ? new ForbiddenError(error.message, { details }) : new UnauthenticatedError(error.message, { details });
      }
    },
  };
}
