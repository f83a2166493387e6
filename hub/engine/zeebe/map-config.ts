// SPDX-License-Identifier: Apache-2.0
// The adapter's options → the SDK's configuration, stated in full. The SDK merges whatever it is given over
// its environment variables (ZEEBE_ADDRESS, ZEEBE_GRPC_ADDRESS, ZEEBE_CLIENT_ID, CAMUNDA_AUTH_STRATEGY,
// CAMUNDA_TENANT_ID, CAMUNDA_CUSTOM_*_PATH, ...), and an explicit value wins: so every setting that decides
// where the client connects, as whom, for which tenant and where it logs is set here, and the environment
// cannot redirect Lango's engine. Known leftovers, read by the SDK from the environment only:
// - connection tuning (GRPC_KEEPALIVE_*, ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS, ...), with the SDK's defaults;
// - the deprecated CAMUNDA_SECURE_CONNECTION / ZEEBE_INSECURE_CONNECTION: ignored because ZEEBE_GRPC_ADDRESS
//   carries the scheme, but the SDK prints a warning on stderr when they are set;
// - CAMUNDA_SUPPORT_LOG_ENABLED, read when the SDK is first imported (a support switch that writes a file).
import type { Camunda8 } from '@camunda8/sdk';
import { ConfigError } from '../../../platform/errors/index.js';
import type { Logger } from '../../../platform/log/index.js';
import type { RecordListener } from '../workflow-engine.js';

export interface ZeebeEngineOptions {
  /** The gateway's gRPC address: `host:port`, or with the scheme `grpc://` (plaintext) or `grpcs://` (TLS). */
  address: string;
  /** TLS to the gateway when the address has no scheme; default false. Must agree with a scheme when both are given. */
  secure?: boolean;
  /** Default tenant of deployments, instances, messages and workers; default `<default>` (single-tenant clusters). */
  tenantId?: string;
  /** OAuth client credentials for a secured gateway (SaaS, Self-Managed with Identity); no auth when absent. */
  oauth?: {
    /** Token endpoint, e.g. `https://login.cloud.camunda.io/oauth/token`. */
    url: string;
    clientId: string;
    clientSecret: string;
    /** Token audience; default `zeebe.camunda.io`. */
    audience?: string;
    scope?: string;
  };
  /** Custom CA and client certificate (mTLS) for `grpcs://`; file paths. */
  tls?: { rootCertPath?: string; certChainPath?: string; privateKeyPath?: string };
  /**
   * How often a call is retried while the gateway is unreachable (gRPC 14), applies backpressure (8) or times
   * out (4), backing off from 1 s doubling up to 10 s; default 3 (a call gives up with UNAVAILABLE after about
   * 7 s). The SDK's own default retries forever. A retried create or publish may be applied twice when the
   * first attempt reached the broker: publish with a `messageId` where that matters.
   */
  maxRetries?: number;
  /** Where the adapter and the SDK log; silent when absent. The SDK's own console loggers are switched off. */
  logger?: Logger;
  /**
   * The live records source behind `onRecords`. Zeebe's records do not come through the gateway: its
   * exporter (the Kafka exporter) writes them to the event log's `zeebe` topic, and the composition root
   * wires a subscription to that topic here. Without it `onRecords` delivers nothing.
   */
  records?: (listener: RecordListener) => () => void;
}

export type SdkConfiguration = NonNullable<ConstructorParameters<typeof Camunda8>[0]>;
type SdkLogger = NonNullable<SdkConfiguration['logger']>;

export const ZEEBE_DEFAULTS = { tenantId: '<default>', maxRetries: 3, maxRetryTimeoutSeconds: 10, oauthAudience: 'zeebe.camunda.io' } as const;

/** `grpc://host:port` or `grpcs://host:port`, as ZEEBE_GRPC_ADDRESS must be; throws CONFIG_INVALID naming the option. */
export function grpcAddress(address: string, secure?: boolean): string {
  const match = /^(?:(grpcs?):\/\/)?([^/\s:]+|\[[^\]\s]+\]):(\d{1,5})$/.exec(address.trim());
  if (!match) throw new ConfigError('address', `expected host:port, grpc://host:port or grpcs://host:port, got "${address}"`);
  const [, scheme, host, port] = match;
  if (scheme && secure !== undefined && (scheme === 'grpcs') !== secure) {
    throw new ConfigError('secure', `is ${secure} but the address "${address}" says ${scheme}://`);
  }
  return `${scheme ?? (secure ? 'grpcs' : 'grpc')}://${host}:${port}`;
}

/** The complete SDK configuration for these options; pure, so it is tested without the SDK. */
export function toSdkConfiguration(options: ZeebeEngineOptions, logger: SdkLogger): SdkConfiguration {
  const { oauth, tls = {} } = options;
  const maxRetries = options.maxRetries ?? ZEEBE_DEFAULTS.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new ConfigError('maxRetries', `must be an integer >= 0, got ${maxRetries}`);
  const audience = oauth?.audience ?? ZEEBE_DEFAULTS.oauthAudience;
  return {
    ZEEBE_GRPC_ADDRESS: grpcAddress(options.address, options.secure),
    // Empty rather than absent: an absent value lets ZEEBE_ADDRESS from the environment through, and the SDK warns about the conflict.
    ZEEBE_ADDRESS: '',
    CAMUNDA_TENANT_ID: options.tenantId ?? ZEEBE_DEFAULTS.tenantId,
    CAMUNDA_AUTH_STRATEGY: oauth ? 'OAUTH' : 'NONE',
    CAMUNDA_OAUTH_DISABLED: !oauth,
    CAMUNDA_OAUTH_URL: oauth?.url ?? '',
    ZEEBE_CLIENT_ID: oauth?.clientId ?? '',
    ZEEBE_CLIENT_SECRET: oauth?.clientSecret ?? '',
    // The SDK prefers CAMUNDA_ZEEBE_OAUTH_AUDIENCE over ZEEBE_TOKEN_AUDIENCE: set both so neither comes from the environment.
    CAMUNDA_ZEEBE_OAUTH_AUDIENCE: audience,
    ZEEBE_TOKEN_AUDIENCE: audience,
    CAMUNDA_TOKEN_SCOPE: oauth?.scope ?? '',
    // Tokens stay in memory: nothing is written under $HOME/.camunda.
    CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
    CAMUNDA_CUSTOM_ROOT_CERT_PATH: tls.rootCertPath ?? '',
    CAMUNDA_CUSTOM_ROOT_CERT_STRING: '',
    CAMUNDA_CUSTOM_CERT_CHAIN_PATH: tls.certChainPath ?? '',
    CAMUNDA_CUSTOM_PRIVATE_KEY_PATH: tls.privateKeyPath ?? '',
    CAMUNDA_SUPPORT_LOG_ENABLED: false,
    zeebeGrpcSettings: {
      // The gRPC client's loggers write to the console; the adapter reports connection changes and failures itself.
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
      ZEEBE_GRPC_CLIENT_RETRY: true,
      ZEEBE_GRPC_CLIENT_MAX_RETRIES: maxRetries,
      ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: ZEEBE_DEFAULTS.maxRetryTimeoutSeconds,
    },
    logger,
  };
}

/**
 * The SDK's logger interface on Lango's logger. The SDK logs routine steps at info, so info goes to debug;
 * only the message and an error's message are kept, never the SDK's meta objects (they may hold tokens).
 */
export function toSdkLogger(logger: Logger): SdkLogger {
  const line = (level: 'error' | 'warn' | 'debug' | 'trace') => (message: string | undefined, ...meta: unknown[]) => {
    const error = meta.find((item): item is Error => item instanceof Error);
    logger[level]({ component: 'camunda8-sdk', ...(error && { error: error.message }) }, message ?? '');
  };
  return { error: line('error'), warn: line('warn'), info: line('debug'), debug: line('trace'), trace: line('trace') };
}
