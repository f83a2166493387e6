// SPDX-License-Identifier: Apache-2.0
// The switch simulator's public shape, apart from its assembly (switch-simulator.ts) so the HTTP adapter can name it.
import type { FastifyPluginAsync } from 'fastify';
import type { FspiopClient, FspiopInboundHandler, FspiopKeys } from '../../../hub/index.js';
import type { Logger } from '../../../platform/log/index.js';
import type { SqlDatabase } from '../../../platform/store/index.js';
import type { DeliveryStats } from './delivery-queue.js';
import type { Fault } from './faults.js';
import type { LoggedMessage } from './message-log.js';
import type { OracleEntry, StoredTransfer } from './switch-store.js';

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
  /** Verify FSPIOP-Signature on inbound messages with a body (default true); off only for peers that do not sign. */
  validateSignature?: boolean;
  /** Sign the switch's own messages as `switch` (default true); forwarded messages keep their sender's signature. */
  sign?: boolean;
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
