// SPDX-License-Identifier: Apache-2.0
// The Mojaloop switch simulator: what a hackathon's scheme runs (account lookup with its oracle, quoting in
// pass-through mode, central-ledger's transfers with positions and net debit caps), for Lango and external DFSPs
// such as an sdk-scheme-adapter. Its state lives in SQL, so a restart resumes reservations, expiry and callbacks.
import { createFspiopHttpClient } from '../../../hub/index.js';
import { NotFoundError, ValidationError } from '../../../platform/errors/index.js';
import { fromMinorUnits, minorUnitsOf, toMinorUnits } from '../../../platform/money/index.js';
import { createDeliveryQueue } from './delivery-queue.js';
import { createExpiryTimers } from './expiry-timers.js';
import { createFaultTable } from './faults.js';
import { switchRoutes } from './http/switch-routes.js';
import { createMessageLog } from './message-log.js';
import { createSwitchCore } from './switch-handler.js';
import type { ParticipantRegistration, ParticipantView, SwitchSimulator, SwitchSimulatorOptions, TransferView } from './switch-api.js';
import { openSwitchStore, type Participant, type StoredTransfer } from './switch-store.js';

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
    ...(options.sign !== undefined && { sign: options.sign }),
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
    routes: switchRoutes(() => simulator, {
      keys: options.keys, validateSignature: options.validateSignature ?? true,
      // A message the switch refused is logged too: tests assert that nothing Lango sends is refused.
      onRejected: ({ method, uri, source, destination, error }) => messages.add({
        at: Date.now(), direction: 'received', method, resource: uri.split('/')[1] ?? '', path: uri, source: source ?? '', destination,
        outcome: `rejected: ${String((error as { details?: { fspiopCode?: unknown } }).details?.fspiopCode ?? (error as Error).message)}`,
      }),
    }),
    handler: core,
    async registerParticipant(registration) {
      const stored = await store.addParticipant(checkedRegistration(registration), clock());
      registered.set(stored.fspId, stored.endpoint);
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
      ownClient?.close();
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
