// SPDX-License-Identifier: Apache-2.0
// The operator's sign-in to the operations UI: the operations listener is a confidential OpenID Connect relying
// party of Lango's own consent server (client `lango-operations`: PAR, PKCE S256, private_key_jwt — FAPI 2.0 like
// every client), and keeps a server-side session in the cache once the ID token names an operator.
//
//   GET  /auth/login     discovery → PAR (state, nonce, PKCE) → 302 to the authorisation endpoint
//   GET  /auth/callback  one-time login state → code grant → ID token checks → session → 302 /transfers
//   POST /auth/logout    csrf header → session deleted, cookie cleared → 303 /
//
// Neither tokens nor cookie values are logged, and the cache keys hold only hashes of the cookie values.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { importJWK, type JWK } from 'jose';
import * as client from 'openid-client';
import type { Cache } from '../../../platform/cache/index.js';
import { UnavailableError } from '../../../platform/errors/index.js';
import type { Logger } from '../../../platform/log/index.js';
import { operatorRolesOf, operatorUsernameOf, type OperatorAuthenticator, type OperatorIdentity, type OperatorRoles } from './operator-identity.js';
import { messagePage, sendHtml } from './ui-routes.js';

export interface OperatorSessionSettings {
  /** Holds the login states (10 min) and the sessions (8 h); Redis when several operations processes serve one URL. */
  cache: Cache;
  logger: Logger;
  /** The consent server's issuer (`<public URL>/oauth`), known only once the public listener listens. */
  issuer: () => string | undefined;
  /** The operations client's id (`lango-operations`). */
  clientId: string;
  /** The operations client's private key (ES256 JWK with `kid`), signing its private_key_jwt assertions. */
  privateJwk: JWK;
  /** `<operations URL>/auth/callback`, exactly as registered for the client. */
  redirectUri: () => string;
  /** Marks both cookies Secure (the operations listener is reached over HTTPS, e.g. behind a proxy). */
  secureCookies: boolean;
}

export const SESSION_COOKIE = 'lango_ops_session';
/** Carries the key of one sign-in's PKCE verifier, state and nonce from /auth/login to /auth/callback. */
export const LOGIN_COOKIE = 'lango_ops_login';
export const CSRF_HEADER = 'x-lango-csrf';
/** A session lasts 8 hours from sign-in (a working day), then the operator signs in again. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Time to sign in at the consent server (login page and one-time code), in ms. */
const LOGIN_TTL_MS = 10 * 60 * 1000;
const SCOPE = 'openid operations';
/** 32 random bytes, base64url. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

interface StoredSession {
  username: string;
  roles: OperatorRoles;
  csrf: string;
  /** Epoch ms of sign-in. */
  createdAt: number;
}

interface LoginState {
  verifier: string;
  state: string;
  nonce: string;
}

const randomToken = () => randomBytes(32).toString('base64url');
const digest = (value: string) => createHash('sha256').update(value).digest('base64url');
const sessionKey = (id: string) => `operations:session:${digest(id)}`;
const loginKey = (id: string) => `operations:login:${digest(id)}`;

/** The value of a cookie Lango set (a token: no encoding to undo), or undefined when absent or not a token. */
function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      const value = part.slice(at + 1).trim();
      return TOKEN_FORMAT.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Compares in constant time, so a forged token cannot be guessed byte by byte. */
export function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when a changing request with a session carries that session's csrf token in `X-Lango-CSRF`; token callers need none. */
export function csrfHeld(request: FastifyRequest, identity: OperatorIdentity): boolean {
  if (identity.via !== 'session') return true;
  const header = request.headers[CSRF_HEADER];
  return identity.csrf !== undefined && sameToken(Array.isArray(header) ? header[0] : header, identity.csrf);
}

function parseSession(text: string | undefined): StoredSession | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<StoredSession>;
    if (typeof value.username !== 'string' || typeof value.csrf !== 'string') return undefined;
    return { username: value.username, roles: operatorRolesOf(value.roles), csrf: value.csrf, createdAt: Number(value.createdAt) };
  } catch {
    return undefined;
  }
}

/** The operator of the session cookie (`via: 'session'`, with its csrf token), or undefined without a live session. */
export function sessionAuthenticator(settings: Pick<OperatorSessionSettings, 'cache'>): OperatorAuthenticator {
  return {
    async authenticate(request) {
      const id = cookieOf(request, SESSION_COOKIE);
      if (!id) return undefined;
      const session = parseSession(await settings.cache.get(sessionKey(id)));
      return session && { username: session.username, roles: session.roles, via: 'session', csrf: session.csrf };
    },
  };
}

/** A Set-Cookie line: HttpOnly, SameSite=Lax (the callback is a top-level navigation back from the consent server). */
function cookie(settings: OperatorSessionSettings, name: string, value: string, path: string, maxAgeMs: number): string {
  return `${name}=${value}; Path=${path}; Max-Age=${Math.floor(maxAgeMs / 1000)}; HttpOnly; SameSite=Lax${settings.secureCookies ? '; Secure' : ''}`;
}
const clearCookie = (settings: OperatorSessionSettings, name: string, path: string) =>
  `${cookie(settings, name, '', path, 0)}; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;

function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
}

/** The relying party's configuration, discovered once per issuer; a failed discovery is tried again next time. */
function relyingParty(settings: Pick<OperatorSessionSettings, 'issuer' | 'clientId' | 'privateJwk'>): () => Promise<client.Configuration> {
  let cached: { issuer: string; configuration: Promise<client.Configuration> } | undefined;
  const discover = async (issuer: string) => {
    const url = new URL(issuer);
    if (url.protocol !== 'https:' && !isLoopback(url)) throw new Error(`the issuer ${issuer} is neither https nor on loopback`);
    const key = (await importJWK(settings.privateJwk, 'ES256')) as client.CryptoKey;
    const execute = url.protocol === 'http:' ? [client.allowInsecureRequests] : [];
    return client.discovery(url, settings.clientId, { id_token_signed_response_alg: 'ES256' }, client.PrivateKeyJwt({ key, kid: settings.privateJwk.kid! }), { execute });
  };
  return () => {
    const issuer = settings.issuer();
    if (!issuer) return Promise.reject(new Error('the consent server\'s issuer is not known yet'));
    if (cached?.issuer !== issuer) {
      const configuration = discover(issuer);
      cached = { issuer, configuration };
      configuration.catch(() => { if (cached?.configuration === configuration) cached = undefined; });
    }
    return cached.configuration;
  };
}

/**
 * An operations access token checked at the authorisation server's introspection endpoint (RFC 7662), for an
 * operations process without the consent role: active, scope `operations`, an operator subject, the tenant roles.
 */
export function introspectionAuthenticator(settings: Pick<OperatorSessionSettings, 'issuer' | 'clientId' | 'privateJwk'>): OperatorAuthenticator {
  const configuration = relyingParty(settings);
  return {
    async authenticate(request) {
      const header = request.headers.authorization;
      if (!header?.startsWith('Bearer ')) return undefined;
      const answer = await configuration().then((rp) => client.tokenIntrospection(rp, header.slice('Bearer '.length).trim())).catch((error: unknown) => {
        throw new UnavailableError('UNAVAILABLE', 'the authorisation server could not check the token', { cause: error });
      });
      if (!answer.active || !String(answer.scope ?? '').split(' ').includes('operations')) return undefined;
      const username = operatorUsernameOf(answer.sub);
      return username ? { username, roles: operatorRolesOf(answer['lango_roles']), via: 'token' } : undefined;
    },
  };
}

const refuse = (reply: FastifyReply, status: number, message: string) =>
  sendHtml(reply, messagePage('Sign-in failed', message, { href: '/auth/login', text: 'Sign in again' }), status);

/** The callback URL as the browser called it: the registered redirect URI with this request's query. */
function currentUrl(settings: OperatorSessionSettings, request: FastifyRequest): URL {
  const url = new URL(settings.redirectUri());
  const query = request.url.indexOf('?');
  url.search = query >= 0 ? request.url.slice(query) : '';
  return url;
}

/** Checks the ID token's claims: an operator subject and at least one tenant role; undefined otherwise. */
function operatorOf(claims: client.IDToken | undefined): { username: string; roles: OperatorRoles } | undefined {
  const username = operatorUsernameOf(claims?.sub);
  const roles = operatorRolesOf(claims?.lango_roles);
  if (!username || Object.keys(roles).length === 0) return undefined;
  return { username, roles };
}

export async function operatorSessionRoutes(server: FastifyInstance, settings: OperatorSessionSettings): Promise<void> {
  const configuration = relyingParty(settings);
  const log = settings.logger.child({ component: 'operator-session' });
  const sessions = sessionAuthenticator(settings);

  // No HEAD twins: a HEAD must not push an authorisation request or use up a login state.
  server.get('/auth/login', { exposeHeadRoute: false }, async (_request, reply) => {
    const pending: LoginState = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce() };
    let url: URL;
    try {
      url = await client.buildAuthorizationUrlWithPAR(await configuration(), {
        redirect_uri: settings.redirectUri(), scope: SCOPE, state: pending.state, nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier), code_challenge_method: 'S256',
      });
    } catch (error) {
      log.error({ error: (error as Error).name, code: (error as { code?: string }).code, reason: (error as Error).message }, 'operator sign-in: the consent server refused or cannot be reached');
      return sendHtml(reply, messagePage('Sign-in unavailable', 'The sign-in service cannot be reached. Try again in a moment.', { href: '/auth/login', text: 'Try again' }), 503);
    }
    const key = randomToken();
    await settings.cache.set(loginKey(key), JSON.stringify(pending), LOGIN_TTL_MS);
    return reply.status(302).headers({
      location: url.href, 'cache-control': 'no-store', 'set-cookie': cookie(settings, LOGIN_COOKIE, key, '/auth', LOGIN_TTL_MS),
    }).send();
  });

  server.get('/auth/callback', { exposeHeadRoute: false }, async (request, reply) => {
    // The login state is used once, whatever the outcome: a replayed callback finds nothing.
    reply.header('set-cookie', clearCookie(settings, LOGIN_COOKIE, '/auth')).header('cache-control', 'no-store');
    const key = cookieOf(request, LOGIN_COOKIE);
    const stored = key ? await settings.cache.get(loginKey(key)) : undefined;
    // Of concurrent callbacks with one login state only the one whose delete removed it goes on (Cache.delete).
    const won = key !== undefined && stored !== undefined && (await settings.cache.delete(loginKey(key)));
    if (!won) return refuse(reply, 400, 'This sign-in expired or was started in another browser.');
    const pending = JSON.parse(stored) as LoginState;
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(await configuration(), currentUrl(settings, request), {
        pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      // The error's name and code only: its message may quote the response.
      log.warn({ error: (error as Error).name, code: (error as { code?: string }).code, oauthError: (error as { error?: string }).error }, 'operator sign-in refused at the callback');
      return refuse(reply, 400, 'The sign-in could not be completed.');
    }
    const operator = operatorOf(claims);
    if (!operator) {
      log.warn('operator sign-in refused: the ID token names no operator with a tenant role');
      return refuse(reply, 403, 'This account has no role in the back office.');
    }
    // A fresh id at every sign-in (no session fixation); the session the browser held before ends.
    const previous = cookieOf(request, SESSION_COOKIE);
    if (previous) await settings.cache.delete(sessionKey(previous));
    const id = randomToken();
    const session: StoredSession = { ...operator, csrf: randomToken(), createdAt: Date.now() };
    await settings.cache.set(sessionKey(id), JSON.stringify(session), SESSION_TTL_MS);
    log.info({ operator: operator.username, tenants: Object.keys(operator.roles) }, 'operator signed in');
    return reply.status(302).headers({
      location: '/transfers',
      // Appended to the login cookie's removal above.
      'set-cookie': cookie(settings, SESSION_COOKIE, id, '/', SESSION_TTL_MS),
    }).send();
  });

  server.post('/auth/logout', async (request, reply) => {
    const identity = await sessions.authenticate(request);
    if (identity && !csrfHeld(request, identity)) {
      return reply.status(403).headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
        .send(JSON.stringify({ error: { code: 'FORBIDDEN', message: `signing out needs the session's csrf token in X-Lango-CSRF` } }));
    }
    const id = cookieOf(request, SESSION_COOKIE);
    if (id) await settings.cache.delete(sessionKey(id));
    if (identity) log.info({ operator: identity.username }, 'operator signed out');
    return reply.status(303).headers({ location: '/', 'cache-control': 'no-store', 'set-cookie': clearCookie(settings, SESSION_COOKIE, '/') }).send();
  });
}
