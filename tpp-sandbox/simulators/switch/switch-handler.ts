// SPDX-License-Identifier: Apache-2.0
// The switch as an FSPIOP inbound handler: which step serves which message (the table below), each run in one
// transaction with the callbacks it queues. `handle` resolves once that transaction committed, so the 202 the
// FSPIOP listener answers means "recorded"; the callbacks go out afterwards from the outbox.
import type { FspiopInboundHandler, InboundFspiopMessage } from '../../../hub/index.js';
import { fspiopError } from '../../../platform/errors/index.js';
import type { Logger } from '../../../platform/log/index.js';
import { lookupParticipant, lookupParty, registerParticipantIdentifier } from './account-lookup.js';
import { fspiopPath } from './callbacks.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { ExpiryTimers } from './expiry-timers.js';
import type { FaultTable } from './faults.js';
import { errorCodeOf, type MessageLog } from './message-log.js';
import { answerQuote, forwardToDestination, requestQuote } from './routing.js';
import type { Effects, StepContext, Step } from './switch-step.js';
import type { SwitchStore } from './switch-store.js';
import { expireTransfer, fulfilTransfer, getTransfer, prepareTransfer, rejectTransfer } from './transfers.js';

/** `<method> /<resource>[/error]` → step. Anything else the switch does not serve (FSPIOP 3002, unknown URI). */
export const SWITCH_STEPS: Readonly<Record<string, Step>> = {
  'GET /parties': lookupParty,
  'PUT /parties': forwardToDestination,
  'PUT /parties/error': forwardToDestination,
  'POST /participants': registerParticipantIdentifier,
  'GET /participants': lookupParticipant,
  'POST /quotes': requestQuote,
  'GET /quotes': forwardToDestination,
  'PUT /quotes': answerQuote,
  'PUT /quotes/error': answerQuote,
  'POST /transfers': prepareTransfer,
  'PUT /transfers': fulfilTransfer,
  'PUT /transfers/error': rejectTransfer,
  'GET /transfers': getTransfer,
  'POST /transactionRequests': forwardToDestination,
  'GET /transactionRequests': forwardToDestination,
  'PUT /transactionRequests': forwardToDestination,
  'PUT /transactionRequests/error': forwardToDestination,
  'GET /authorizations': forwardToDestination,
  'PUT /authorizations': forwardToDestination,
  'PUT /authorizations/error': forwardToDestination,
};

export interface SwitchCore extends FspiopInboundHandler {
  /** Aborts `transferId` with 3303 if it is still RESERVED past its expiration (the expiry timer's work). */
  expire(transferId: string): Promise<void>;
}

export interface SwitchCoreOptions {
  store: SwitchStore;
  faults: FaultTable;
  messages: MessageLog;
  deliveries: DeliveryQueue;
  timers: ExpiryTimers;
  clock: () => number;
  logger: Logger;
  defaultEndpoint(fspId: string): string | undefined;
}

/** The switch's message handling over its store, outbox and expiry timers. */
export function createSwitchCore(options: SwitchCoreOptions): SwitchCore {
  const { store, faults, messages, deliveries, clock, logger } = options;

  async function run(work: (context: StepContext) => Promise<Effects>): Promise<void> {
    const now = clock();
    const effects = await store.transaction(async (tx) => {
      const result = await work({ tx, faults, now, logger, defaultEndpoint: options.defaultEndpoint });
      for (const request of result.send) await tx.enqueue(request, Date.now());
      return result;
    });
    if (effects.send.length > 0) deliveries.kick();
    if (effects.disarm) options.timers.disarm(effects.disarm);
    if (effects.arm) options.timers.arm(effects.arm.transferId, effects.arm.expiresAt);
  }

  return {
    async handle(message: InboundFspiopMessage) {
      const key = `${message.method} /${message.resource}${message.kind === 'error' ? '/error' : ''}`;
      const errorCode = errorCodeOf(message.body);
      messages.add({ at: clock(), direction: 'received', method: message.method, resource: message.resource, path: fspiopPath(message.uri), source: message.source, destination: message.destination, ...(errorCode && { errorCode }) });
      const step = SWITCH_STEPS[key];
      if (!step) throw fspiopError('3002', `the switch does not serve ${key}`);
      await run((context) => step(message, context));
    },
    async expire(transferId) {
      await run((context) => expireTransfer(transferId, context));
    },
  };
}
