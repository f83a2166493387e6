// SPDX-License-Identifier: Apache-2.0
// The switch simulator's state in SQL (SQLite or PostgreSQL through Kysely). Amounts and positions are bigint minor
// units; every method works the same on the database or inside `transaction`, so a state change and the callbacks it
// causes (the outbox rows) commit together.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { FspiopRequest } from '../../../hub/index.js';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { SWITCH_MIGRATIONS } from './migrations.js';

/**
 * FSPIOP TransferState. RECEIVED is never stored by this simulator: a prepare is checked and reserved in one
 * transaction, so it is RESERVED (forwarded) or ABORTED (refused) by the time anyone can ask.
 */
export type TransferState = 'RECEIVED' | 'RESERVED' | 'COMMITTED' | 'ABORTED';
export type QuoteState = 'RECEIVED' | 'ANSWERED' | 'REJECTED';

export interface Participant {
  fspId: string;
  name: string;
  /** Callback base URL registered at the switch; undefined: the simulator's default for this FSP. */
  endpoint: string | undefined;
  currency: string;
  /** Minor units of `currency`. */
  netDebitCap: bigint;
  /** Minor units; positive is owed to the scheme, negative is owed by it. */
  position: bigint;
}

export interface OracleEntry {
  idType: string;
  idValue: string;
  subId: string | undefined;
  fspId: string;
  currency: string | undefined;
}

export interface StoredTransfer {
  transferId: string;
  payerFsp: string;
  payeeFsp: string;
  amountMinor: bigint;
  currency: string;
  condition: string;
  /** As the payer sent it (ISO 8601). */
  expiration: string;
  /** `expiration` in epoch ms. */
  expiresAt: number;
  /** sha256 hex of the canonical prepare body: tells a resend from a modified request. */
  prepareHash: string;
  state: TransferState;
  fulfilment: string | undefined;
  errorCode: string | undefined;
  errorDescription: string | undefined;
  completedTimestamp: string | undefined;
}

export interface QueuedDelivery {
  id: string;
  request: FspiopRequest;
  attempts: number;
  nextAttemptAt: number;
}

type Int8 = number | string | bigint;

interface Tables {
  switch_sim_participants: { fsp_id: string; name: string; endpoint: string | null; currency: string; net_debit_cap: Int8; position: Int8; created_at: number };
  switch_sim_oracle: { id_type: string; id_value: string; sub_id: string; fsp_id: string; currency: string | null };
  switch_sim_quotes: { quote_id: string; payer_fsp: string; payee_fsp: string; state: string; created_at: number };
  switch_sim_transfers: {
    transfer_id: string; payer_fsp: string; payee_fsp: string; amount_minor: Int8; currency: string; ilp_condition: string;
    expiration: string; expires_at: Int8; prepare_hash: string; state: string; fulfilment: string | null; error_code: string | null;
    error_description: string | null; completed_timestamp: string | null; created_at: number;
  };
  switch_sim_outbox: { id: string; request: string; attempts: number; next_attempt_at: Int8; created_at: number };
}

type ParticipantRow = Tables['switch_sim_participants'];
type TransferRow = Tables['switch_sim_transfers'];

const toParticipant = (row: ParticipantRow): Participant => ({
  fspId: row.fsp_id, name: row.name, endpoint: row.endpoint ?? undefined, currency: row.currency,
  netDebitCap: BigInt(row.net_debit_cap), position: BigInt(row.position),
});

const toTransfer = (row: TransferRow): StoredTransfer => ({
  transferId: row.transfer_id, payerFsp: row.payer_fsp, payeeFsp: row.payee_fsp, amountMinor: BigInt(row.amount_minor),
  currency: row.currency, condition: row.ilp_condition, expiration: row.expiration, expiresAt: Number(row.expires_at),
  prepareHash: row.prepare_hash, state: row.state as TransferState, fulfilment: row.fulfilment ?? undefined,
  errorCode: row.error_code ?? undefined, errorDescription: row.error_description ?? undefined,
  completedTimestamp: row.completed_timestamp ?? undefined,
});

/** Opens the switch simulator's store on the shared database, bringing its tables up to date. */
export async function openSwitchStore(database: SqlDatabase): Promise<SwitchStore> {
  await database.migrate('switch_sim', SWITCH_MIGRATIONS);
  return new SwitchStore(database.kysely<Tables>());
}

/** The switch simulator's repository; one instance per database handle or open transaction. */
export class SwitchStore {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Runs `work` in one transaction; what it changes and enqueues commits together or not at all. */
  transaction<T>(work: (tx: SwitchStore) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new SwitchStore(trx)));
  }

  /** The participant, or undefined when `fspId` is not registered. */
  async participant(fspId: string): Promise<Participant | undefined> {
    const row = await this.db.selectFrom('switch_sim_participants').selectAll().where('fsp_id', '=', fspId).executeTakeFirst();
    return row && toParticipant(row);
  }

  /** Every participant, by fspId. */
  async participants(): Promise<Participant[]> {
    return (await this.db.selectFrom('switch_sim_participants').selectAll().orderBy('fsp_id').execute()).map(toParticipant);
  }

  /** Adds the participant with position 0 unless it exists; either way returns what is stored. */
  async addParticipant(participant: Omit<Participant, 'position'>, now: number): Promise<Participant> {
    await this.db.insertInto('switch_sim_participants')
      .values({ ...participantColumns(participant), position: 0n, created_at: now })
      .onConflict((conflict) => conflict.column('fsp_id').doNothing())
      .execute();
    return (await this.participant(participant.fspId))!;
  }

  /** Adds or updates name, endpoint, currency and cap; an existing position is kept. */
  async putParticipant(participant: Omit<Participant, 'position'>, now: number): Promise<Participant> {
    const columns = participantColumns(participant);
    await this.db.insertInto('switch_sim_participants')
      .values({ ...columns, position: 0n, created_at: now })
      .onConflict((conflict) => conflict.column('fsp_id').doUpdateSet({ name: columns.name, endpoint: columns.endpoint, currency: columns.currency, net_debit_cap: columns.net_debit_cap }))
      .execute();
    return (await this.participant(participant.fspId))!;
  }

  /** Sets the net debit cap; false when the participant does not exist. */
  async setNetDebitCap(fspId: string, netDebitCap: bigint): Promise<boolean> {
    const result = await this.db.updateTable('switch_sim_participants').set({ net_debit_cap: netDebitCap }).where('fsp_id', '=', fspId).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Raises the position by `amount` only if it stays within the net debit cap; false (nothing changed) otherwise. */
  async reserve(fspId: string, amount: bigint): Promise<boolean> {
    // One conditional UPDATE, so two prepares racing on PostgreSQL cannot both pass the check.
    const result = await this.db.updateTable('switch_sim_participants')
      .set({ position: sql<Int8>`position + ${amount}` })
      .where('fsp_id', '=', fspId)
      .where(sql<boolean>`position + ${amount} <= net_debit_cap`)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Adds `delta` (negative to lower it) to the position, without a cap check. */
  async movePosition(fspId: string, delta: bigint): Promise<void> {
    await this.db.updateTable('switch_sim_participants').set({ position: sql<Int8>`position + ${delta}` }).where('fsp_id', '=', fspId).execute();
  }

  /** The oracle's entry for exactly this identifier (sub-id included), or undefined. */
  async oracleLookup(idType: string, idValue: string, subId: string | undefined): Promise<OracleEntry | undefined> {
    const row = await this.db.selectFrom('switch_sim_oracle').selectAll()
      .where('id_type', '=', idType).where('id_value', '=', idValue).where('sub_id', '=', subId ?? '')
      .executeTakeFirst();
    return row && { idType: row.id_type, idValue: row.id_value, subId: row.sub_id || undefined, fspId: row.fsp_id, currency: row.currency ?? undefined };
  }

  /** The whole oracle, by type, value and sub-id. */
  async oracleEntries(): Promise<OracleEntry[]> {
    const rows = await this.db.selectFrom('switch_sim_oracle').selectAll().orderBy('id_type').orderBy('id_value').orderBy('sub_id').execute();
    return rows.map((row) => ({ idType: row.id_type, idValue: row.id_value, subId: row.sub_id || undefined, fspId: row.fsp_id, currency: row.currency ?? undefined }));
  }

  /** Registers the identifier unless it exists; returns the stored entry, whose fspId may be another FSP's. */
  async addOracleEntry(entry: OracleEntry): Promise<OracleEntry> {
    await this.db.insertInto('switch_sim_oracle')
      .values({ id_type: entry.idType, id_value: entry.idValue, sub_id: entry.subId ?? '', fsp_id: entry.fspId, currency: entry.currency ?? null })
      .onConflict((conflict) => conflict.columns(['id_type', 'id_value', 'sub_id']).doNothing())
      .execute();
    return (await this.oracleLookup(entry.idType, entry.idValue, entry.subId))!;
  }

  /** Records a quote request once; a resend keeps the first record. */
  async recordQuote(quoteId: string, payerFsp: string, payeeFsp: string, now: number): Promise<void> {
    await this.db.insertInto('switch_sim_quotes')
      .values({ quote_id: quoteId, payer_fsp: payerFsp, payee_fsp: payeeFsp, state: 'RECEIVED' satisfies QuoteState, created_at: now })
      .onConflict((conflict) => conflict.column('quote_id').doNothing())
      .execute();
  }

  /** Notes the payee's answer to a quote; an unknown quote id changes nothing. */
  async setQuoteState(quoteId: string, state: QuoteState): Promise<void> {
    await this.db.updateTable('switch_sim_quotes').set({ state }).where('quote_id', '=', quoteId).execute();
  }

  /** The recorded quote, or undefined. */
  async quote(quoteId: string): Promise<{ quoteId: string; payerFsp: string; payeeFsp: string; state: QuoteState } | undefined> {
    const row = await this.db.selectFrom('switch_sim_quotes').selectAll().where('quote_id', '=', quoteId).executeTakeFirst();
    return row && { quoteId: row.quote_id, payerFsp: row.payer_fsp, payeeFsp: row.payee_fsp, state: row.state as QuoteState };
  }

  /** The stored transfer, or undefined. */
  async transfer(transferId: string): Promise<StoredTransfer | undefined> {
    const row = await this.db.selectFrom('switch_sim_transfers').selectAll().where('transfer_id', '=', transferId).executeTakeFirst();
    return row && toTransfer(row);
  }

  /** Stores a new transfer; throws on a transferId that exists (callers check first, in the same transaction). */
  async insertTransfer(transfer: StoredTransfer, now: number): Promise<void> {
    await this.db.insertInto('switch_sim_transfers').values({
      transfer_id: transfer.transferId, payer_fsp: transfer.payerFsp, payee_fsp: transfer.payeeFsp,
      amount_minor: transfer.amountMinor, currency: transfer.currency, ilp_condition: transfer.condition,
      expiration: transfer.expiration, expires_at: transfer.expiresAt, prepare_hash: transfer.prepareHash, state: transfer.state,
      fulfilment: transfer.fulfilment ?? null, error_code: transfer.errorCode ?? null, error_description: transfer.errorDescription ?? null,
      completed_timestamp: transfer.completedTimestamp ?? null, created_at: now,
    }).execute();
  }

  /**
   * Moves a transfer out of `from` into a final state; false when it was no longer in `from` (another message or
   * the expiry got there first), in which case nothing changed.
   */
  async finishTransfer(transferId: string, from: TransferState, to: 'COMMITTED' | 'ABORTED', outcome: { fulfilment?: string; errorCode?: string; errorDescription?: string; completedTimestamp: string }): Promise<boolean> {
    const result = await this.db.updateTable('switch_sim_transfers')
      .set({ state: to, fulfilment: outcome.fulfilment ?? null, error_code: outcome.errorCode ?? null, error_description: outcome.errorDescription ?? null, completed_timestamp: outcome.completedTimestamp })
      .where('transfer_id', '=', transferId).where('state', '=', from)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Transfers still RESERVED, soonest expiry first: what the expiry timers must cover after a start. */
  async reservedTransfers(): Promise<StoredTransfer[]> {
    return (await this.db.selectFrom('switch_sim_transfers').selectAll().where('state', '=', 'RESERVED' satisfies TransferState).orderBy('expires_at').execute()).map(toTransfer);
  }

  /** Queues a message for delivery; it is sent after the surrounding transaction commits. */
  async enqueue(request: FspiopRequest, now: number): Promise<void> {
    await this.db.insertInto('switch_sim_outbox').values({ id: randomUUID(), request: JSON.stringify(request), attempts: 0, next_attempt_at: now, created_at: now }).execute();
  }

  /** Deliveries due at `now`, oldest first. */
  async dueDeliveries(now: number, limit: number): Promise<QueuedDelivery[]> {
    const rows = await this.db.selectFrom('switch_sim_outbox').selectAll().where('next_attempt_at', '<=', now).orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map((row) => ({ id: row.id, request: JSON.parse(row.request) as FspiopRequest, attempts: row.attempts, nextAttemptAt: Number(row.next_attempt_at) }));
  }

  /** Epoch ms of the earliest queued delivery, or undefined when the outbox is empty. */
  async nextDeliveryAt(): Promise<number | undefined> {
    const row = await this.db.selectFrom('switch_sim_outbox').select((eb) => eb.fn.min('next_attempt_at').as('next')).executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
  }

  /** Records `attempts` and hides the delivery until `at` (epoch ms): a retry or a lease. */
  async retryDeliveryAt(id: string, attempts: number, at: number): Promise<void> {
    await this.db.updateTable('switch_sim_outbox').set({ attempts, next_attempt_at: at }).where('id', '=', id).execute();
  }

  /** Forgets a delivery: it was accepted or given up. */
  async removeDelivery(id: string): Promise<void> {
    await this.db.deleteFrom('switch_sim_outbox').where('id', '=', id).execute();
  }
}

function participantColumns(participant: Omit<Participant, 'position'>) {
  return {
    fsp_id: participant.fspId, name: participant.name, endpoint: participant.endpoint ?? null,
    currency: participant.currency, net_debit_cap: participant.netDebitCap,
  };
}
