// SPDX-License-Identifier: Apache-2.0
// The developer portal's accounts and teams (issue 8): sign-up with e-mail verification, sign-in, and organisations
// whose owners invite and remove members. No framework here: the portal's HTTP adapter calls these and renders the
// errors of ./errors.ts. Rules and choices (account enumeration, token storage): README.md beside this file.
import { randomUUID } from 'node:crypto';
import { hashSecret, verifySecret } from '../../../platform/crypto/index.js';
import {
  AlreadyMemberError, EmailInvalidError, EmailNotVerifiedError, EmailTakenError, InvitationForAnotherEmailError, LastOwnerError, MemberUnknownError,
  NotAnOwnerError, OrganisationUnknownError, SignInFailedError, TokenExpiredError, TokenInvalidError, TokenUsedError,
} from './errors.js';
import type {
  Developer, DeveloperId, Member, MemberRole, Membership, OrganisationId, OrganisationOfDeveloper, PortalAccountStore, PortalMailer,
  Redemption, StoredToken,
} from './model.js';
import { checkName, checkPassword, checkRole, hashLinkToken, newLinkToken, normaliseEmail } from './rules.js';

const HOUR_MS = 3_600_000;

export interface PortalAccountsOptions {
  store: PortalAccountStore;
  mailer: PortalMailer;
  /** The portal's public base URL (`https://sandbox.example.com/portal`); links are `<base>/verify-email?token=…` and `<base>/invitations/accept?token=…`. */
  portalUrl: string | (() => string);
  /** Tenant the e-mails are filed under in the notification outbox; default `portal`. */
  tenantId?: string;
  /** Epoch ms; default Date.now. */
  now?: () => number;
  /** Lifetime of a verification link in ms; default 24 h. */
  verificationTtlMs?: number;
  /** Lifetime of an invitation link in ms; default 7 days (a teammate may be away for a few days). */
  invitationTtlMs?: number;
}

/** The link paths under `portalUrl` that the portal's pages serve. */
export const PORTAL_LINK_PATHS = { 'verify-email': '/verify-email', invitation: '/invitations/accept' } as const;

export interface SignUp {
  email: string;
  password: string;
  name: string;
  organisationName: string;
}

/** Compared against when the address is unknown, so an unknown address and a wrong password take as long. */
let dummyHash: Promise<string> | undefined;

export class PortalAccounts {
  readonly #store: PortalAccountStore;
  readonly #mailer: PortalMailer;
  readonly #portalUrl: () => string;
  readonly #tenantId: string;
  readonly #now: () => number;
  readonly #ttl: Record<StoredToken['purpose'], number>;

  constructor(options: PortalAccountsOptions) {
    this.#store = options.store;
    this.#mailer = options.mailer;
    // A function when the URL is known only once the public listener is bound (port 0 in tests).
    const portalUrl = options.portalUrl;
    const base = typeof portalUrl === 'string' ? () => portalUrl : portalUrl;
    this.#portalUrl = () => new URL(base()).toString().replace(/\/+$/, '');
    this.#tenantId = options.tenantId ?? 'portal';
    this.#now = options.now ?? Date.now;
    this.#ttl = { 'verify-email': options.verificationTtlMs ?? 24 * HOUR_MS, invitation: options.invitationTtlMs ?? 7 * 24 * HOUR_MS };
  }

  /** Creates an unverified developer owning a new organisation, and e-mails the verification link. EMAIL_INVALID, PASSWORD_WEAK, FIELD_INVALID, EMAIL_TAKEN. */
  async signUp(input: SignUp): Promise<{ developer: Developer; organisationId: OrganisationId }> {
    const email = normaliseEmail(input.email);
    const password = checkPassword(input.password, email);
    const name = checkName(input.name, 'name');
    const organisationName = checkName(input.organisationName, 'organisationName');
    const now = this.#now();
    const developer: Developer = { id: randomUUID() as DeveloperId, email, name, verifiedAt: undefined, createdAt: now };
    const organisation = { id: randomUUID() as OrganisationId, name: organisationName, createdAt: now };
    const { secret, token } = this.#newToken('verify-email', email, developer.id, now);
    const created = await this.#store.createAccount({ developer, passwordHash: await hashSecret(password), organisation, verification: token });
    if (!created) throw new EmailTakenError();
    await this.#sendVerification(developer, token, secret);
    return { developer, organisationId: organisation.id };
  }

  /** Confirms the address of the link's developer. TOKEN_INVALID, TOKEN_USED, TOKEN_EXPIRED (offer resendVerification). */
  async verifyEmail(token: string): Promise<Developer> {
    const redeemed = assertRedeemed(await this.#store.redeemVerification(hashLinkToken(String(token)), this.#now()));
    const developer = await this.#store.developer(redeemed.developerId);
    if (!developer) throw new TokenInvalidError();
    return developer;
  }

  /**
   * E-mails a new verification link when the address has an unverified account; otherwise does nothing, and says
   * nothing either way (the page always answers "if there is an account, a link is on its way"). EMAIL_INVALID.
   * Earlier links stay valid until they expire.
   */
  async resendVerification(email: string): Promise<void> {
    const found = await this.#store.credentials(normaliseEmail(email));
    if (!found || found.developer.verifiedAt !== undefined) return;
    const { secret, token } = this.#newToken('verify-email', found.developer.email, found.developer.id, this.#now());
    await this.#store.addToken(token);
    await this.#sendVerification(found.developer, token, secret);
  }

  /** The developer when the password matches and the address is verified. SIGN_IN_FAILED (unknown address or wrong password, alike), EMAIL_NOT_VERIFIED. */
  async signIn(email: string, password: string): Promise<Developer> {
    let normalised: string;
    try {
      normalised = normaliseEmail(email);
    } catch (error) {
      if (error instanceof EmailInvalidError) throw new SignInFailedError();
      throw error;
    }
    const found = await this.#store.credentials(normalised);
    dummyHash ??= hashSecret('not a portal password');
    const matches = await verifySecret(String(password), found?.passwordHash ?? (await dummyHash));
    if (!found || !matches) throw new SignInFailedError();
    // Said only after the password matched, so it tells nothing to someone who does not know it.
    if (found.developer.verifiedAt === undefined) throw new EmailNotVerifiedError();
    return found.developer;
  }

  /** E-mails an invitation link to join as `role`; owners only. ORGANISATION_UNKNOWN, NOT_AN_OWNER, EMAIL_INVALID, FIELD_INVALID, ALREADY_MEMBER. */
  async inviteMember(organisationId: OrganisationId, byDeveloperId: DeveloperId, email: string, role: MemberRole): Promise<{ invitationId: string; expiresAt: number }> {
    await this.#requireOwner(organisationId, byDeveloperId, 'invite members');
    const invitee = normaliseEmail(email);
    const invitedRole = checkRole(role);
    const existing = await this.#store.credentials(invitee);
    if (existing && (await this.#store.membership(organisationId, existing.developer.id))) throw new AlreadyMemberError();
    const [organisation, inviter] = await Promise.all([this.#store.organisation(organisationId), this.#store.developer(byDeveloperId)]);
    const { secret, token } = this.#newToken('invitation', invitee, byDeveloperId, this.#now(), { organisationId, role: invitedRole });
    await this.#store.addToken(token);
    await this.#mailer.send({
      tenantId: this.#tenantId, channel: 'EMAIL', recipient: invitee, template: 'portal-invitation', reference: token.id,
      text: `${inviter?.name ?? 'A developer'} invites you to join ${organisation?.name ?? 'their organisation'} on the developer portal as ${invitedRole}.\n`
        + `Sign in (or sign up) with this address, then open this link within ${duration(this.#ttl.invitation)}:\n${this.#link('invitation', secret)}\n`,
    });
    return { invitationId: token.id, expiresAt: token.expiresAt };
  }

  /**
   * Adds the signed-in (or just signed-up and verified) developer to the invitation's organisation. The developer's
   * address must be the invited one. EMAIL_NOT_VERIFIED, TOKEN_INVALID, TOKEN_USED, TOKEN_EXPIRED, INVITATION_FOR_ANOTHER_EMAIL, ALREADY_MEMBER.
   */
  async acceptInvitation(token: string, developerId: DeveloperId): Promise<Membership> {
    const developer = await this.#store.developer(developerId);
    if (!developer) throw new SignInFailedError();
    // Not an unverified account: someone may have registered the invitee's address in advance with their own password.
    if (developer.verifiedAt === undefined) throw new EmailNotVerifiedError();
    const hash = hashLinkToken(String(token));
    const invitation = await this.#store.token(hash);
    if (invitation?.purpose !== 'invitation' || !invitation.organisationId || !invitation.role) throw new TokenInvalidError();
    if (invitation.email !== developer.email) throw new InvitationForAnotherEmailError();
    const now = this.#now();
    const redemption = await this.#store.redeemInvitation(hash, developerId, now);
    if (redemption.outcome === 'member') throw new AlreadyMemberError();
    assertRedeemed(redemption);
    return { organisationId: invitation.organisationId, developerId, role: invitation.role, joinedAt: now };
  }

  /** The organisation's members; for its members only. ORGANISATION_UNKNOWN. */
  async members(organisationId: OrganisationId, byDeveloperId: DeveloperId): Promise<Member[]> {
    await this.#requireMember(organisationId, byDeveloperId);
    return this.#store.members(organisationId);
  }

  /**
   * Removes a member: an owner removes anyone, a member may remove themselves (leave); the last owner stays.
   * ORGANISATION_UNKNOWN, NOT_AN_OWNER, MEMBER_UNKNOWN, LAST_OWNER.
   */
  async removeMember(organisationId: OrganisationId, byDeveloperId: DeveloperId, developerId: DeveloperId): Promise<void> {
    if (byDeveloperId === developerId) await this.#requireMember(organisationId, byDeveloperId);
    else await this.#requireOwner(organisationId, byDeveloperId, 'remove members');
    const outcome = await this.#store.removeMember(organisationId, developerId);
    if (outcome === 'not-member') throw new MemberUnknownError();
    if (outcome === 'last-owner') throw new LastOwnerError();
  }

  /** The organisations the developer belongs to, with their role in each. */
  async organisationsOf(developerId: DeveloperId): Promise<OrganisationOfDeveloper[]> {
    return this.#store.organisationsOf(developerId);
  }

  /** Not a member and no such organisation are one error, so another team's ids cannot be probed. */
  async #requireMember(organisationId: OrganisationId, developerId: DeveloperId): Promise<Membership> {
    const membership = await this.#store.membership(organisationId, developerId);
    if (!membership) throw new OrganisationUnknownError();
    return membership;
  }

  async #requireOwner(organisationId: OrganisationId, developerId: DeveloperId, action: string): Promise<void> {
    const membership = await this.#requireMember(organisationId, developerId);
    if (membership.role !== 'owner') throw new NotAnOwnerError(action);
  }

  #newToken(purpose: StoredToken['purpose'], email: string, developerId: DeveloperId, now: number, invitation?: { organisationId: OrganisationId; role: MemberRole }) {
    const secret = newLinkToken();
    const token: StoredToken = {
      id: randomUUID(), hash: hashLinkToken(secret), purpose, email, developerId,
      organisationId: invitation?.organisationId, role: invitation?.role, createdAt: now, expiresAt: now + this.#ttl[purpose], usedAt: undefined,
    };
    return { secret, token };
  }

  #link(purpose: StoredToken['purpose'], secret: string): string {
    return `${this.#portalUrl()}${PORTAL_LINK_PATHS[purpose]}?token=${secret}`;
  }

  async #sendVerification(developer: Developer, token: StoredToken, secret: string): Promise<void> {
    await this.#mailer.send({
      tenantId: this.#tenantId, channel: 'EMAIL', recipient: developer.email, template: 'portal-verify-email', reference: token.id,
      text: `Hello ${developer.name},\nconfirm your e-mail address for the developer portal by opening this link within ${duration(this.#ttl['verify-email'])}:\n`
        + `${this.#link('verify-email', secret)}\nIf you did not sign up, ignore this message.\n`,
    });
  }
}

function assertRedeemed(redemption: Redemption): StoredToken {
  switch (redemption.outcome) {
    case 'redeemed': return redemption.token;
    case 'expired': throw new TokenExpiredError();
    case 'used': throw new TokenUsedError();
    case 'unknown': throw new TokenInvalidError();
  }
}

/** `24 hours`, `7 days`: as the e-mail says it. */
function duration(ms: number): string {
  const hours = Math.round(ms / HOUR_MS);
  return hours >= 48 && hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`;
}
