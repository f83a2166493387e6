// SPDX-License-Identifier: Apache-2.0
// The wallet back-end's sessions: in memory (a demo app of one process), keyed by a random id in an HttpOnly
// SameSite=Lax cookie, each with its own CSRF token for the POST forms. Signing in issues a new id (no fixation).
import { randomBytes } from 'node:crypto';
import { sameSecret } from '../../../platform/crypto/index.js';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const WALLET_COOKIE = 'lango_wallet';
/** Idle lifetime of a session, in ms; each request extends it. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** Sessions kept at most; past it the oldest go first (memory is the demo's only store). */
const MAX_SESSIONS = 10_000;

export interface WalletSession {
  id: string;
  /** Sent back in every POST form; compared in constant time. */
  csrf: string;
  /** Set once signed in: the customer's MSISDN and name. */
  msisdn?: string;
  owner?: string;
  expiresAt: number;
}

const token = () => randomBytes(32).toString('base64url');

/** Sessions of one wallet back-end. */
export class WalletSessions {
  readonly #sessions = new Map<string, WalletSession>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The live session of a request's cookie, extended; undefined when there is none or it expired. */
  of(request: FastifyRequest): WalletSession | undefined {
    const id = cookieOf(request, WALLET_COOKIE);
    const session = id === undefined ? undefined : this.#sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.#sessions.delete(session.id);
      return undefined;
    }
    session.expiresAt = this.now() + SESSION_IDLE_MS;
    return session;
  }

  /** The request's session, or a new anonymous one whose cookie is set on the reply (the sign-in form needs a CSRF token). */
  ensure(request: FastifyRequest, reply: FastifyReply): WalletSession {
    return this.of(request) ?? this.#issue(request, reply, {});
  }

  /** Replaces the session by a signed-in one with a fresh id and CSRF token. */
  signIn(request: FastifyRequest, reply: FastifyReply, previous: WalletSession, who: { msisdn: string; owner: string }): WalletSession {
    this.#sessions.delete(previous.id);
    return this.#issue(request, reply, who);
  }

  /** Ends the session and clears its cookie. */
  signOut(request: FastifyRequest, reply: FastifyReply, session: WalletSession): void {
    this.#sessions.delete(session.id);
    setCookie(request, reply, '', 0);
  }

  #issue(request: FastifyRequest, reply: FastifyReply, who: { msisdn?: string; owner?: string }): WalletSession {
    this.#prune();
    const session: WalletSession = { id: token(), csrf: token(), ...who, expiresAt: this.now() + SESSION_IDLE_MS };
    this.#sessions.set(session.id, session);
    setCookie(request, reply, session.id, SESSION_IDLE_MS / 1000);
    return session;
  }

  #prune(): void {
    const now = this.now();
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
    // Map iteration is insertion order: the first keys are the oldest sessions.
    for (const id of this.#sessions.keys()) {
      if (this.#sessions.size < MAX_SESSIONS) break;
      this.#sessions.delete(id);
    }
  }
}

/** Whether a submitted CSRF token is the session's. */
export function csrfMatches(session: WalletSession, submitted: string | undefined): boolean {
  return sameSecret(session.csrf, submitted);
}

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The session cookie: HttpOnly, SameSite=Lax, scoped to the wallet's path, Secure behind TLS. */
function setCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${WALLET_COOKIE}=${value}; Path=/demo/wallet/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`);
}
