// SPDX-License-Identifier: Apache-2.0
// The aggregator's server-side sessions: in memory (a demo; a real fintech keeps them in its database), found by
// a random HttpOnly SameSite=Lax cookie, each with the CSRF token its forms must carry, the banks the user
// connected, the authorisations under way at a bank and the payments made.
import { randomBytes } from 'node:crypto';
import { sameSecret } from '../../../platform/crypto/index.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BankConnection, PaymentProduct, PendingAuthorisation } from './aggregator-client.js';

/** Why the browser is at the bank: to authorise a consent, or a payment. */
export type AuthorisationPurpose =
  | { kind: 'consent'; bank: string; consentId: string }
  | { kind: 'payment'; bank: string; product: PaymentProduct; paymentId: string };

export interface PaymentRecord {
  paymentId: string;
  product: PaymentProduct;
  bank: string;
  debtorAccount: string;
  creditor: string;
  creditorName: string;
  amount: string;
  currency: string;
}

export interface Session {
  id: string;
  csrf: string;
  /** The aggregator's own user once signed in (not a bank user). */
  user: string | undefined;
  /** Connected banks by tenant id. */
  connections: Map<string, BankConnection>;
  /** Authorisations under way, by OAuth `state`. */
  pending: Map<string, PendingAuthorisation & { purpose: AuthorisationPurpose }>;
  payments: Map<string, PaymentRecord>;
  /** A one-time notice for the next page (Post/Redirect/Get). */
  flash: string | undefined;
  lastSeen: number;
}

export const SESSION_COOKIE = 'aggregator_session';
/** A session unused this long is forgotten (ms). */
const IDLE_MS = 30 * 60_000;
/** At most this many sessions are kept; the least recently used goes first (a demo on a shared sandbox). */
const MAX_SESSIONS = 1000;

const token = () => randomBytes(24).toString('base64url');

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** Equal CSRF tokens, compared in constant time. */
export function sameToken(expected: string, given: unknown): boolean {
  return sameSecret(expected, given);
}

/** The sessions of one aggregator: `current` finds the request's, `start` opens a new one and sets its cookie. */
export function sessionStore(cookiePath: string) {
  const sessions = new Map<string, Session>();

  const forgetIdle = (now: number) => {
    for (const [id, session] of sessions) if (now - session.lastSeen > IDLE_MS) sessions.delete(id);
  };

  return {
    /** The request's live session, or undefined. */
    current(request: FastifyRequest): Session | undefined {
      const id = cookieOf(request, SESSION_COOKIE);
      const session = id ? sessions.get(id) : undefined;
      const now = Date.now();
      if (!session || now - session.lastSeen > IDLE_MS) return undefined;
      // Map order is insertion order: re-inserting keeps the least recently used first.
      sessions.delete(session.id);
      session.lastSeen = now;
      sessions.set(session.id, session);
      return session;
    },
    /** A new session with a fresh id and CSRF token (sign-in starts one, so an id set before it is worthless). */
    start(request: FastifyRequest, reply: FastifyReply, previous?: Session): Session {
      if (previous) sessions.delete(previous.id);
      const now = Date.now();
      forgetIdle(now);
      while (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
      const session: Session = { id: token(), csrf: token(), user: undefined, connections: new Map(), pending: new Map(), payments: new Map(), flash: undefined, lastSeen: now };
      sessions.set(session.id, session);
      const secure = request.protocol === 'https' ? '; Secure' : '';
      reply.header('set-cookie', `${SESSION_COOKIE}=${session.id}; Path=${cookiePath}; HttpOnly; SameSite=Lax${secure}`);
      return session;
    },
    /** Forgets the session and clears its cookie. */
    end(reply: FastifyReply, session: Session): void {
      sessions.delete(session.id);
      reply.header('set-cookie', `${SESSION_COOKIE}=; Path=${cookiePath}; Max-Age=0; HttpOnly; SameSite=Lax`);
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
