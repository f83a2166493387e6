// SPDX-License-Identifier: Apache-2.0
// What every portal route needs: the services, the signed-in developer and their team, and how a refusal
// reaches the developer (a message on the page, or RFC 9457 problem details with its `reason` in the API).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Consent } from '../../../consent/index.js';
import { ForbiddenError, LangoError, UnauthenticatedError } from '../../../platform/errors/index.js';
import type { ListenerUrls } from '../../manifest.js';
import type { DeveloperId, OrganisationId, PortalAccounts } from '../accounts/index.js';
import type { PortalApplications, Team } from '../applications/index.js';
import { csrfMatches, type PortalSession, type PortalSessions } from './portal-session.js';
import type { Cache } from '../../../platform/cache/index.js';
import type { FormFields } from '../../../platform/http/index.js';
import type { Delivery } from '../../../gateway/index.js';
import type { ApiActivity } from '../activity/index.js';
import type { ReadinessReport, ReadinessTarget } from '../readiness/index.js';
import type { TeamSandbox } from '../team-sandbox/index.js';

/** Optional parts: each shows on the pages when the process has it. */
export interface PortalExtras {
  /** API calls per application, from the gateway's audit records. */
  activity?: ApiActivity | undefined;
  /** The gateway's TPP notification deliveries of one client, newest first (when the gateway runs here). */
  deliveries?: ((clientId: string, limit: number) => Promise<Delivery[]>) | undefined;
}

export interface PortalDeps extends PortalExtras {
  accounts: PortalAccounts;
  applications: PortalApplications;
  sessions: PortalSessions;
  cache: Cache;
  /** The sandbox banks (tenant id and name). */
  banks: () => Promise<{ tenantId: string; name: string }[]>;
  /** The newest consents of the given clients. */
  consents: (clientIds: readonly string[], limit: number) => Promise<Consent[]>;
  /** Listener URLs, known once every listener is bound. */
  urls: () => ListenerUrls;
  /** The sandbox CA's PEM (starter kit, readiness checks); undefined without the TLS listener. */
  caPem: () => string | undefined;
  /** The gateway's per-TPP limit, shown on the application page. */
  rateLimitPerMinute: number;
  /** The teams' own test PSUs and their reset. */
  teamSandbox: TeamSandbox;
  /** Ends a consent as its TPP would (the team's reset ends its applications' consents). */
  terminateConsent: (consentId: string, clientId: string) => Promise<void>;
  /** Runs the readiness checks against a client (portal/readiness). */
  readiness: (target: ReadinessTarget) => Promise<ReadinessReport>;
  /** The published sandbox PSUs the readiness robot may sign in as, by bank. */
  robotPsu: (tenantId: string) => { username: string; password: string; otp: string } | undefined;
}

/** A parsed form (platform/http acceptUrlEncodedForms). */
export type Form = FormFields;

/** A form field as text (the first when repeated; empty when absent). */
export function text(form: unknown, name: string): string {
  const value = (form as Form | undefined)?.[name];
  return String((Array.isArray(value) ? value[0] : value) ?? '');
}

/** A repeated form field (checkboxes) as a list. */
export function list(form: unknown, name: string): string[] {
  const value = (form as Form | undefined)?.[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A signed-in developer and the team they are working in. */
export interface Signed {
  session: PortalSession;
  developerId: DeveloperId;
  teams: { id: string; name: string; role: string }[];
  team: Team & { role: string };
}

/** A refusal a page shows: the domain's message and reason. */
export interface ShownError {
  message: string;
  reason?: string | undefined;
  status: number;
}

/** The refusal to show, when `error` is one the developer may see; rethrows anything else. */
export function shown(error: unknown): ShownError {
  if (error instanceof LangoError && error.expose) {
    const reason = error.details?.reason;
    return { message: error.message, reason: typeof reason === 'string' ? reason : undefined, status: error.status };
  }
  throw error;
}

export async function signedIn(deps: PortalDeps, request: FastifyRequest): Promise<Signed | undefined> {
  const session = await deps.sessions.of(request);
  if (!session) return undefined;
  // Memberships are read at every call, so a removed member loses access at once.
  const organisations = await deps.accounts.organisationsOf(session.developerId as DeveloperId);
  const teams = organisations.map((entry) => ({ id: entry.organisation.id as string, name: entry.organisation.name, role: entry.role as string }));
  const team = teams.find((candidate) => candidate.id === session.teamId) ?? teams[0];
  if (!team) return undefined;
  return { session, developerId: session.developerId as DeveloperId, teams, team };
}

/** The signed-in developer for the API; UNAUTHENTICATED without a session, FORBIDDEN for a change without the CSRF header. */
export async function apiCaller(deps: PortalDeps, request: FastifyRequest): Promise<Signed> {
  const signed = await signedIn(deps, request);
  if (!signed) throw new UnauthenticatedError('sign in first: POST /portal/api/v1/session');
  if (request.method !== 'GET' && !csrfMatches(signed.session, request.headers['x-csrf-token'])) {
    throw new ForbiddenError('send the session\'s csrfToken in the X-CSRF-Token header');
  }
  return signed;
}

/** For pages: the signed-in developer, or a redirect to sign in (then undefined). */
export async function pageCaller(deps: PortalDeps, request: FastifyRequest, reply: FastifyReply): Promise<Signed | undefined> {
  const signed = await signedIn(deps, request);
  if (!signed) {
    await reply.redirect(`/portal/signin?next=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  }
  return signed;
}

/** For form posts: the signed-in developer whose form carries the session's CSRF token. */
export async function formCaller(deps: PortalDeps, request: FastifyRequest, reply: FastifyReply): Promise<Signed | undefined> {
  const signed = await pageCaller(deps, request, reply);
  if (!signed) return undefined;
  if (!csrfMatches(signed.session, (request.body as Record<string, unknown> | undefined)?.csrf)) throw new ForbiddenError('the form has expired; go back, reload the page and try again');
  return signed;
}

export type { OrganisationId };
