// SPDX-License-Identifier: Apache-2.0
// Every configuration option of Lango, with its default and documentation. README's option table is
// generated from this file (`npm run docs:config`), and a test fails when the two drift apart.
import {
  booleanOption, enumOption, integerOption, listOption, optionalString, portOption, stringOption, urlOption,
  type OptionSpec,
} from './option.js';

export const ROLES = ['gateway', 'consent', 'hub', 'operations', 'sandbox'] as const;
export type Role = (typeof ROLES)[number];

/** The listeners of ARCHITECTURE.md, their environment name stem, default port and scheme. */
export const LISTENERS = {
  public: { env: 'PUBLIC', port: 8080, tls: false, serves: 'Berlin Group /v1, GSMA /mm, Mojaloop 3PPI /3p, OAuth /oauth, PSU pages /psu, portal /portal, /sandbox/manifest.json' },
  publicTls: { env: 'PUBLIC_TLS', port: 8443, tls: true, serves: 'the public routes over TLS with optional client certificates (mTLS)' },
  channel: { env: 'CHANNEL', port: 8081, tls: false, serves: 'first-party DFSP apps: /channel/...' },
  scheme: { env: 'SCHEME', port: 8082, tls: false, serves: 'FSPIOP callbacks from the switch, provider callbacks' },
  operations: { env: 'OPERATIONS', port: 8083, tls: false, serves: 'operations UI at / and operations API under /api/v1' },
  metrics: { env: 'METRICS', port: 9464, tls: false, serves: '/metrics (Prometheus), /health/live, /health/ready' },
  simulators: { env: 'SIMULATORS', port: 8090, tls: false, serves: 'sandbox simulators: /switch, /fineract, /mmp' },
} as const;
export type ListenerName = keyof typeof LISTENERS;

const listenerOptions = <N extends ListenerName>(name: N) => {
  const { env, port } = LISTENERS[name];
  return {
    [`${name}Host`]: optionalString(`LANGO_${env}_HOST`, `${name}Host`, `Address the ${name} listener binds; LANGO_HOST when unset.`, 'a hostname or IP address'),
    [`${name}Port`]: portOption(`LANGO_${env}_PORT`, `${name}Port`, port, `Port of the ${name} listener.`),
    [`${name}Url`]: urlOption(`LANGO_${env}_URL`, `${name}Url`, ['http:', 'https:'], `Base URL clients use to reach the ${name} listener (behind a proxy); derived from host and port when unset.`),
  } as Record<`${N}Host`, OptionSpec<string | undefined>> & Record<`${N}Port`, OptionSpec<number>> & Record<`${N}Url`, OptionSpec<string | undefined>>;
};

export const OPTIONS = {
  configFile: optionalString('LANGO_CONFIG_FILE', 'configFile', 'YAML or JSON file with options by their file key; the environment wins over the file.', 'a file path'),
  roles: listOption('LANGO_ROLES', 'roles', ROLES, [...ROLES], 'Roles this process runs; all of them in the barebone model.'),
  host: stringOption('LANGO_HOST', 'host', '127.0.0.1', 'Default bind address of every listener (0.0.0.0 in containers).', 'a hostname or IP address'),
  ...listenerOptions('public'),
  ...listenerOptions('publicTls'),
  ...listenerOptions('channel'),
  ...listenerOptions('scheme'),
  ...listenerOptions('operations'),
  ...listenerOptions('metrics'),
  ...listenerOptions('simulators'),
  tlsCertFile: optionalString('LANGO_TLS_CERT_FILE', 'tlsCertFile', 'PEM server certificate (chain) for the TLS listener; the sandbox CA issues one when unset.', 'a file path'),
  tlsKeyFile: optionalString('LANGO_TLS_KEY_FILE', 'tlsKeyFile', 'PEM private key of LANGO_TLS_CERT_FILE.', 'a file path'),
  tlsClientCaFile: optionalString('LANGO_TLS_CLIENT_CA_FILE', 'tlsClientCaFile', 'PEM bundle of CAs whose client certificates the TLS listener verifies; the sandbox CA when unset.', 'a file path'),
  dataDir: stringOption('LANGO_DATA_DIR', 'dataDir', './data', 'Folder of the SQLite database, the sandbox PKI and other local state.', 'a folder path'),
  databaseUrl: urlOption('LANGO_DATABASE_URL', 'databaseUrl', ['postgres:', 'postgresql:'], 'PostgreSQL connection URL; SQLite in LANGO_DATA_DIR when unset.', true),
  databaseSchema: stringOption('LANGO_DATABASE_SCHEMA', 'databaseSchema', 'public', 'PostgreSQL schema of Lango\'s tables, created when missing.', 'an SQL identifier'),
  databaseDurability: enumOption('LANGO_DATABASE_DURABILITY', 'databaseDurability', ['full', 'normal'] as const, 'full', 'SQLite commits: full survives power loss, normal (WAL) survives a process crash only and writes many times faster. PostgreSQL ignores it (its own synchronous_commit rules).'),
  databasePoolSize: integerOption('LANGO_DATABASE_POOL_SIZE', 'databasePoolSize', 10, 'Maximum PostgreSQL connections of this process.', 1, 500),
  eventLog: enumOption('LANGO_EVENT_LOG', 'eventLog', ['store', 'kafka'] as const, 'store', 'Where engine records and audit events go: the database (store) or Kafka.'),
  kafkaBrokers: listOption('LANGO_KAFKA_BROKERS', 'kafkaBrokers', undefined, [], 'Kafka bootstrap brokers; required when LANGO_EVENT_LOG=kafka.', 'comma-separated host:port'),
  kafkaClientId: stringOption('LANGO_KAFKA_CLIENT_ID', 'kafkaClientId', 'lango', 'Kafka client id of this process.'),
  redisUrl: urlOption('LANGO_REDIS_URL', 'redisUrl', ['redis:', 'rediss:'], 'Redis URL for rate limits and replay caches; in-process when unset (single process only).', true),
  engine: enumOption('LANGO_ENGINE', 'engine', ['embedded', 'zeebe'] as const, 'embedded', 'Workflow engine of the hub role: the embedded engine (state in <data dir>/engine.db) or a Zeebe cluster.'),
  engineDurability: enumOption('LANGO_ENGINE_DURABILITY', 'engineDurability', ['full', 'normal'] as const, 'full', 'Embedded engine commits: full survives power loss, normal survives a process crash only (faster).'),
  zeebeAddress: optionalString('LANGO_ZEEBE_ADDRESS', 'zeebeAddress', 'Zeebe gateway host:port; required when LANGO_ENGINE=zeebe.', 'host:port'),
  logLevel: enumOption('LANGO_LOG_LEVEL', 'logLevel', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info', 'Lowest level written to the log.'),
  shutdownTimeoutMs: integerOption('LANGO_SHUTDOWN_TIMEOUT_MS', 'shutdownTimeoutMs', 10_000, 'How long SIGTERM waits for in-flight requests before closing connections, in ms.', 0, 600_000),
  bodyLimitBytes: integerOption('LANGO_BODY_LIMIT_BYTES', 'bodyLimitBytes', 1_048_576, 'Largest request body any listener accepts, in bytes.', 1024, 104_857_600),
  sandboxSeed: booleanOption('LANGO_SANDBOX_SEED', 'sandboxSeed', true, 'Seed the sandbox banks, PSUs and accounts on first start (sandbox role).'),
  switchUrl: urlOption('LANGO_SWITCH_URL', 'switchUrl', ['http:', 'https:'], 'Base URL of the Mojaloop switch the hub sends FSPIOP messages to; the sandbox switch simulator (<simulators URL>/switch) when unset.'),
  fineractUrl: urlOption('LANGO_FINERACT_URL', 'fineractUrl', ['http:', 'https:'], 'Base URL of Fineract up to /fineract-provider/api/v1 (the interoperation API lies below it); the sandbox Fineract simulator when unset.'),
  fineractUsername: stringOption('LANGO_FINERACT_USERNAME', 'fineractUsername', 'mifos', 'Fineract user of the hub (HTTP Basic).', 'a user name'),
  fineractPassword: { ...stringOption('LANGO_FINERACT_PASSWORD', 'fineractPassword', 'password', 'Password of LANGO_FINERACT_USERNAME (Fineract\'s demo password by default); never logged.', 'a password'), secret: true },
  fineractTimeoutMs: integerOption('LANGO_FINERACT_TIMEOUT_MS', 'fineractTimeoutMs', 5_000, 'Deadline of one Fineract call in ms; a call past it counts as the AMS being down (retried, then the flow\'s error path).', 50, 600_000),
  fspiopKeysDir: optionalString('LANGO_FSPIOP_KEYS_DIR', 'fspiopKeysDir', 'Folder of the FSPIOP JWS keys: private/<fspId>.key of the tenants (made on first start) and jws/<fspId>.pem of every participant; <data dir>/fspiop when unset.', 'a folder path'),
  ilpSecret: optionalString('LANGO_ILP_SECRET', 'ilpSecret', 'Secret from which each tenant\'s ILP fulfilments are derived; made once and kept in <data dir>/fspiop/ilp-secret when unset.', 'a string of 32 or more characters', true),
  fspiopSign: booleanOption('LANGO_FSPIOP_SIGN', 'fspiopSign', true, 'Sign FSPIOP messages (FSPIOP-Signature) and verify the signatures of those received.'),
  fspiopTimeoutMs: integerOption('LANGO_FSPIOP_TIMEOUT_MS', 'fspiopTimeoutMs', 30_000, 'How long a flow waits for each FSPIOP callback (party, quote, fulfil), in ms.', 100, 3_600_000),
  transferExpiryMs: integerOption('LANGO_TRANSFER_EXPIRY_MS', 'transferExpiryMs', 60_000, 'Expiration the hub sets on transfers it prepares as payer, in ms from the prepare.', 100, 86_400_000),
  quoteExpiryMs: integerOption('LANGO_QUOTE_EXPIRY_MS', 'quoteExpiryMs', 60_000, 'How long a quote the hub gives as payee is valid, in ms.', 100, 86_400_000),
  retryBackoffMs: integerOption('LANGO_RETRY_BACKOFF_MS', 'retryBackoffMs', 1_000, 'First retry delay of a failed flow step (AMS or switch unreachable), doubled per retry up to 30 s.', 1, 60_000),
  oauthIssuer: urlOption('LANGO_OAUTH_ISSUER', 'oauthIssuer', ['http:', 'https:'], 'Issuer of Lango\'s authorisation server (<public URL>/oauth) for a process that uses it without the consent role: operator sign-in and token introspection of the operations role. Derived from the public listener when unset.'),
  gatewayRateLimit: integerOption('LANGO_GATEWAY_RATE_LIMIT', 'gatewayRateLimit', 6_000, 'Berlin Group API calls one TPP (one certificate) may make per minute; more get 429 ACCESS_EXCEEDED. Counted in Redis when LANGO_REDIS_URL is set, so across replicas.', 1, 10_000_000),
} as const;

export type OptionKey = keyof typeof OPTIONS;
/** Every option by its file key, parsed. */
export type OptionValues = { [K in OptionKey]: (typeof OPTIONS)[K] extends OptionSpec<infer T> ? T : never };

/** Environment variables with this prefix belong to the test suites, not to the product. */
export const TEST_ENV_PREFIX = 'LANGO_TEST_';

/** Which listeners each role needs; metrics is bound by every process. */
export const ROLE_LISTENERS: Record<Role, readonly ListenerName[]> = {
  gateway: ['public', 'publicTls'],
  consent: ['public', 'publicTls'],
  sandbox: ['public', 'publicTls', 'simulators'],
  hub: ['channel', 'scheme'],
  operations: ['operations'],
};
