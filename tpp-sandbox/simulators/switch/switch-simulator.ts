// SPDX-License-Identifier: Apache-2.0
// The Mojaloop switch simulator: what a hackathon's scheme runs (account lookup with its oracle, quoting in
// pass-through mode, central-ledger's transfers with positions and net debit caps), for Lango and external DFSPs
// such as an sdk-scheme-adapter. Its state lives in SQL, so a restart resumes reservations, expiry and callbacks.
import type { FastifyPluginAsync } from 'fastify';
import { createFspiopHttpClient, type FspiopClient, type FspiopInboundHandler, type FspiopKeys } from '../../../hub/index.js';
import { NotFoundError, ValidationError } from '../../../platform/errors/index.js';
import type { Logger } from '../../../platform/log/index.js';
import { fromMinorUnits, minorUnitsOf, toMinorUnits } from '../../../platform/money/index.js';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { createDeliveryQueue, type DeliveryStats } from './delivery-queue.js';
import { createExpiryTimers } from './expiry-timers.js';
import { createFaultTable, type Fault } from './faults.js';
import { switchRoutes } from './http/switch-routes.js';
import { createMessageLog, type LoggedMessage } from './message-log.js';
import { createSwitchCore } from './switch-handler.js';
import { openSwitchStore, type OracleEntry, type Participant, type StoredTransfer } from './switch-store.js';

export interface SwitchSimulatorOptions {
  database: SqlDatabase;
  /** Holds the `switch` signing key and every participant's verification key. */
  keys: FspiopKeys;
  /** Sends the switch's messages; default: FSPIOP over HTTP to each participant's callback URL. */
  client?: FspiopClient;
  /** Default callback base URL of a participant (e.g. Lango's scheme listener); one registered at the switch wins. */
  endpointOf: (fspId: string) => string | undefined;
  logger: Logger;
  /** Epoch ms; decides expirations. Default Date.now. */
  clock?: () => number;
}

export interface ParticipantRegistration {
  /** FSPIOP FspId, 1-32 characters. */
  fspId: string;
  name: string;
  /** ISO 4217; the participant's one position account. */
  currency: string;
  /** Decimal amount in `currency`, e.g. "1000000". */
  netDebitCap: string;
  /** Callback base URL; default `endpointOf(fspId)`. */
  endpoint?: string;
}

export interface ParticipantView {
  fspId: string;
  name: string;
  /** The URL callbacks go to (the registered one, else the default); undefined when neither exists. */
  endpoint: string | undefined;
  currency: string;
  /** Decimal strings in `currency`; a position below zero is what the scheme owes the FSP. */
  netDebitCap: string;
  position: string;
}

export interface TransferView {
  transferId: string;
  payerFsp: string;
  payeeFsp: string;
  amount: string;
  currency: string;
  condition: string;
  expiration: string;
  state: StoredTransfer['state'];
  fulfilment?: string;
  errorCode?: string;
  errorDescription?: string;
  completedTimestamp?: string;
}

export interface SwitchSimulator {
  /** Fastify plugin for the simulators listener: FSPIOP under `/switch/...`, the admin JSON API under `/switch/admin/...`. */
  readonly routes: FastifyPluginAsync;
  /** The switch as an FSPIOP handler (what `routes` mounts), for in-process use. */
  readonly handler: FspiopInboundHandler;
  /** Adds a participant with position 0; one that exists is left as it is (sandbox seeding at every start). */
  registerParticipant(registration: ParticipantRegistration): Promise<ParticipantView>;
  /** Adds or updates a participant (name, currency, cap; endpoint when given) keeping its position: the admin API's PUT. */
  putParticipant(registration: ParticipantRegistration): Promise<ParticipantView>;
  /** Sets a participant's net debit cap; NotFoundError for an unknown FSP, ValidationError for a bad amount. */
  setNetDebitCap(fspId: string, netDebitCap: string): Promise<ParticipantView>;
  /** Seeds the oracle: `idType idValue[/subId]` is served by `fspId`; an identifier already owned is kept. */
  registerIdentifier(idType: string, idValue: string, fspId: string, subId?: string): Promise<void>;
  participants(): Promise<ParticipantView[]>;
  participant(fspId: string): Promise<ParticipantView | undefined>;
  transfer(transferId: string): Promise<TransferView | undefined>;
  oracle(): Promise<OracleEntry[]>;
  /** The last `limit` messages received and sent, oldest first. */
  messages(limit: number): LoggedMessage[];
  addFault(fault: Fault): void;
  clearFaults(): void;
  faults(): Fault[];
  /** Outbox counters and the number of armed expiry timers. */
  stats(): DeliveryStats & { armedExpiries: number };
  /** Stops timers and waits for callbacks in flight; queued ones stay in the database for the next open. */
  close(): Promise<void>;
}

const FSP_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** Opens the switch simulator on `database`: migrates, re-arms expiry of reserved transfers, resumes queued callbacks. */
export async function openSwitchSimulator(options: SwitchSimulatorOptions): Promise<SwitchSimulator> {
  const clock = options.clock ?? Date.now;
  const logger = options.logger.child({ component: 'switch-simulator' });
  const store = await openSwitchStore(options.database);
  // Callback URLs are read on every send; the participants table is small and changes only through this object.
  const registered = new Map((await store.participants()).map((participant) => [participant.fspId, participant.endpoint]));
  const endpointFor = (fspId: string) => registered.get(fspId) ?? options.endpointOf(fspId);
  const ownClient = options.client ? undefined : createFspiopHttpClient({
    keys: options.keys,
    logger,
    endpointOf: (request) => {
      const endpoint = request.destination ? endpointFor(request.destination) : undefined;
      // Final rather than retried: nothing will appear at a URL that is not configured.
      if (!endpoint) throw Object.assign(new Error(`no callback URL for FSP ${request.destination ?? '(none)'}`), { retryable: false });
      return endpoint.replace(/\/+$/, '');
    },
  });
  const faults = createFaultTable();
  const messages = createMessageLog();
  const deliveries = createDeliveryQueue({ store, client: options.client ?? ownClient!, faults, messages, logger });
  const timers = createExpiryTimers((transferId) => {
    core.expire(transferId).catch((error: unknown) => logger.error({ err: error, transferId }, 'switch simulator could not expire a transfer'));
  }, clock);
  const core = createSwitchCore({ store, faults, messages, deliveries, timers, clock, logger, defaultEndpoint: options.endpointOf });
  for (const transfer of await store.reservedTransfers()) timers.arm(transfer.transferId, transfer.expiresAt);
  deliveries.kick();

  const view = (participant: Participant): ParticipantView => ({
    fspId: participant.fspId, name: participant.name, endpoint: endpointFor(participant.fspId), currency: participant.currency,
    netDebitCap: signedAmount(participant.netDebitCap, participant.currency), position: signedAmount(participant.position, participant.currency),
  });

  const simulator: SwitchSimulator = {
    routes: switchRoutes(() => simulator, options.keys),
    handler: core,
    async registerParticipant(registration) {
      const stored = await store.addParticipant(checkedRegistration(registration), clock());
      if (!registered.has(stored.fspId)) registered.set(stored.fspId, stored.endpoint);
      return view(stored);
    },
    async putParticipant(registration) {
      const checked = checkedRegistration(registration);
      const stored = await store.putParticipant({ ...checked, endpoint: checked.endpoint ?? registered.get(checked.fspId) }, clock());
      registered.set(stored.fspId, stored.endpoint);
      return view(stored);
    },
    async setNetDebitCap(fspId, netDebitCap) {
      const participant = await store.participant(fspId);
      if (!participant) throw new NotFoundError(`${fspId} is not a participant`, { path: 'fspId' });
      await store.setNetDebitCap(fspId, capOf(netDebitCap, participant.currency));
      return view((await store.participant(fspId))!);
    },
    async registerIdentifier(idType, idValue, fspId, subId) {
      if (!(await store.participant(fspId))) throw new ValidationError(`${fspId} is not a participant`, { path: 'fspId' });
      await store.addOracleEntry({ idType, idValue, subId, fspId, currency: undefined });
    },
    participants: async () => (await store.participants()).map(view),
    async participant(fspId) {
      const participant = await store.participant(fspId);
      return participant && view(participant);
    },
    async transfer(transferId) {
      const transfer = await store.transfer(transferId);
      return transfer && transferView(transfer);
    },
    oracle: () => store.oracleEntries(),
    messages: (limit) => messages.last(limit),
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    stats: () => ({ ...deliveries.stats(), armedExpiries: timers.size() }),
    async close() {
      timers.close();
      await deliveries.close();
      (ownClient as { close?: () => void } | undefined)?.close?.();
    },
  };
  return simulator;
}

function checkedRegistration(registration: ParticipantRegistration): Omit<Participant, 'position'> {
  if (!FSP_ID.test(registration.fspId)) throw new ValidationError('fspId must be 1-32 letters, digits, ".", "_" or "-"', { path: 'fspId' });
  if (typeof registration.name !== 'string' || registration.name.length === 0 || registration.name.length > 128) throw new ValidationError('name must be 1-128 characters', { path: 'name' });
  minorUnitsOf(registration.currency);
  if (registration.endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(registration.endpoint)) throw new ValidationError('endpoint must be an http(s) URL', { path: 'endpoint' });
  return {
    fspId: registration.fspId, name: registration.name, currency: registration.currency,
    netDebitCap: capOf(registration.netDebitCap, registration.currency), endpoint: registration.endpoint?.replace(/\/+$/, ''),
  };
}

function capOf(netDebitCap: string, currency: string): bigint {
  if (typeof netDebitCap !== 'string') throw new ValidationError('netDebitCap must be a decimal string', { path: 'netDebitCap' });
  return toMinorUnits(netDebitCap, currency);
}

/** Minor units → decimal string with a sign: positions go below zero, FSPIOP amounts do not. */
function signedAmount(minor: bigint, currency: string): string {
  return minor < 0n ? `-${fromMinorUnits(-minor, currency)}` : fromMinorUnits(minor, currency);
}

function transferView(transfer: StoredTransfer): TransferView {
  return {
    transferId: transfer.transferId, payerFsp: transfer.payerFsp, payeeFsp: transfer.payeeFsp,
    amount: fromMinorUnits(transfer.amountMinor, transfer.currency), currency: transfer.currency, condition: transfer.condition,
    expiration: transfer.expiration, state: transfer.state,
    ...(transfer.fulfilment && { fulfilment: transfer.fulfilment }),
    ...(transfer.errorCode && { errorCode: transfer.errorCode }),
    ...(transfer.errorDescription && { errorDescription: transfer.errorDescription }),
    ...(transfer.completedTimestamp && { completedTimestamp: transfer.completedTimestamp }),
  };
}
