// SPDX-License-Identifier: Apache-2.0
// The one entry point to oidc-provider in Lango, and the small typed surface Lango uses of it (the package
// ships no types). Importing it on Node 20 prints "oidc-provider WARNING: Unsupported runtime" with
// console.warn; start-up error tests require exactly one stderr line, so the import swaps console.warn and
// hands the warning to the logger at debug. The library runs on Node 20 (PEERS.md).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../platform/log/index.js';

/** The JSON an adapter stores for one model instance; oidc-provider owns its shape. */
export type AdapterPayload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: unknown };

/** oidc-provider's storage contract: one instance per model name (Session, AccessToken, Client, ...). */
export interface OidcAdapter {
  /** Stores `payload` under `id`, replacing what was there; `expiresIn` seconds, undefined for no expiry. */
  upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
  /** The payload, with `consumed` set once consumed; undefined when absent or expired. */
  find(id: string): Promise<AdapterPayload | undefined>;
  findByUid(uid: string): Promise<AdapterPayload | undefined>;
  findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
  /** Marks a one-time artefact (authorisation code, refresh token on rotation) as used. */
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  /** Removes every instance of this model issued under the grant (RFC 7009 §2.1 cascade). */
  revokeByGrantId(grantId: string): Promise<void>;
}

export interface OidcGrant {
  jti: string;
  accountId: string;
  clientId: string;
  /** OpenID scopes and claims granted. */
  openid?: { scope?: string; claims?: string[] };
  /** Per resource indicator, the space-separated scopes granted. */
  resources?: Record<string, string>;
  /** RFC 9396 authorization_details granted. */
  rar?: Record<string, unknown>[];
  addOIDCScope(scope: string): void;
  addResourceScope(resource: string, scope: string): void;
  addRar(detail: Record<string, unknown>): void;
  save(ttl?: number): Promise<string>;
  destroy(): Promise<void>;
}

/** An access token (AccessToken or ClientCredentials) as oidc-provider finds it by its value. */
export interface OidcToken {
  jti: string;
  clientId: string;
  grantId?: string;
  scope?: string;
  /** RFC 9449 §6: thumbprint of the DPoP key the token is bound to. */
  jkt?: string;
  /** RFC 8705 §3.1: thumbprint of the client certificate the token is bound to. */
  'x5t#S256'?: string;
  /** Expiry, epoch seconds. */
  exp?: number;
  readonly isExpired: boolean;
}

export interface OidcClient {
  clientId: string;
  clientName?: string;
  metadata(): Record<string, unknown>;
  [property: string]: unknown;
}

export interface OidcInteraction {
  uid: string;
  returnTo: string;
  exp: number;
  prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
  params: Record<string, string | undefined>;
  session?: { accountId?: string };
}

export type InteractionResult =
  | { login: { accountId: string; amr?: string[]; acr?: string; remember?: boolean }; consent?: { grantId: string } }
  | { error: string; error_description?: string };

export interface ModelStatic<T> {
  find(id: string, options?: { ignoreExpiration?: boolean }): Promise<T | undefined>;
  readonly adapter: OidcAdapter;
}

export interface OidcProvider {
  readonly issuer: string;
  /** Keys of Koa's signed cookies; the first signs, all verify. */
  keys: string[];
  /** Koa's: trust X-Forwarded-Proto/-Host (behind a TLS-terminating proxy, for URLs and DPoP `htu`). */
  proxy: boolean;
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<OidcInteraction>;
  interactionResult(req: IncomingMessage, res: ServerResponse, result: InteractionResult, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
  on(event: string, listener: (...args: unknown[]) => void): this;
  /** Koa middleware around every oidc-provider route (oidc-provider puts it before its router). */
  use(middleware: (ctx: never, next: () => Promise<void>) => Promise<void>): this;
  Grant: ModelStatic<OidcGrant> & (new (init: { accountId: string; clientId: string }) => OidcGrant);
  Client: ModelStatic<OidcClient> & (new (metadata: Record<string, unknown>) => OidcClient);
  AccessToken: ModelStatic<OidcToken>;
  ClientCredentials: ModelStatic<OidcToken>;
  /** Remembers a `jti` of an issuer until `exp` (epoch s); false when it was seen before. */
  ReplayDetection: { unique(iss: string, jti: string, exp: number): Promise<boolean> };
  AuthorizationCode: ModelStatic<unknown>;
  RefreshToken: ModelStatic<unknown>;
  DeviceCode: ModelStatic<unknown>;
  BackchannelAuthenticationRequest: ModelStatic<unknown>;
}

/** An oidc-provider error class: `new errors.InvalidRequest(description)`; `error` is the wire code. */
export type OidcErrorClass = new (description?: string, detail?: string) => Error & { error: string; status: number; error_description?: string };

export interface OidcProviderModule {
  Provider: new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
  errors: { CustomOIDCProviderError: new (error: string, description?: string) => Error & { error: string; status: number } } & Record<
    'InvalidRequest' | 'InvalidScope' | 'InvalidTarget' | 'InvalidAuthorizationDetails' | 'InvalidClientAuth' | 'InvalidClientMetadata' | 'AccessDenied',
    OidcErrorClass
  >;
}

// A variable specifier: TypeScript does not look for the package's (absent) declarations.
const PACKAGE = 'oidc-provider';
let loading: Promise<OidcProviderModule> | undefined;

/** Loads oidc-provider once per process; its import-time warnings go to the log at debug, not to stderr. */
export function loadOidcProvider(logger: Pick<Logger, 'debug'>): Promise<OidcProviderModule> {
  loading ??= (async () => {
    const warnings: string[] = [];
    // eslint-disable-next-line no-console -- the swap is the point: oidc-provider warns through console.warn
    const original = console.warn;
    // eslint-disable-next-line no-console
    console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
    try {
      return (await import(PACKAGE)) as OidcProviderModule;
    } finally {
      // eslint-disable-next-line no-console
      console.warn = original;
      for (const warning of warnings) logger.debug({ warning }, 'oidc-provider warned while loading');
    }
  })();
  return loading;
}
