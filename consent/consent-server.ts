// SPDX-License-Identifier: Apache-2.0
// The consent role: the FAPI 2.0 authorisation server under /oauth and the PSU pages under /psu, on both public
// listeners. Built in two steps because the issuer is `<public listener URL>/oauth`, known only once the
// listener has bound its port: `openConsentServer` (store, keys) before listening, `start(urls)` after.
import type { FastifyInstance } from 'fastify';
import type { Cache } from '../platform/cache/index.js';
import { UnavailableError } from '../platform/errors/index.js';
import type { Logger } from '../platform/log/index.js';
import type { SqlDatabase } from '../platform/store/index.js';
import type { ConsentStore } from './consents/consent.js';
import { openSoftwareDirectory, type SoftwareDirectory } from './directory/software-directory.js';
import { openSqlOperatorDirectory } from './operators/adapters/sql/sql-operator-directory.js';
import { openSqlPasskeyStore } from './passkeys/adapters/sql/sql-passkey-store.js';
import { CacheReplayAdapter, cacheReplayCheck } from './provider/adapters/cache/replay-adapter.js';
import { openSqlModelStore } from './provider/adapters/sql/sql-adapter.js';
import { organisationOf } from './provider/client-roles.js';
import { OAUTH_MOUNT, oauthRoutes } from './provider/http/oauth-routes.js';
import { openSqlKeyStore } from './provider/keys/key-store.js';
import { loadCookieSecrets, loadSigningJwks, rotateSigningKeys } from './provider/keys/signing-keys.js';
import type { OidcProvider } from './provider/oidc-provider.js';
import { createProvider } from './provider/open-provider.js';
import { presentedToken, type PresentedRequest, type PresentedTokenOptions } from './provider/presented-token.js';
import { revokeGrant } from './provider/revoke-grant.js';
import { TTL_SECONDS } from './provider/ttl.js';
import { psuRoutes } from './psu/http/psu-routes.js';
import { PsuFlows } from './psu/psu-flow.js';
import type { OneTimeCodes, PsuDirectory } from './psu/psu-directory.js';
import { OTP_TTL_MS } from './psu/steps/authenticate.js';

export interface ConsentServerSettings {
  database: SqlDatabase;
  cache: Cache;
  logger: Logger;
  psuDirectory: PsuDirectory;
  oneTimeCodes: OneTimeCodes;
  consents: ConsentStore;
  /** How long a one-time code is accepted, in ms; default 5 minutes. */
  otpTtlMs?: number;
  now?: () => number;
}

export interface ConsentListenerUrls {
  public: string;
  publicTls?: string | undefined;
  /** True when the public URL is configured (LANGO_PUBLIC_URL): a proxy in front forwards the original scheme and host. */
  behindProxy?: boolean;
}

export interface ConsentServer {
  /** Fastify plugin of `/oauth/...` and `/psu/...`; register it on each public listener. */
  routes(server: FastifyInstance): Promise<void>;
  /** Builds the authorisation server once the listener URLs are known; requests before it get 503. */
  start(urls: ConsentListenerUrls): Promise<void>;
  /** `<public URL>/oauth` once started. */
  readonly issuer: string | undefined;
  /** The sandbox directory that signs software statements. */
  readonly directory: SoftwareDirectory;
  /** A new signing key per algorithm signs from now on; the old ones stay published for verification. */
  rotateSigningKeys(): Promise<void>;
  /** Ends a grant and every token issued under it. */
  revokeGrant(grantId: string): Promise<void>;
  /**
   * The active access token of a resource request with `scope` (or one of several), checked as a resource server checks it (bound key
   * or certificate); throws TokenRefused with the status and challenge to answer.
   */
  verifyAccessToken(request: PresentedRequest, scope: string | readonly string[], options?: PresentedTokenOptions): Promise<VerifiedToken>;
  /** Stops the housekeeping timer. */
  close(): Promise<void>;
}

export interface VerifiedToken {
  clientId: string;
  scope: string;
  /** The PSU (or operator) the token was granted by; absent for client credentials. */
  subject?: string;
  grantId?: string;
  /** The client's organisation (`org_id` of its registration): a TPP's certificate must name the same one. */
  organisationId?: string;
}

/** How long a client's organisation is remembered by verifyAccessToken, in ms. */
const ORGANISATION_CACHE_MS = 60_000;

/** How often expired rows leave the model table, in ms. */
const PURGE_EVERY_MS = 10 * 60_000;

export async function openConsentServer(settings: ConsentServerSettings): Promise<ConsentServer> {
  const { logger } = settings;
  const models = await openSqlModelStore(settings.database);
  const keys = await openSqlKeyStore(settings.database);
  const directory = await openSoftwareDirectory(keys);
  const passkeys = await openSqlPasskeyStore(settings.database);
  // Back-office operators (seeded by the sandbox role); they sign in through the operations client.
  const operators = await openSqlOperatorDirectory(settings.database);
  const replay = new CacheReplayAdapter(settings.cache);
  const proofReplay = cacheReplayCheck(settings.cache);
  const adapter = (model: string) => (model === 'ReplayDetection' ? replay : models.adapterFor(model));
  let provider: OidcProvider | undefined;
  let urls: ConsentListenerUrls | undefined;

  const build = async (at: ConsentListenerUrls) => Object.assign(await createProvider({
    issuer: `${at.public}${OAUTH_MOUNT}`,
    mtlsBaseUrl: at.publicTls,
    adapter,
    jwks: await loadSigningJwks(keys),
    cookieKeys: await loadCookieSecrets(keys),
    psuDirectory: settings.psuDirectory,
    operators,
  }, logger), { proxy: at.behindProxy === true });

  const current = () => provider;
  const running = () => {
    // Between binding the listeners and start(): 503, as for /oauth (oauth-routes.ts).
    if (!provider) throw new UnavailableError('UNAVAILABLE', 'the authorisation server is starting');
    return provider;
  };
  const deps = {
    provider: running,
    flows: new PsuFlows(settings.cache, TTL_SECONDS.Interaction * 1000),
    auth: { directory: settings.psuDirectory, operators, codes: settings.oneTimeCodes, otpTtlMs: settings.otpTtlMs ?? OTP_TTL_MS, now: settings.now ?? Date.now },
    passkeys: {
      store: passkeys,
      // WebAuthn's relying party is the public URL's host; a passkey works on either public listener.
      relyingParty() {
        if (!urls) throw new UnavailableError('UNAVAILABLE', 'the authorisation server is starting');
        const origins = [urls.public, urls.publicTls].filter((url): url is string => url !== undefined).map((url) => new URL(url).origin);
        return { id: new URL(urls.public).hostname, name: 'Lango', origins };
      },
      now: settings.now ?? Date.now,
    },
    consents: settings.consents,
    logger,
  };
  // clientId → organisation: read once a minute, not at every resource request.
  const organisations = new Map<string, { id: string | undefined; until: number }>();
  const organisationOfClient = async (clientId: string) => {
    const cached = organisations.get(clientId);
    if (cached && cached.until > Date.now()) return cached.id;
    const id = organisationOf((await running().Client.find(clientId)) ?? { clientId });
    if (organisations.size > 10_000) organisations.clear();
    organisations.set(clientId, { id, until: Date.now() + ORGANISATION_CACHE_MS });
    return id;
  };
  const purge = setInterval(() => {
    models.purgeExpired().catch((error: unknown) => logger.warn({ err: error }, 'purging expired authorisation server rows failed'));
  }, PURGE_EVERY_MS);
  purge.unref();

  return {
    async routes(server) {
      await server.register(oauthRoutes, { provider: current, directory, consents: settings.consents });
      await server.register(psuRoutes, { deps, sessionTtlSeconds: TTL_SECONDS.Session });
    },
    async start(at) {
      urls = at;
      provider = await build(at);
      logger.info({ issuer: provider.issuer, mtls: at.publicTls ? `${at.publicTls}${OAUTH_MOUNT}` : undefined }, 'authorisation server ready');
    },
    get issuer() {
      return provider?.issuer;
    },
    directory,
    async rotateSigningKeys() {
      const rotated = await rotateSigningKeys(keys);
      if (urls) provider = await build(urls);
      logger.info({ kids: rotated.filter((key) => key.status === 'active').map((key) => key.kid) }, 'signing keys rotated');
    },
    revokeGrant: (grantId) => revokeGrant(running(), grantId),
    async verifyAccessToken(request, scope, options) {
      const token = await presentedToken(running(), request, scope, { replay: proofReplay, ...options });
      const subject = (token as { accountId?: string }).accountId;
      const organisationId = await organisationOfClient(token.clientId);
      return {
        clientId: token.clientId, scope: token.scope ?? '',
        ...(subject && { subject }), ...(token.grantId && { grantId: token.grantId }), ...(organisationId && { organisationId }),
      };
    },
    async close() {
      clearInterval(purge);
    },
  };
}
