// SPDX-License-Identifier: Apache-2.0
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors/lango-error.js';
import { InvalidValue, type OptionSpec } from './option.js';
import {
  LISTENERS, OPTIONS, ROLE_LISTENERS, TEST_ENV_PREFIX,
  type ListenerName, type OptionKey, type OptionValues, type Role,
} from './schema.js';

export interface ListenerConfig {
  readonly name: ListenerName;
  readonly host: string;
  /** 0 asks the OS for a free port; the bound port is known only after start. */
  readonly port: number;
  readonly tls: boolean;
  /** Explicit base URL (LANGO_*_URL); otherwise derived from the bound address. */
  readonly url: string | undefined;
}

export interface LangoConfig {
  readonly roles: readonly Role[];
  /** The listeners the selected roles need, metrics always included. */
  readonly listeners: Readonly<Partial<Record<ListenerName, ListenerConfig>>>;
  readonly tls: { readonly certFile?: string; readonly keyFile?: string; readonly clientCaFile?: string };
  readonly dataDir: string;
  readonly database: { readonly url?: string; readonly schema: string; readonly poolSize: number; readonly durability: 'full' | 'normal' };
  readonly eventLog: { readonly kind: 'store' | 'kafka'; readonly kafkaBrokers: readonly string[]; readonly kafkaClientId: string };
  readonly redisUrl?: string;
  readonly engine: { readonly kind: 'embedded' | 'zeebe'; readonly durability: 'full' | 'normal'; readonly zeebeAddress?: string };
  readonly logLevel: OptionValues['logLevel'];
  readonly shutdownTimeoutMs: number;
  readonly bodyLimitBytes: number;
  readonly sandbox: { readonly seed: boolean };
  readonly gateway: { readonly rateLimitPerMinute: number };
  /** The authorisation server's issuer, when this process reaches it over the network (no consent role here). */
  readonly oauth: { readonly issuer?: string };
  readonly hub: {
    readonly switchUrl?: string;
    readonly fineract: { readonly url?: string; readonly username: string; readonly password: string; readonly timeoutMs: number };
    readonly fspiop: { readonly keysDir: string; readonly sign: boolean; readonly ilpSecret?: string; readonly callbackTimeoutMs: number };
    readonly transferExpiryMs: number;
    readonly quoteExpiryMs: number;
    readonly retryBackoffMs: number;
    /**
     * Other processes' listeners, when the roles are split: the hub's scheme listener (where the sandbox switch
     * delivers callbacks) and the sandbox's simulators (the default switch and Fineract of a hub).
     */
    readonly peers: { readonly schemeUrl?: string; readonly simulatorsUrl?: string };
  };
}

const SPECS = OPTIONS as Record<OptionKey, OptionSpec<unknown>>;
const BY_ENV = new Map(Object.entries(SPECS).map(([key, spec]) => [spec.env, key as OptionKey]));
const BY_FILE_KEY = new Map(Object.entries(SPECS).map(([key, spec]) => [spec.key, key as OptionKey]));

/**
 * Reads every option from the environment and the optional config file, validates each once and
 * returns the frozen configuration. Throws ConfigError naming the first offending option.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LangoConfig {
  rejectUnknownEnv(env);
  const fileValues = readConfigFile(env.LANGO_CONFIG_FILE, cwd);
  const values = {} as Record<OptionKey, unknown>;
  for (const [key, spec] of Object.entries(SPECS) as [OptionKey, OptionSpec<unknown>][]) {
    const raw = env[spec.env] ?? fileValues.get(key);
    values[key] = raw === undefined ? spec.default : parseOption(spec, raw);
  }
  return deepFreeze(assemble(values as OptionValues, cwd));
}

function parseOption(spec: OptionSpec<unknown>, raw: unknown): unknown {
  try {
    return spec.parse(raw);
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    throw new ConfigError(spec.env, `${error.message} (allowed: ${spec.allowed})`);
  }
}

function rejectUnknownEnv(env: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('LANGO_') || name.startsWith(TEST_ENV_PREFIX) || BY_ENV.has(name as `LANGO_${string}`)) continue;
    const hint = closest(name, [...BY_ENV.keys()]);
    throw new ConfigError(name, `is not a Lango option${hint ? ` (did you mean ${hint}?)` : ''}; README lists every option`);
  }
}

function readConfigFile(path: string | undefined, cwd: string): Map<OptionKey, unknown> {
  if (!path) return new Map();
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(resolve(cwd, path), 'utf8'));
  } catch (error) {
    throw new ConfigError('LANGO_CONFIG_FILE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return new Map();
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('LANGO_CONFIG_FILE', `${path} must hold a mapping of option keys to values`);
  const values = new Map<OptionKey, unknown>();
  for (const [fileKey, value] of Object.entries(parsed)) {
    const key = BY_FILE_KEY.get(fileKey);
    if (!key || key === 'configFile') {
      const hint = closest(fileKey, [...BY_FILE_KEY.keys()]);
      throw new ConfigError(`${path}: ${fileKey}`, `is not a Lango option${hint ? ` (did you mean ${hint}?)` : ''}; README lists every option`);
    }
    values.set(key, value);
  }
  return values;
}

function assemble(values: OptionValues, cwd: string): LangoConfig {
  if (values.eventLog === 'kafka' && values.kafkaBrokers.length === 0) {
    throw new ConfigError('LANGO_KAFKA_BROKERS', 'is required when LANGO_EVENT_LOG=kafka (allowed: comma-separated host:port)');
  }
  if (values.engine === 'zeebe' && !values.zeebeAddress) {
    throw new ConfigError('LANGO_ZEEBE_ADDRESS', 'is required when LANGO_ENGINE=zeebe (allowed: host:port)');
  }
  if (values.roles.includes('hub') && !values.roles.includes('sandbox') && !values.simulatorsUrl) {
    if (!values.switchUrl) throw new ConfigError('LANGO_SWITCH_URL', 'is required when the hub runs without the sandbox role (or name the sandbox with LANGO_SIMULATORS_URL)');
    if (!values.fineractUrl) throw new ConfigError('LANGO_FINERACT_URL', 'is required when the hub runs without the sandbox role (or name the sandbox with LANGO_SIMULATORS_URL)');
  }
  if (values.ilpSecret !== undefined && values.ilpSecret.length < 32) {
    throw new ConfigError('LANGO_ILP_SECRET', 'must have 32 or more characters');
  }
  if (Boolean(values.tlsCertFile) !== Boolean(values.tlsKeyFile)) {
    throw new ConfigError(values.tlsCertFile ? 'LANGO_TLS_KEY_FILE' : 'LANGO_TLS_CERT_FILE', 'LANGO_TLS_CERT_FILE and LANGO_TLS_KEY_FILE go together');
  }
  const listeners: Partial<Record<ListenerName, ListenerConfig>> = {};
  const wanted = new Set<ListenerName>(['metrics', ...values.roles.flatMap((role) => ROLE_LISTENERS[role])]);
  for (const name of Object.keys(LISTENERS) as ListenerName[]) {
    if (!wanted.has(name)) continue;
    listeners[name] = {
      name,
      host: values[`${name}Host`] ?? values.host,
      port: values[`${name}Port`],
      tls: LISTENERS[name].tls,
      url: values[`${name}Url`],
    };
  }
  rejectSharedPorts(Object.values(listeners));
  return {
    roles: values.roles,
    listeners,
    tls: {
      ...(values.tlsCertFile && { certFile: resolve(cwd, values.tlsCertFile) }),
      ...(values.tlsKeyFile && { keyFile: resolve(cwd, values.tlsKeyFile) }),
      ...(values.tlsClientCaFile && { clientCaFile: resolve(cwd, values.tlsClientCaFile) }),
    },
    dataDir: resolve(cwd, values.dataDir),
    database: { ...(values.databaseUrl && { url: values.databaseUrl }), schema: values.databaseSchema, poolSize: values.databasePoolSize, durability: values.databaseDurability },
    eventLog: { kind: values.eventLog, kafkaBrokers: values.kafkaBrokers, kafkaClientId: values.kafkaClientId },
    ...(values.redisUrl && { redisUrl: values.redisUrl }),
    engine: { kind: values.engine, durability: values.engineDurability, ...(values.zeebeAddress && { zeebeAddress: values.zeebeAddress }) },
    logLevel: values.logLevel,
    shutdownTimeoutMs: values.shutdownTimeoutMs,
    bodyLimitBytes: values.bodyLimitBytes,
    sandbox: { seed: values.sandboxSeed },
    gateway: { rateLimitPerMinute: values.gatewayRateLimit },
    oauth: { ...(values.oauthIssuer !== undefined && { issuer: values.oauthIssuer }) },
    hub: {
      ...(values.switchUrl && { switchUrl: values.switchUrl.replace(/\/+$/, '') }),
      fineract: { ...(values.fineractUrl && { url: values.fineractUrl.replace(/\/+$/, '') }), username: values.fineractUsername, password: values.fineractPassword, timeoutMs: values.fineractTimeoutMs },
      fspiop: {
        keysDir: resolve(cwd, values.fspiopKeysDir ?? resolve(values.dataDir, 'fspiop')),
        sign: values.fspiopSign,
        ...(values.ilpSecret && { ilpSecret: values.ilpSecret }),
        callbackTimeoutMs: values.fspiopTimeoutMs,
      },
      transferExpiryMs: values.transferExpiryMs,
      quoteExpiryMs: values.quoteExpiryMs,
      retryBackoffMs: values.retryBackoffMs,
      peers: {
        ...(values.schemeUrl && { schemeUrl: values.schemeUrl.replace(/\/+$/, '') }),
        ...(values.simulatorsUrl && { simulatorsUrl: values.simulatorsUrl.replace(/\/+$/, '') }),
      },
    },
  };
}

function rejectSharedPorts(listeners: ListenerConfig[]): void {
  const seen = new Map<number, ListenerName>();
  for (const listener of listeners) {
    if (listener.port === 0) continue;
    const other = seen.get(listener.port);
    if (other) {
      throw new ConfigError(`LANGO_${LISTENERS[listener.name].env}_PORT`, `${listener.port} is already the port of the ${other} listener (LANGO_${LISTENERS[other].env}_PORT)`);
    }
    seen.set(listener.port, listener.name);
  }
}

/** The known name nearest to a misspelt one, when it is near enough to be a typo. */
function closest(name: string, known: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 4)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
