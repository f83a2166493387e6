// SPDX-License-Identifier: Apache-2.0
// Who is calling the operations listener. Operators sign in through the consent server's operations client;
// their roles are per tenant (the ID token's and introspection's `lango_roles`). Redeclared here because hub may
// not import consent.
import type { FastifyRequest } from 'fastify';

export const OPERATOR_ROLES = ['viewer', 'operator', 'supervisor'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];
/** Tenant id → the operator's role there. */
export type OperatorRoles = Record<string, OperatorRole>;

export interface OperatorIdentity {
  /** The operator's username (the subject without its `operator:` prefix). */
  username: string;
  roles: OperatorRoles;
  /** A UI session (cookie) or an access token (Authorization: Bearer). */
  via: 'session' | 'token';
  /** For a session: the value a changing call must send in `X-Lango-CSRF`. */
  csrf?: string;
}

export interface OperatorAuthenticator {
  /** The operator making the request, or undefined when it carries no valid session or token. */
  authenticate(request: FastifyRequest): Promise<OperatorIdentity | undefined>;
}

/** The username of an operator's subject (`operator:<username>`, as the consent server names them), else undefined. */
export function operatorUsernameOf(subject: unknown): string | undefined {
  return typeof subject === 'string' ? /^operator:(.+)$/.exec(subject)?.[1] : undefined;
}

/** Keeps only well-formed tenant roles from a claim (anything else grants nothing). */
export function operatorRolesOf(claim: unknown): OperatorRoles {
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) return {};
  return Object.fromEntries(Object.entries(claim).filter((entry): entry is [string, OperatorRole] => (OPERATOR_ROLES as readonly unknown[]).includes(entry[1])));
}

const RANK: Record<OperatorRole, number> = { viewer: 1, operator: 2, supervisor: 3 };

/** True when the operator holds at least `role` on `tenantId`. */
export function hasRole(identity: Pick<OperatorIdentity, 'roles'>, tenantId: string, role: OperatorRole): boolean {
  const held = identity.roles[tenantId];
  return held !== undefined && RANK[held] >= RANK[role];
}

/** The tenants where the operator holds at least `role`. */
export function tenantsWith(identity: Pick<OperatorIdentity, 'roles'>, role: OperatorRole = 'viewer'): string[] {
  return Object.keys(identity.roles).filter((tenantId) => hasRole(identity, tenantId, role));
}

/** Tries each authenticator in turn. */
export function firstOf(...authenticators: OperatorAuthenticator[]): OperatorAuthenticator {
  return {
    async authenticate(request) {
      for (const authenticator of authenticators) {
        const identity = await authenticator.authenticate(request);
        if (identity) return identity;
      }
      return undefined;
    },
  };
}
