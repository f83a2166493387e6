// SPDX-License-Identifier: Apache-2.0
// What a client may ask for. A TPP's roles come from its software statement (PSD2 Art. 66/67/65 and the
// Mojaloop PISP role); a first-party client (a DFSP's own channel app, a resource server) is marked by Lango.

export const TPP_ROLES = ['AIS', 'PIS', 'PIIS', 'PISP'] as const;
export type TppRole = (typeof TPP_ROLES)[number];

/** RFC 9396 authorization_details types this server understands. */
export const AUTHORIZATION_DETAILS_TYPES = ['account_information', 'payment_initiation', 'funds_confirmation'] as const;
export type AuthorizationDetailsType = (typeof AUTHORIZATION_DETAILS_TYPES)[number];

/** Per role: the scopes on Lango's API and the authorization_details types it may request. */
export const ROLE_GRANTS = {
  AIS: { scopes: ['accounts'], types: ['account_information'] },
  PIS: { scopes: ['payments'], types: ['payment_initiation'] },
  PIIS: { scopes: ['fundsconfirmations'], types: ['funds_confirmation'] },
  PISP: { scopes: ['payments'], types: ['payment_initiation'] },
} as const satisfies Record<TppRole, { scopes: readonly string[]; types: readonly AuthorizationDetailsType[] }>;

/** Scopes of first-party clients: the channel API for DFSP apps (client_credentials). */
export const FIRST_PARTY_SCOPES = ['channel'] as const;

/** The scope of the operations client (issue 7): the operator's tenant roles (`lango_roles`) and the operations API. */
export const OPERATIONS_SCOPE = 'operations';

/**
 * FAPI Grant Management for OAuth 2.0 §6: the scopes of a token that queries or revokes the client's own grants
 * (`GET` / `DELETE /oauth/grants/{grant_id}`); every TPP may ask for them, usually with client_credentials.
 */
export const GRANT_MANAGEMENT_SCOPES = { query: 'grant_management_query', revoke: 'grant_management_revoke' } as const;

/** Every scope of the Lango API resource server. */
export const API_SCOPES = [...new Set([
  ...Object.values(ROLE_GRANTS).flatMap((grant) => grant.scopes), ...FIRST_PARTY_SCOPES, OPERATIONS_SCOPE, ...Object.values(GRANT_MANAGEMENT_SCOPES),
])];

/**
 * Client metadata Lango adds to RFC 7591's: the software statement and what it asserts (RFC 7591 §2.3), and
 * `lango_first_party` for the DFSP's own clients, which are outside the FAPI profile for third parties, and
 * `lango_operations_client` for the first-party client through which back-office operators sign in.
 */
export const EXTRA_CLIENT_METADATA = ['software_id', 'software_statement', 'software_roles', 'org_id', 'org_name', 'lango_first_party', 'lango_operations_client'] as const;

/** A client as oidc-provider hands it to configuration hooks (extra metadata keeps its snake_case or is camelCased). */
export interface ClientLike {
  clientId: string;
  [property: string]: unknown;
}

function property(client: ClientLike | undefined, snake: string): unknown {
  if (!client) return undefined;
  const camel = snake.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return client[camel] ?? client[snake];
}

export function rolesOf(client: ClientLike | undefined): TppRole[] {
  const roles = property(client, 'software_roles');
  return Array.isArray(roles) ? roles.filter((role): role is TppRole => (TPP_ROLES as readonly string[]).includes(role)) : [];
}

export function isFirstParty(client: ClientLike | undefined): boolean {
  return property(client, 'lango_first_party') === true;
}

/** The operations client: its authorisations sign in an operator (no bank, no consent page). */
export function isOperationsClient(client: ClientLike | undefined): boolean {
  return isFirstParty(client) && property(client, 'lango_operations_client') === true;
}

/** Scopes of the Lango API the client may be granted. */
export function scopesAllowed(client: ClientLike | undefined): Set<string> {
  if (isOperationsClient(client)) return new Set([OPERATIONS_SCOPE]);
  if (isFirstParty(client)) return new Set(FIRST_PARTY_SCOPES);
  const roles = rolesOf(client);
  const scopes = roles.flatMap((role) => ROLE_GRANTS[role].scopes);
  return new Set(roles.length ? [...scopes, ...Object.values(GRANT_MANAGEMENT_SCOPES)] : scopes);
}

/** authorization_details types the client may request. */
export function typesAllowed(roles: readonly TppRole[]): AuthorizationDetailsType[] {
  return [...new Set(roles.flatMap((role) => ROLE_GRANTS[role].types))];
}

/** The organisation the client was registered for (its software statement's `org_id`), if any. */
export function organisationOf(client: ClientLike | undefined): string | undefined {
  const id = property(client, 'org_id');
  return typeof id === 'string' && id ? id : undefined;
}

/** The organisation name or client name to show a PSU. */
export function displayNameOf(client: ClientLike | undefined): string {
  const name = property(client, 'client_name') ?? property(client, 'org_name');
  return typeof name === 'string' && name ? name : client?.clientId ?? '';
}
