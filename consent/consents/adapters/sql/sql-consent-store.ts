// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ValidationError } from '../../../../platform/errors/index.js';
import type { SqlDatabase } from '../../../../platform/store/index.js';
import { ConsentAccessExceededError } from '../../../errors.js';
import type { AccountReference, Consent, ConsentStatus, ConsentStore, NewConsent } from '../../consent.js';
import { expireIfDue, requireConsentFor, requireUsable, transition, type ConsentActor } from '../../consent-lifecycle.js';
import { toConsent, toRow, utcDay, type ConsentTables } from './consent-rows.js';
import { CONSENT_MIGRATIONS } from './migrations.js';

export interface SqlConsentStoreOptions {
  /** The clock, epoch ms; tests move it. Default Date.now. */
  now?: () => number;
}

/** Opens the consent store on the shared database, bringing its tables up to date. */
export async function openSqlConsentStore(database: SqlDatabase, options: SqlConsentStoreOptions = {}): Promise<ConsentStore> {
  await database.migrate('consent', CONSENT_MIGRATIONS);
  return new SqlConsentStore(database.kysely<ConsentTables>(), options.now ?? Date.now);
}

class SqlConsentStore implements ConsentStore {
  constructor(
    private readonly db: Kysely<ConsentTables>,
    private readonly now: () => number,
  ) {}

  async create(input: NewConsent): Promise<Consent> {
    validate(input);
    const now = this.now();
    const consent: Consent = {
      id: input.id ?? randomUUID(),
      tenantId: input.tenantId,
      scheme: input.scheme,
      clientId: input.clientId,
      psuId: input.psuId,
      status: 'received',
      permissions: input.permissions,
      recurringIndicator: input.recurringIndicator ?? false,
      validUntil: input.validUntil,
      frequencyPerDay: input.frequencyPerDay,
      grantId: undefined,
      createdAt: now,
      updatedAt: now,
      statusChangedAt: now,
      statusChangedBy: undefined,
    };
    await this.db.insertInto('consents').values(toRow(consent)).execute();
    return consent;
  }

  async get(id: string): Promise<Consent | undefined> {
    const row = await this.db.selectFrom('consents').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.current(toConsent(row));
  }

  authorise(id: string, psuId: string, accounts: AccountReference[], grantId: string | undefined): Promise<Consent> {
    return this.change(id, 'valid', { role: 'psu', psuId }, (consent) => ({ psuId, permissions: { ...consent.permissions, accounts }, grantId }));
  }

  reject(id: string): Promise<Consent> {
    return this.change(id, 'rejected', { role: 'psu' });
  }

  revokeByPsu(id: string, psuId: string): Promise<Consent> {
    return this.change(id, 'revokedByPsu', { role: 'psu', psuId });
  }

  terminateByTpp(id: string, clientId: string): Promise<Consent> {
    return this.change(id, 'terminatedByTpp', { role: 'tpp', clientId });
  }

  async listForPsu(psuId: string): Promise<Consent[]> {
    const rows = await this.db.selectFrom('consents').selectAll().where('psu_id', '=', psuId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return Promise.all(rows.map((row) => this.current(toConsent(row))));
  }

  async listForClients(clientIds: readonly string[], limit: number): Promise<Consent[]> {
    if (clientIds.length === 0) return [];
    const rows = await this.db.selectFrom('consents').selectAll().where('client_id', 'in', [...clientIds])
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return Promise.all(rows.map((row) => this.current(toConsent(row))));
  }

  async findByGrant(grantId: string): Promise<Consent | undefined> {
    const row = await this.db.selectFrom('consents').selectAll().where('grant_id', '=', grantId)
      .orderBy('created_at', 'desc').executeTakeFirst();
    return row && this.current(toConsent(row));
  }

  async recordUnattendedAccess(id: string, now: number = this.now()): Promise<{ usedToday: number }> {
    const consent = requireUsable(await this.get(id), now);
    const limit = consent.frequencyPerDay;
    const day = utcDay(now);
    // One statement, so concurrent callers in any process serialise on the (consent_id, day) row: the
    // conditional upsert adds one only while the count is below the limit and returns nothing otherwise.
    const counted = await this.db.insertInto('consent_access_counts')
      .values({ consent_id: id, day, count: 1 })
      .onConflict((conflict) => {
        const increment = conflict.columns(['consent_id', 'day'])
          .doUpdateSet((eb) => ({ count: eb(eb.ref('consent_access_counts.count'), '+', 1) }));
        return limit === undefined ? increment : increment.where('consent_access_counts.count', '<', limit);
      })
      .returning('count')
      .executeTakeFirst();
    if (!counted) throw new ConsentAccessExceededError(limit ?? 0, now);
    // The first access of a day clears the counts of earlier days: only today's is ever read.
    if (counted.count === 1) await this.db.deleteFrom('consent_access_counts').where('consent_id', '=', id).where('day', '<', day).execute();
    return { usedToday: counted.count };
  }

  /** The stored consent as it stands now: a valid one past validUntil is stored and returned as expired. */
  private async current(stored: Consent): Promise<Consent> {
    const now = this.now();
    const consent = expireIfDue(stored, now);
    if (consent === stored || (await this.save(stored, consent))) return consent;
    // Someone changed it in between (revoked, or expired it first): theirs stands.
    return (await this.get(stored.id)) ?? consent;
  }

  /**
   * Moves the consent to `to` (plus what `bind` sets) and writes it only if its status is still the one read.
   * A lost race reads again, and ends: each lost race means the status moved forward, which it does at most twice.
   */
  private async change(id: string, to: ConsentStatus, actor: ConsentActor, bind: (consent: Consent) => Partial<Consent> = () => ({})): Promise<Consent> {
    for (;;) {
      const stored = requireConsentFor(await this.get(id), actor);
      const next = { ...transition(stored, to, actor, this.now()), ...bind(stored) };
      if (await this.save(stored, next)) return next;
    }
  }

  /** Writes `next` if the row still has the status of `before`; false when another writer came first. */
  private async save(before: Consent, next: Consent): Promise<boolean> {
    const { id: _id, created_at: _created, ...row } = toRow(next);
    const result = await this.db.updateTable('consents').set(row)
      .where('id', '=', before.id).where('status', '=', before.status).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function validate(input: NewConsent): void {
  const { frequencyPerDay, validUntil } = input;
  if (frequencyPerDay !== undefined && !(Number.isSafeInteger(frequencyPerDay) && frequencyPerDay >= 1)) {
    throw new ValidationError('frequencyPerDay must be a whole number of at least 1', { path: 'frequencyPerDay' });
  }
  if (validUntil !== undefined && !Number.isSafeInteger(validUntil)) {
    throw new ValidationError('validUntil must be epoch milliseconds', { path: 'validUntil' });
  }
}
