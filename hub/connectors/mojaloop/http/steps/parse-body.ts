// SPDX-License-Identifier: Apache-2.0
import { LangoError } from '../../../../../platform/errors/index.js';
import type { InboundStep } from './inbound-context.js';

/** The content-type parser keeps the bytes (the signature is over them); JSON is parsed here, once. */
export const parseBody: InboundStep = (context) => {
  if (context.rawBody === undefined || context.rawBody === '') return;
  try {
    context.body = JSON.parse(context.rawBody);
  } catch (error) {
    throw new LangoError('MALFORMED_SYNTAX', `the body is not valid JSON (${(error as Error).message.slice(0, 60)})`, { cause: error, path: 'body' });
  }
};
