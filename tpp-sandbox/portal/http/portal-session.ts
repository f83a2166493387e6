// SPDX-License-Identifier: Apache-2.0
// Developer sessions of the portal: a random id in an HttpOnly SameSite=Lax cookie, the session in the Cache
// port under the id's hash (a leaked cache does not hand out cookies), a CSRF token every change must carry.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Cache } from '../../../platform/cache/index.js';
import { sameSecret } from '../../../platform/crypto/index.js';

export const SESSION_COOKIE = 'lango_portal';
const SESSION_TTL_MS = 8 * 3_600_000;

export interface PortalSession {
  developerId: string;
  email: string;
  name: string;
  /** The team the developer works in now (one of their organisations). */
  teamId: string | undefined;
  /** Synchronizer token of forms and the API's X-CSRF-Token header. */
  csrf: string;
}

const keyOf = (id: string) => `portal:session:${createHash('sha256').update(id).digest('base64url')}`;

function cookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

export class PortalSessions {
  constructor(private readonly cache: Cache) {}

  /** The request's session, or undefined. */
  async of(request: FastifyRequest): Promise<PortalSession | undefined> {
    const id = cookieOf(request);
    if (!id) return undefined;
    const stored = await this.cache.get(keyOf(id));
    return stored ? (JSON.parse(stored) as PortalSession) : undefined;
  }

  /** Starts a session and sets its cookie (a fresh id at every sign-in: no session fixation). */
  async start(request: FastifyRequest, reply: FastifyReply, session: Omit<PortalSession, 'csrf'>): Promise<PortalSession> {
    const id = randomBytes(32).toString('base64url');
    const started = { ...session, csrf: randomBytes(24).toString('base64url') };
    await this.cache.set(keyOf(id), JSON.stringify(started), SESSION_TTL_MS);
    const secure = request.protocol === 'https' ? '; Secure' : '';
    reply.header('set-cookie', `${SESSION_COOKIE}=${id}; Path=/portal; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${secure}`);
    return started;
  }

  /** Writes a changed session (the team switched). */
  async update(request: FastifyRequest, session: PortalSession): Promise<void> {
    const id = cookieOf(request);
    if (id) await this.cache.set(keyOf(id), JSON.stringify(session), SESSION_TTL_MS);
  }

  /** Ends the session and clears its cookie. */
  async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const id = cookieOf(request);
    if (id) await this.cache.delete(keyOf(id));
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/portal; HttpOnly; SameSite=Lax; Max-Age=0`);
  }
}

/** True when `presented` is the session's CSRF token. */
export function csrfMatches(session: PortalSession, presented: unknown): boolean {
  return typeof presented === 'string' && sameSecret(presented, session.csrf);
}
