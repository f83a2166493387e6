// SPDX-License-Identifier: Apache-2.0
// Back-office operators: they sign in through the authorisation server with the operations client (issue 7),
// with a role per tenant. Their subject is `operator:<username>`, never a PSU's `<tenantId>:<username>`.

export const OPERATOR_ROLES = ['viewer', 'operator', 'supervisor'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];
/** Tenant id → the operator's role there (`lango_roles` in the ID token and at introspection). */
export type TenantRoles = Record<string, OperatorRole>;

/** Prefix of an operator's subject; no tenant is called `operator`. */
export const OPERATOR_SUBJECT_PREFIX = 'operator:';
export const operatorSubject = (username: string) => `${OPERATOR_SUBJECT_PREFIX}${username}`;
export const operatorUsernameOf = (subject: string): string | undefined =>
  subject.startsWith(OPERATOR_SUBJECT_PREFIX) ? subject.slice(OPERATOR_SUBJECT_PREFIX.length) : undefined;

export interface Operator {
  username: string;
  roles: TenantRoles;
  /** Epoch ms. */
  createdAt: number;
}

export interface NewOperator {
  username: string;
  password: string;
  roles: TenantRoles;
}

/** The operators (port; SQL adapter in adapters/sql, table `operators`, migration context `operators`). */
export interface OperatorDirectory {
  /** Adds the operator (password stored as a hash only); false when the username exists, which is left as it is. */
  add(operator: NewOperator): Promise<boolean>;
  find(username: string): Promise<Operator | undefined>;
  /** The operator when username and password match; undefined otherwise, without saying which was wrong. */
  verifyLogin(username: string, password: string): Promise<Operator | undefined>;
}

export function isTenantRoles(value: unknown): value is TenantRoles {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && Object.values(value).every((role) => (OPERATOR_ROLES as readonly unknown[]).includes(role));
}
