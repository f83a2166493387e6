// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// A caller's id is kept when it is a plain token (Berlin Group demands a UUID, others use their own ids),
// so one id follows a request through logs of every hop; anything else gets a fresh UUID.
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id of a call: the caller's X-Request-ID when sane, a new UUID otherwise. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
}
