// SPDX-License-Identifier: Apache-2.0
// The shape of one step of the switch: given an inbound message and the store inside the message's transaction, it
// changes state and says what to send. It sends nothing itself: the outbox does, after the transaction commits.
import type { FspiopRequest, InboundFspiopMessage } from '../../../hub/index.js';
import type { Logger } from '../../../platform/log/index.js';
import type { FaultTable } from './faults.js';
import type { SwitchStore } from './switch-store.js';

export interface Effects {
  /** Messages to queue in the same transaction. */
  send: FspiopRequest[];
  /** A transfer now RESERVED, whose expiry timer to arm (epoch ms). */
  arm?: { transferId: string; expiresAt: number };
  /** A transfer no longer RESERVED, whose timer to drop. */
  disarm?: string;
}

export interface StepContext {
  /** The store bound to this message's transaction; never the outer one (SQLite has one connection). */
  tx: SwitchStore;
  faults: FaultTable;
  /** Epoch ms when the message is processed. */
  now: number;
  logger: Logger;
  /** The simulator's default callback URL of an FSP, used when none is registered. */
  defaultEndpoint(fspId: string): string | undefined;
}

export type Step = (message: InboundFspiopMessage, context: StepContext) => Promise<Effects>;

/** A step's result when it changes nothing and sends nothing (a duplicate in progress, a dropped message). */
export const nothing = (): Effects => ({ send: [] });
/** A step's result that only sends. */
export const sending = (...send: FspiopRequest[]): Effects => ({ send });

/** Whether the switch can route to `fspId`: a registered participant with a callback URL. */
export async function routable(context: StepContext, fspId: string | undefined): Promise<boolean> {
  if (!fspId) return false;
  const participant = await context.tx.participant(fspId);
  return participant !== undefined && (participant.endpoint ?? context.defaultEndpoint(fspId)) !== undefined;
}
