// SPDX-License-Identifier: Apache-2.0
// The account lookup service and its oracle (Mojaloop account-lookup-service): which FSP serves a party identifier.
import type { InboundFspiopMessage } from '../../../hub/index.js';
import { forwardOf, fspiopPath, switchCallback, switchError } from './callbacks.js';
import { nothing, routable, sending, type Step } from './switch-step.js';

function identifierOf(message: InboundFspiopMessage): { idType: string; idValue: string; subId: string | undefined } | undefined {
  const { Type, ID, SubId } = message.params;
  return Type && ID ? { idType: Type, idValue: ID, subId: SubId } : undefined;
}

/**
 * GET /parties/{Type}/{ID}[/{SubId}]: to FSPIOP-Destination when the payer named one, else to the FSP the oracle
 * knows; neither → `PUT .../error` 3204 to the payer (FSPIOP v1.1 §6.3.2.1).
 */
export const lookupParty: Step = async (message, context) => {
  const path = fspiopPath(message.uri);
  if (message.destination && (await routable(context, message.destination))) return sending(forwardOf(message, message.destination));
  const identifier = identifierOf(message);
  const entry = identifier && (await context.tx.oracleLookup(identifier.idType, identifier.idValue, identifier.subId));
  if (entry && (await routable(context, entry.fspId))) return sending(forwardOf(message, entry.fspId));
  return sending(switchError('parties', path, message.source, '3204', `no FSP serves ${identifier ? `${identifier.idType} ${identifier.idValue}` : path}`));
};

/**
 * POST /participants/{Type}/{ID}[/{SubId}] with `{ fspId, currency }`: registers the identifier in the oracle and
 * answers `PUT /participants/...`; one another FSP owns already, or an fspId that is not a participant → 3003.
 */
export const registerParticipantIdentifier: Step = async (message, context) => {
  const identifier = identifierOf(message);
  // The bulk form (POST /participants with a partyList) is not simulated.
  if (!identifier) return nothing();
  const path = fspiopPath(message.uri);
  const body = message.body as { fspId: string; currency?: string };
  if (!(await context.tx.participant(body.fspId))) return sending(switchError('participants', path, message.source, '3003', `${body.fspId} is not a participant`));
  const stored = await context.tx.addOracleEntry({ ...identifier, fspId: body.fspId, currency: body.currency });
  if (stored.fspId !== body.fspId) return sending(switchError('participants', path, message.source, '3003', `${identifier.idType} ${identifier.idValue} belongs to another FSP`));
  return sending(switchCallback('participants', path, message.source, { fspId: stored.fspId }));
};

/** GET /participants/{Type}/{ID}[/{SubId}]: `PUT` with the owning fspId, or `/error` 3204. */
export const lookupParticipant: Step = async (message, context) => {
  const identifier = identifierOf(message);
  const path = fspiopPath(message.uri);
  const entry = identifier && (await context.tx.oracleLookup(identifier.idType, identifier.idValue, identifier.subId));
  if (!entry) return sending(switchError('participants', path, message.source, '3204', `no FSP serves ${identifier ? `${identifier.idType} ${identifier.idValue}` : path}`));
  return sending(switchCallback('participants', path, message.source, { fspId: entry.fspId }));
};
