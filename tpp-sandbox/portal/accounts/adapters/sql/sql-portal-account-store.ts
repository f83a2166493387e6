// SPDX-License-Identifier: Apache-2.0
// The portal accounts' store on the shared database (SQLite or PostgreSQL). Each operation whose correctness
// depends on a race (a duplicate sign-up, a link opened twice, two owners removing each other) is decided by the
// database in one statement or one transaction, never by a read followed by a write in the domain.
import type { Kysely, Transaction } from 'kysely';
import type { SqlDatabase } from '../../../../../platform/store/index.js';
import type {
  Developer, DeveloperId, MemberRole, OrganisationId, PortalAccountStore, Redemption, StoredToken, TokenPurpose,
} from '../../model.js';
import { PORTAL_ACCOUNT_MIGRATIONS } from './migrations.js';

/** bigint columns: numbers on both drivers (platform/store parses PostgreSQL's int8); Number() keeps that explicit. */
type Int8 = number | string;

interface Tables {
  portal_developers: { id: string; email: string; name: string; password_hash: string; verified_at: Int8 | null; created_at: Int8 };
  portal_organisations: { id: string; name: string; members_version: Int8; created_at: Int8 };
  portal_memberships: { organisation_id: string; developer_id: string; role: string; joined_at: Int8 };
  portal_tokens: {
    id: string; token_hash: string; purpose: string; email: string; developer_id: string; organisation_id: string | null;
    role: string | null; created_at: Int8; expires_at: Int8; used_at: Int8 | null;
  };
}

type Db = Kysely<Tables> | Transaction<Tables>;
type DeveloperRow = Tables['portal_developers'];
type TokenRow = Tables['portal_tokens'];

const toDeveloper = (row: DeveloperRow): Developer => ({
  id: row.id as DeveloperId, email: row.email, name: row.name,
  verifiedAt: row.verified_at === null ? undefined : Number(row.verified_at), createdAt: Number(row.created_at),
});

const toToken = (row: TokenRow): StoredToken => ({
  id: row.id, hash: row.token_hash, purpose: row.purpose as TokenPurpose, email: row.email, developerId: row.developer_id as DeveloperId,
  organisationId: (row.organisation_id ?? undefined) as OrganisationId | undefined, role: (row.role ?? undefined) as MemberRole | undefined,
  createdAt: Number(row.created_at), expiresAt: Number(row.expires_at), usedAt: row.used_at === null ? undefined : Number(row.used_at),
});

const fromToken = (token: StoredToken): TokenRow => ({
  id: token.id, token_hash: token.hash, purpose: token.purpose, email: token.email, developer_id: token.developerId,
  organisation_id: token.organisationId ?? null, role: token.role ?? null, created_at: token.createdAt, expires_at: token.expiresAt, used_at: token.usedAt ?? null,
});

/**
 * Marks the token used if, and only if, it is of this purpose, unused and unexpired: one conditional update, so of
 * two concurrent redemptions exactly one matches a row (PostgreSQL re-checks the condition after the row lock).
 */
async function consume(trx: Db, hash: string, purpose: TokenPurpose, now: number): Promise<Redemption> {
  const row = await trx.updateTable('portal_tokens').set({ used_at: now })
    .where('token_hash', '=', hash).where('purpose', '=', purpose).where('used_at', 'is', null).where('expires_at', '>', now)
    .returningAll().executeTakeFirst();
  if (row) return { outcome: 'redeemed', token: toToken(row) };
  const found = await trx.selectFrom('portal_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!found || found.purpose !== purpose) return { outcome: 'unknown' };
  return { outcome: found.used_at !== null ? 'used' : 'expired' };
}

/** Opens the store on the shared database, bringing its tables up to date (migration context `portal_accounts`). */
export async function openSqlPortalAccountStore(database: SqlDatabase): Promise<PortalAccountStore> {
  await database.migrate('portal_accounts', PORTAL_ACCOUNT_MIGRATIONS);
  const db: Kysely<Tables> = database.kysely<Tables>();
  return {
    async createAccount({ developer, passwordHash, organisation, verification }) {
      return db.transaction().execute(async (trx) => {
        // ON CONFLICT DO NOTHING: a concurrent sign-up with the address waits for the other's commit, then inserts nothing.
        const inserted = await trx.insertInto('portal_developers').values({
          id: developer.id, email: developer.email, name: developer.name, password_hash: passwordHash, verified_at: null, created_at: developer.createdAt,
        }).onConflict((conflict) => conflict.column('email').doNothing()).executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) return false;
        await trx.insertInto('portal_organisations').values({ id: organisation.id, name: organisation.name, members_version: 0, created_at: organisation.createdAt }).execute();
        await trx.insertInto('portal_memberships').values({ organisation_id: organisation.id, developer_id: developer.id, role: 'owner', joined_at: developer.createdAt }).execute();
        await trx.insertInto('portal_tokens').values(fromToken(verification)).execute();
        return true;
      });
    },
    async developer(id) {
      const row = await db.selectFrom('portal_developers').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toDeveloper(row);
    },
    async credentials(email) {
      const row = await db.selectFrom('portal_developers').selectAll().where('email', '=', email).executeTakeFirst();
      return row && { developer: toDeveloper(row), passwordHash: row.password_hash };
    },
    async organisation(id) {
      const row = await db.selectFrom('portal_organisations').select(['id', 'name', 'created_at']).where('id', '=', id).executeTakeFirst();
      return row && { id: row.id as OrganisationId, name: row.name, createdAt: Number(row.created_at) };
    },
    async membership(organisationId, developerId) {
      const row = await db.selectFrom('portal_memberships').selectAll()
        .where('organisation_id', '=', organisationId).where('developer_id', '=', developerId).executeTakeFirst();
      return row && { organisationId, developerId, role: row.role as MemberRole, joinedAt: Number(row.joined_at) };
    },
    async members(organisationId) {
      const rows = await db.selectFrom('portal_memberships as m').innerJoin('portal_developers as d', 'd.id', 'm.developer_id')
        .select(['d.id', 'd.email', 'd.name', 'm.role', 'm.joined_at'])
        .where('m.organisation_id', '=', organisationId).orderBy('m.joined_at').orderBy('d.email').execute();
      return rows.map((row) => ({ developerId: row.id as DeveloperId, email: row.email, name: row.name, role: row.role as MemberRole, joinedAt: Number(row.joined_at) }));
    },
    async organisationsOf(developerId) {
      const rows = await db.selectFrom('portal_memberships as m').innerJoin('portal_organisations as o', 'o.id', 'm.organisation_id')
        .select(['o.id', 'o.name', 'o.created_at', 'm.role', 'm.joined_at'])
        .where('m.developer_id', '=', developerId).orderBy('m.joined_at').orderBy('o.name').execute();
      return rows.map((row) => ({
        organisation: { id: row.id as OrganisationId, name: row.name, createdAt: Number(row.created_at) }, role: row.role as MemberRole, joinedAt: Number(row.joined_at),
      }));
    },
    async addToken(token) {
      await db.insertInto('portal_tokens').values(fromToken(token)).execute();
    },
    async token(hash) {
      const row = await db.selectFrom('portal_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
      return row && toToken(row);
    },
    async redeemVerification(hash, now) {
      return db.transaction().execute(async (trx) => {
        const redemption = await consume(trx, hash, 'verify-email', now);
        if (redemption.outcome === 'redeemed') {
          await trx.updateTable('portal_developers').set({ verified_at: now })
            .where('id', '=', redemption.token.developerId).where('verified_at', 'is', null).execute();
        }
        return redemption;
      });
    },
    async redeemInvitation(hash, developerId, now) {
      return db.transaction().execute(async (trx) => {
        const token = await trx.selectFrom('portal_tokens').select(['organisation_id', 'role']).where('token_hash', '=', hash).executeTakeFirst();
        if (token?.organisation_id && token.role) {
          const member = await trx.selectFrom('portal_memberships').select('role')
            .where('organisation_id', '=', token.organisation_id).where('developer_id', '=', developerId).executeTakeFirst();
          if (member) return { outcome: 'member' as const };
        }
        const redemption = await consume(trx, hash, 'invitation', now);
        if (redemption.outcome === 'redeemed' && token?.organisation_id && token.role) {
          await trx.insertInto('portal_memberships').values({ organisation_id: token.organisation_id, developer_id: developerId, role: token.role, joined_at: now })
            .onConflict((conflict) => conflict.columns(['organisation_id', 'developer_id']).doNothing()).execute();
        }
        return redemption;
      });
    },
    async removeMember(organisationId, developerId) {
      return db.transaction().execute(async (trx) => {
        // Takes the organisation's row lock first (PostgreSQL; SQLite has one writer anyway), so a concurrent removal
        // waits and then counts the owners this one left: two owners removing each other leave one.
        await trx.updateTable('portal_organisations').set((eb) => ({ members_version: eb('members_version', '+', 1) })).where('id', '=', organisationId).execute();
        const target = await trx.selectFrom('portal_memberships').select('role')
          .where('organisation_id', '=', organisationId).where('developer_id', '=', developerId).executeTakeFirst();
        if (!target) return 'not-member' as const;
        if (target.role === 'owner') {
          const { owners } = await trx.selectFrom('portal_memberships').select((eb) => eb.fn.countAll<Int8>().as('owners'))
            .where('organisation_id', '=', organisationId).where('role', '=', 'owner').executeTakeFirstOrThrow();
          if (Number(owners) <= 1) return 'last-owner' as const;
        }
        await trx.deleteFrom('portal_memberships').where('organisation_id', '=', organisationId).where('developer_id', '=', developerId).execute();
        return 'removed' as const;
      });
    },
  };
}
