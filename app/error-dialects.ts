// SPDX-License-Identifier: Apache-2.0
import type { ErrorDialect } from '../platform/errors/index.js';
import type { ListenerName } from '../platform/config/index.js';

// One listener serves several APIs: the path prefix says whose error model a failing request gets.
const BY_PREFIX: Partial<Record<ListenerName, readonly (readonly [string, ErrorDialect])[]>> = {
  public: [['/v1/', 'berlin-group'], ['/mm/', 'gsma'], ['/3p/', 'fspiop'], ['/oauth/', 'oauth']],
  publicTls: [['/v1/', 'berlin-group'], ['/mm/', 'gsma'], ['/3p/', 'fspiop'], ['/oauth/', 'oauth']],
  simulators: [['/switch/', 'fspiop'], ['/mmp/', 'gsma']],
};

// Listeners that speak one API only.
const WHOLE_LISTENER: Partial<Record<ListenerName, ErrorDialect>> = { scheme: 'fspiop' };

/** The error model for a request on a listener: the API addressed, RFC 9457 problem details otherwise. */
export function dialectFor(listener: ListenerName, url: string): ErrorDialect {
  const whole = WHOLE_LISTENER[listener];
  if (whole) return whole;
  const path = `${url.split('?')[0]}/`;
  return BY_PREFIX[listener]?.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'problem';
}
