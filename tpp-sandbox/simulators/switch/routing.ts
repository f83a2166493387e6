// SPDX-License-Identifier: Apache-2.0
// Messages the switch only routes by FSPIOP-Destination: quotes (the quoting service in pass-through mode),
// transaction requests and authorizations (request to pay), party callbacks.
import type { InboundFspiopMessage } from '../../../hub/index.js';
import { forwardOf, resourcePathOf, switchError } from './callbacks.js';
import { nothing, routable, sending, type Effects, type Step, type StepContext } from './switch-step.js';

/** Forwards to FSPIOP-Destination; an unknown destination gets the sender a 3201 error (an error callback is dropped). */
export const forwardToDestination: Step = (message, context) => forwardTo(message, message.destination, context);

async function forwardTo(message: InboundFspiopMessage, destination: string | undefined, context: StepContext): Promise<Effects> {
  if (destination && (await routable(context, destination))) return sending(forwardOf(message, destination));
  const resourcePath = resourcePathOf(message);
  if (message.kind === 'error' || !resourcePath) {
    context.logger.warn({ resource: message.resource, uri: message.uri, destination }, 'switch simulator dropped an unroutable message');
    return nothing();
  }
  return sending(switchError(message.resource, resourcePath, message.source, '3201', `destination ${destination ?? '(none)'} is not a participant`));
}

interface QuoteRequest {
  quoteId: string;
  payee?: { partyIdInfo?: { fspId?: string } };
}

/** POST /quotes: records the quote and forwards it to the payee FSP (FSPIOP-Destination, else the payee's fspId). */
export const requestQuote: Step = async (message, context) => {
  const body = message.body as QuoteRequest;
  const destination = message.destination ?? body.payee?.partyIdInfo?.fspId;
  if (destination && (await routable(context, destination))) await context.tx.recordQuote(body.quoteId, message.source, destination, context.now);
  return forwardTo(message, destination, context);
};

/** PUT /quotes/{ID} (+/error) from the payee FSP: notes the answer and forwards it to the payer FSP. */
export const answerQuote: Step = async (message, context) => {
  if (message.params.ID) await context.tx.setQuoteState(message.params.ID, message.kind === 'error' ? 'REJECTED' : 'ANSWERED');
  return forwardTo(message, message.destination, context);
};
