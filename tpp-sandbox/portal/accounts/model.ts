// SPDX-License-Identifier: Apache-2.0
// The developer portal's accounts and teams: a developer signs up with an e-mail address, belongs to organisations
// (teams) as owner or developer, and is invited to others. Times are epoch milliseconds.

export type DeveloperId = string & { readonly __brand: 'DeveloperId' };
export type OrganisationId = string & { readonly __brand: 'OrganisationId' };

export const MEMBER_ROLES = ['owner', 'developer'] as const;
/** `owner`: invites and removes members; `developer`: uses the organisation's applications. */
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface Developer {
  id: DeveloperId;
  /** Normalised: trimmed, lower case. */
  email: string;
  name: string;
  /** When the address was confirmed; undefined until then (the developer cannot sign in). */
  verifiedAt: number | undefined;
  createdAt: number;
}

export interface Organisation {
  id: OrganisationId;
  name: string;
  createdAt: number;
}

export interface Membership {
  organisationId: OrganisationId;
  developerId: DeveloperId;
  role: MemberRole;
  joinedAt: number;
}

/** A row of an organisation's member list. */
export interface Member {
  developerId: DeveloperId;
  email: string;
  name: string;
  role: MemberRole;
  joinedAt: number;
}

/** A row of a developer's organisation list. */
export interface OrganisationOfDeveloper {
  organisation: Organisation;
  role: MemberRole;
  joinedAt: number;
}

export type TokenPurpose = 'verify-email' | 'invitation';

/** A single-use link's token as stored: the secret itself never is, only its SHA-256. */
export interface StoredToken {
  /** Public id (the e-mail's reference); not the secret. */
  id: string;
  /** SHA-256 of the secret, hex. */
  hash: string;
  purpose: TokenPurpose;
  /** The address it was sent to. */
  email: string;
  /** verify-email: whose address; invitation: who invited. */
  developerId: DeveloperId;
  /** invitation only. */
  organisationId: OrganisationId | undefined;
  /** invitation only. */
  role: MemberRole | undefined;
  createdAt: number;
  expiresAt: number;
  usedAt: number | undefined;
}

/** Why a token could not be redeemed; `redeemed` happens once per token, even under concurrency. */
export type Redemption =
  | { outcome: 'redeemed'; token: StoredToken }
  | { outcome: 'unknown' | 'used' | 'expired' };

export interface NewAccount {
  developer: Developer;
  passwordHash: string;
  organisation: Organisation;
  verification: StoredToken;
}

/** The accounts' storage (port; SQL adapter in adapters/sql, migration context `portal_accounts`). */
export interface PortalAccountStore {
  /** Developer, organisation, owner membership and verification token in one transaction; false when the e-mail is taken (nothing written). */
  createAccount(account: NewAccount): Promise<boolean>;
  developer(id: DeveloperId): Promise<Developer | undefined>;
  /** The developer with that normalised e-mail and their password hash. */
  credentials(email: string): Promise<{ developer: Developer; passwordHash: string } | undefined>;
  organisation(id: OrganisationId): Promise<Organisation | undefined>;
  membership(organisationId: OrganisationId, developerId: DeveloperId): Promise<Membership | undefined>;
  /** Ordered by joining time, then e-mail. */
  members(organisationId: OrganisationId): Promise<Member[]>;
  /** Ordered by joining time, then organisation name. */
  organisationsOf(developerId: DeveloperId): Promise<OrganisationOfDeveloper[]>;
  addToken(token: StoredToken): Promise<void>;
  /** The token with that hash, used or not, expired or not. */
  token(hash: string): Promise<StoredToken | undefined>;
  /** Marks an unused, unexpired verify-email token used and its developer verified, in one transaction. */
  redeemVerification(hash: string, now: number): Promise<Redemption>;
  /** Marks an unused, unexpired invitation used and adds the membership, in one transaction; `member` when already one (nothing changed). */
  redeemInvitation(hash: string, developerId: DeveloperId, now: number): Promise<Redemption | { outcome: 'member' }>;
  /** Removes the membership unless it is the organisation's last owner, atomically (two owners removing each other leave one). */
  removeMember(organisationId: OrganisationId, developerId: DeveloperId): Promise<'removed' | 'not-member' | 'last-owner'>;
}

/**
 * Where the portal's e-mails go: the shape of hub's `Notifier`, so the sandbox notification outbox plugs in as it is.
 * A repeat of template, recipient and reference is a no-op there, so the reference is the token's id.
 */
export interface PortalMailer {
  send(message: PortalMail): Promise<void>;
}

export type PortalMailTemplate = 'portal-verify-email' | 'portal-invitation';

export interface PortalMail {
  tenantId: string;
  channel: 'EMAIL';
  recipient: string;
  template: PortalMailTemplate;
  text: string;
  reference: string;
}
