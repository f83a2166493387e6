// SPDX-License-Identifier: Apache-2.0
// The developer portal's accounts and teams as a developer meets them, on SQLite and on PostgreSQL
// (LANGO_TEST_DATABASE_URL): sign up, confirm the address from the outbox, sign in, invite a team, stay out of others'.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Notification, Notifier } from '../../../hub/index.js';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { testDatabaseTargets, type TestDatabaseTarget } from '../../../test/support/databases.js';
import {
  openSqlPortalAccountStore, PortalAccounts, type Developer, type DeveloperId, type OrganisationId, type PortalAccountErrorReason,
  type PortalMailTemplate,
} from './index.js';


const T0 = Date.UTC(2026, 11, 6, 8, 0, 0);
const HOUR_MS = 3_600_000;
const PASSWORD = 'correct horse battery';

/** Typed as hub's Notifier, so the compiler checks that the sandbox notification outbox fits as the portal's mailer. */
class RecordingMailer implements Notifier {
  readonly sent: Notification[] = [];
  async send(message: Notification) {
    this.sent.push(message);
  }
  /** The token of the newest link e-mailed to the address with that template. */
  token(recipient: string, template: PortalMailTemplate): string {
    const mail = this.sent.findLast((message) => message.recipient === recipient && message.template === template);
    const token = /\?token=([A-Za-z0-9_-]{43})(?:\s|$)/.exec(mail?.text ?? '')?.[1];
    assert.ok(token, `a ${template} link was e-mailed to ${recipient}`);
    return token;
  }
}

/** Rejects with the portal error of that reason, its platform code and status. */
async function rejectsWith(promise: Promise<unknown>, reason: PortalAccountErrorReason, code: string, status: number) {
  await assert.rejects(promise, (error: { reason?: string; code?: string; status?: number; message?: string }) => {
    assert.deepEqual({ reason: error.reason, code: error.code, status: error.status }, { reason, code, status }, error.message);
    return true;
  });
}

async function portal(target: TestDatabaseTarget, databases: SqlDatabase[]) {
  const { database } = await target.open();
  databases.push(database);
  const clock = { now: T0 };
  const mailer = new RecordingMailer();
  const accounts = new PortalAccounts({
    store: await openSqlPortalAccountStore(database), mailer, portalUrl: 'https://sandbox.example.com/portal/', now: () => clock.now,
  });
  /** A verified developer owning their own organisation. */
  const developer = async (email: string, name = email.split('@')[0]!): Promise<{ developer: Developer; organisationId: OrganisationId }> => {
    const { developer, organisationId } = await accounts.signUp({ email, password: PASSWORD, name, organisationName: `${name}'s team` });
    return { developer: await accounts.verifyEmail(mailer.token(developer.email, 'portal-verify-email')), organisationId };
  };
  return { database, clock, mailer, accounts, developer };
}

for (const target of testDatabaseTargets) {
  describe(`portal accounts on ${target.name}`, { skip: target.skip ?? false }, () => {
    const databases: SqlDatabase[] = [];
    after(() => Promise.all(databases.map((database) => database.close())));

    describe('signing up', () => {
      it('signs up, confirms the address from the e-mailed link, and signs in', async () => {
        const { accounts, mailer, database } = await portal(target, databases);
        const { developer, organisationId } = await accounts.signUp({ email: '  Ada@Example.COM ', password: PASSWORD, name: 'Ada Lovelace', organisationName: 'Analytical Engines' });
        assert.deepEqual({ email: developer.email, verifiedAt: developer.verifiedAt }, { email: 'ada@example.com', verifiedAt: undefined });

        assert.equal(mailer.sent.length, 1);
        const [mail] = mailer.sent;
        assert.deepEqual({ ...mail, text: undefined, reference: undefined }, {
          tenantId: 'portal', channel: 'EMAIL', recipient: 'ada@example.com', template: 'portal-verify-email', text: undefined, reference: undefined,
        });
        const token = mailer.token('ada@example.com', 'portal-verify-email');
        assert.match(mail!.text, /https:\/\/sandbox\.example\.com\/portal\/verify-email\?token=[A-Za-z0-9_-]{43}\n/);
        assert.match(mail!.text, /within 24 hours/);

        await rejectsWith(accounts.signIn('ada@example.com', PASSWORD), 'EMAIL_NOT_VERIFIED', 'FORBIDDEN', 403);
        const verified = await accounts.verifyEmail(token);
        assert.deepEqual({ id: verified.id, verifiedAt: verified.verifiedAt }, { id: developer.id, verifiedAt: T0 });
        assert.equal((await accounts.signIn('ADA@example.com ', PASSWORD)).id, developer.id, 'the address is compared normalised');

        assert.deepEqual(await accounts.organisationsOf(developer.id), [{ organisation: { id: organisationId, name: 'Analytical Engines', createdAt: T0 }, role: 'owner', joinedAt: T0 }]);
        const kysely = database.kysely<{ portal_developers: { password_hash: string }; portal_tokens: { token_hash: string } }>();
        const [row] = await kysely.selectFrom('portal_developers').select('password_hash').execute();
        assert.ok(row!.password_hash.startsWith('scrypt$') && !row!.password_hash.includes(PASSWORD), 'only a hash of the password is stored');
        const tokens = await kysely.selectFrom('portal_tokens').select('token_hash').execute();
        assert.ok(tokens.every((stored) => stored.token_hash.length === 64 && stored.token_hash !== token), 'only a hash of the link token is stored');
      });

      it('refuses a malformed e-mail address, a weak password and an empty name, each saying which field', async () => {
        const { accounts, mailer } = await portal(target, databases);
        const valid = { email: 'grace@example.com', password: PASSWORD, name: 'Grace', organisationName: 'Compilers' };
        for (const email of ['', 'grace', 'grace@', '@example.com', 'grace@example', 'gr ace@example.com', 'grace@@example.com', 'grace@-example.com', `${'g'.repeat(65)}@example.com`]) {
          await rejectsWith(accounts.signUp({ ...valid, email }), 'EMAIL_INVALID', 'VALIDATION_FAILED', 400);
        }
        await rejectsWith(accounts.signUp({ ...valid, password: 'short-pass1' }), 'PASSWORD_WEAK', 'VALIDATION_FAILED', 400);
        await rejectsWith(accounts.signUp({ ...valid, email: 'grace.hopper@example.com', password: 'Grace.Hopper@example.com' }), 'PASSWORD_WEAK', 'VALIDATION_FAILED', 400);
        await rejectsWith(accounts.signUp({ ...valid, name: '   ' }), 'FIELD_INVALID', 'VALIDATION_FAILED', 400);
        await rejectsWith(accounts.signUp({ ...valid, organisationName: 'x'.repeat(201) }), 'FIELD_INVALID', 'VALIDATION_FAILED', 400);
        await assert.rejects(accounts.signUp({ ...valid, password: 'short' }), { path: 'password', message: 'the password is too weak: use at least 12 characters' });
        assert.equal(mailer.sent.length, 0, 'nothing was sent');
        await accounts.signUp(valid);
      });

      it('refuses a second account for an address, whatever its case', async () => {
        const { accounts } = await portal(target, databases);
        await accounts.signUp({ email: 'linus@example.com', password: PASSWORD, name: 'Linus', organisationName: 'Kernel' });
        await rejectsWith(accounts.signUp({ email: 'Linus@Example.com', password: 'another password', name: 'Other', organisationName: 'Other' }), 'EMAIL_TAKEN', 'CONFLICT', 409);
      });

      it('lets exactly one of two concurrent sign-ups with one address win', async () => {
        const { accounts, database } = await portal(target, databases);
        const signUp = (email: string) => accounts.signUp({ email, password: PASSWORD, name: 'Twin', organisationName: 'Twins' });
        const results = await Promise.allSettled([signUp('twin@example.com'), signUp('TWIN@example.com'), signUp('twin@example.com ')]);
        assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
        for (const result of results.filter((result) => result.status === 'rejected')) assert.equal((result.reason as { reason: string }).reason, 'EMAIL_TAKEN');
        const counts = await database.kysely<{ portal_developers: { id: string }; portal_organisations: { id: string } }>()
          .selectFrom('portal_organisations').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
        assert.equal(Number(counts.n), 1, 'the losers left no organisation behind');
      });
    });

    describe('the verification link', () => {
      it('expires after 24 hours; a new link can be requested and works', async () => {
        const { accounts, mailer, clock } = await portal(target, databases);
        await accounts.signUp({ email: 'late@example.com', password: PASSWORD, name: 'Late', organisationName: 'Later' });
        const first = mailer.token('late@example.com', 'portal-verify-email');
        clock.now = T0 + 24 * HOUR_MS;
        await rejectsWith(accounts.verifyEmail(first), 'TOKEN_EXPIRED', 'VALIDATION_FAILED', 400);
        await accounts.resendVerification(' LATE@example.com');
        const second = mailer.token('late@example.com', 'portal-verify-email');
        assert.notEqual(second, first);
        assert.notEqual(mailer.sent[1]!.reference, mailer.sent[0]!.reference, 'a new reference, or the outbox would drop the resend as a repeat');
        assert.equal((await accounts.verifyEmail(second)).verifiedAt, T0 + 24 * HOUR_MS);
        assert.equal((await accounts.signIn('late@example.com', PASSWORD)).email, 'late@example.com');
      });

      it('works once; an unknown or cut-off token is invalid', async () => {
        const { accounts, mailer } = await portal(target, databases);
        await accounts.signUp({ email: 'once@example.com', password: PASSWORD, name: 'Once', organisationName: 'Once' });
        const token = mailer.token('once@example.com', 'portal-verify-email');
        await accounts.verifyEmail(token);
        await rejectsWith(accounts.verifyEmail(token), 'TOKEN_USED', 'VALIDATION_FAILED', 400);
        await rejectsWith(accounts.verifyEmail('A'.repeat(43)), 'TOKEN_INVALID', 'VALIDATION_FAILED', 400);
        await rejectsWith(accounts.verifyEmail(token.slice(0, 40)), 'TOKEN_INVALID', 'VALIDATION_FAILED', 400);
      });

      it('works once even when opened twice at the same time', async () => {
        const { accounts, mailer } = await portal(target, databases);
        await accounts.signUp({ email: 'double@example.com', password: PASSWORD, name: 'Double', organisationName: 'Double' });
        const token = mailer.token('double@example.com', 'portal-verify-email');
        const results = await Promise.allSettled([accounts.verifyEmail(token), accounts.verifyEmail(token), accounts.verifyEmail(token)]);
        assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
      });

      it('is resent only to an unverified account, and the answer never says which', async () => {
        const { accounts, mailer, developer } = await portal(target, databases);
        await developer('done@example.com');
        const sent = mailer.sent.length;
        assert.equal(await accounts.resendVerification('done@example.com'), undefined);
        assert.equal(await accounts.resendVerification('nobody@example.com'), undefined);
        assert.equal(mailer.sent.length, sent, 'nothing sent for a verified or unknown address');
        await rejectsWith(accounts.resendVerification('not an address'), 'EMAIL_INVALID', 'VALIDATION_FAILED', 400);
      });
    });

    describe('signing in', () => {
      it('says the same for an unknown address and a wrong password', async () => {
        const { accounts, developer } = await portal(target, databases);
        await developer('sign@example.com');
        for (const [email, password] of [['sign@example.com', 'wrong password here'], ['nobody@example.com', PASSWORD], ['not an address', PASSWORD]] as const) {
          await rejectsWith(accounts.signIn(email, password), 'SIGN_IN_FAILED', 'UNAUTHENTICATED', 401);
        }
        await assert.rejects(accounts.signIn('sign@example.com', 'wrong password here'), { message: 'the e-mail address or the password is not right' });
      });

      it('says "not verified" only to someone who knows the password', async () => {
        const { accounts } = await portal(target, databases);
        await accounts.signUp({ email: 'new@example.com', password: PASSWORD, name: 'New', organisationName: 'New' });
        await rejectsWith(accounts.signIn('new@example.com', 'wrong password here'), 'SIGN_IN_FAILED', 'UNAUTHENTICATED', 401);
        await rejectsWith(accounts.signIn('new@example.com', PASSWORD), 'EMAIL_NOT_VERIFIED', 'FORBIDDEN', 403);
      });
    });

    describe('teams', () => {
      it('an owner invites by e-mail; the invitee accepts with their account and joins with the role', async () => {
        const { accounts, mailer, developer } = await portal(target, databases);
        const { developer: owner, organisationId } = await developer('owner@example.com', 'Olivia');
        const { developer: bob } = await developer('bob@example.com', 'Bob');
        const { invitationId } = await accounts.inviteMember(organisationId, owner.id, ' Bob@Example.com', 'developer');
        const invitation = mailer.sent.at(-1)!;
        assert.deepEqual({ recipient: invitation.recipient, template: invitation.template, reference: invitation.reference }, { recipient: 'bob@example.com', template: 'portal-invitation', reference: invitationId });
        assert.match(invitation.text, /Olivia invites you to join Olivia's team on the developer portal as developer/);
        assert.match(invitation.text, /within 7 days:\nhttps:\/\/sandbox\.example\.com\/portal\/invitations\/accept\?token=/);

        const token = mailer.token('bob@example.com', 'portal-invitation');
        assert.deepEqual(await accounts.acceptInvitation(token, bob.id), { organisationId, developerId: bob.id, role: 'developer', joinedAt: T0 });
        assert.deepEqual((await accounts.members(organisationId, bob.id)).map((member) => [member.email, member.role]), [['bob@example.com', 'developer'], ['owner@example.com', 'owner']]);
        assert.deepEqual((await accounts.organisationsOf(bob.id)).map((entry) => [entry.organisation.name, entry.role]).sort(), [["Bob's team", 'owner'], ["Olivia's team", 'developer']]);
        await rejectsWith(accounts.acceptInvitation(token, bob.id), 'ALREADY_MEMBER', 'CONFLICT', 409);
        await rejectsWith(accounts.inviteMember(organisationId, owner.id, 'bob@example.com', 'owner'), 'ALREADY_MEMBER', 'CONFLICT', 409);
      });

      it('only owners invite and remove; members may leave', async () => {
        const { accounts, mailer, developer } = await portal(target, databases);
        const { developer: owner, organisationId } = await developer('owner@example.com');
        const { developer: dev } = await developer('dev@example.com');
        const { developer: other } = await developer('other@example.com');
        for (const [who, role] of [[dev, 'developer'], [other, 'developer']] as const) {
          await accounts.inviteMember(organisationId, owner.id, who.email, role);
          await accounts.acceptInvitation(mailer.token(who.email, 'portal-invitation'), who.id);
        }
        await rejectsWith(accounts.inviteMember(organisationId, dev.id, 'friend@example.com', 'developer'), 'NOT_AN_OWNER', 'FORBIDDEN', 403);
        await rejectsWith(accounts.removeMember(organisationId, dev.id, other.id), 'NOT_AN_OWNER', 'FORBIDDEN', 403);
        await rejectsWith(accounts.inviteMember(organisationId, owner.id, 'friend@example.com', 'admin' as 'owner'), 'FIELD_INVALID', 'VALIDATION_FAILED', 400);
        await accounts.removeMember(organisationId, dev.id, dev.id);
        await accounts.removeMember(organisationId, owner.id, other.id);
        await rejectsWith(accounts.removeMember(organisationId, owner.id, other.id), 'MEMBER_UNKNOWN', 'NOT_FOUND', 404);
        assert.deepEqual((await accounts.members(organisationId, owner.id)).map((member) => member.email), ['owner@example.com']);
        await rejectsWith(accounts.members(organisationId, dev.id), 'ORGANISATION_UNKNOWN', 'NOT_FOUND', 404);
      });

      it('an invitation is for its address, a verified account, once, and for 7 days', async () => {
        const { accounts, mailer, clock, developer } = await portal(target, databases);
        const { developer: owner, organisationId } = await developer('owner@example.com');
        const { developer: eve } = await developer('eve@example.com');
        await accounts.inviteMember(organisationId, owner.id, 'carol@example.com', 'owner');
        const token = mailer.token('carol@example.com', 'portal-invitation');
        await rejectsWith(accounts.acceptInvitation(token, eve.id), 'INVITATION_FOR_ANOTHER_EMAIL', 'FORBIDDEN', 403);
        const { developer: carol } = await accounts.signUp({ email: 'carol@example.com', password: PASSWORD, name: 'Carol', organisationName: 'Carol Co' });
        await rejectsWith(accounts.acceptInvitation(token, carol.id), 'EMAIL_NOT_VERIFIED', 'FORBIDDEN', 403);
        await accounts.verifyEmail(mailer.token('carol@example.com', 'portal-verify-email'));
        await rejectsWith(accounts.verifyEmail(token), 'TOKEN_INVALID', 'VALIDATION_FAILED', 400);
        clock.now = T0 + 7 * 24 * HOUR_MS;
        await rejectsWith(accounts.acceptInvitation(token, carol.id), 'TOKEN_EXPIRED', 'VALIDATION_FAILED', 400);
        await accounts.inviteMember(organisationId, owner.id, 'carol@example.com', 'owner');
        const fresh = mailer.token('carol@example.com', 'portal-invitation');
        assert.equal((await accounts.acceptInvitation(fresh, carol.id)).role, 'owner');
        await rejectsWith(accounts.acceptInvitation(mailer.token('eve@example.com', 'portal-verify-email'), carol.id), 'TOKEN_INVALID', 'VALIDATION_FAILED', 400);
      });

      it('keeps the last owner, also when two owners remove each other at once', async () => {
        const { accounts, mailer, developer, database } = await portal(target, databases);
        const { developer: ann, organisationId } = await developer('ann@example.com');
        await rejectsWith(accounts.removeMember(organisationId, ann.id, ann.id), 'LAST_OWNER', 'CONFLICT', 409);
        const { developer: ben } = await developer('ben@example.com');
        await accounts.inviteMember(organisationId, ann.id, ben.email, 'owner');
        await accounts.acceptInvitation(mailer.token(ben.email, 'portal-invitation'), ben.id);
        const results = await Promise.allSettled([accounts.removeMember(organisationId, ann.id, ben.id), accounts.removeMember(organisationId, ben.id, ann.id)]);
        assert.deepEqual(results.map((result) => result.status).sort(), ['fulfilled', 'rejected']);
        assert.equal(((results.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason as { reason: string }).reason, 'LAST_OWNER');
        const left = await database.kysely<{ portal_memberships: { organisation_id: string; role: string } }>()
          .selectFrom('portal_memberships').select('role').where('organisation_id', '=', organisationId).execute();
        assert.deepEqual(left, [{ role: 'owner' }], 'exactly one owner is left');
      });

      it('team A can neither read nor change team B, and cannot tell B from an organisation that does not exist', async () => {
        const { accounts, developer } = await portal(target, databases);
        const { developer: alice, organisationId: teamA } = await developer('alice@example.com');
        const { developer: bert, organisationId: teamB } = await developer('bert@example.com');
        const nowhere = '00000000-0000-4000-8000-000000000000' as OrganisationId;
        for (const organisationId of [teamB, nowhere]) {
          await rejectsWith(accounts.members(organisationId, alice.id), 'ORGANISATION_UNKNOWN', 'NOT_FOUND', 404);
          await rejectsWith(accounts.inviteMember(organisationId, alice.id, 'alice@example.com', 'owner'), 'ORGANISATION_UNKNOWN', 'NOT_FOUND', 404);
          await rejectsWith(accounts.removeMember(organisationId, alice.id, bert.id), 'ORGANISATION_UNKNOWN', 'NOT_FOUND', 404);
        }
        await rejectsWith(accounts.removeMember(teamA, alice.id, bert.id), 'MEMBER_UNKNOWN', 'NOT_FOUND', 404);
        await rejectsWith(accounts.members(teamA, 'not-a-developer' as DeveloperId), 'ORGANISATION_UNKNOWN', 'NOT_FOUND', 404);
        assert.deepEqual((await accounts.members(teamB, bert.id)).map((member) => member.email), ['bert@example.com'], 'B is unchanged');
        assert.deepEqual((await accounts.organisationsOf(alice.id)).map((entry) => entry.organisation.id), [teamA]);
      });
    });
  });
}
