// SPDX-License-Identifier: Apache-2.0
import { fspiopError } from '../../../../../platform/errors/index.js';
import { messageOf, type InboundStep } from './inbound-context.js';

/** A message for an FSP this listener does not serve is refused before the hub sees it (3201, answered 400). */
export const checkDestination: InboundStep = (context, settings) => {
  const destination = context.headers['fspiop-destination'];
  if (settings.acceptsDestination(destination, messageOf(context))) return;
  throw fspiopError('3201', `FSPIOP-Destination ${destination?.slice(0, 32) ?? '(none)'} is not served here`, { status: 400 });
};
