// SPDX-License-Identifier: Apache-2.0
import { LangoError, UnavailableError } from '../errors/lango-error.js';

/**
 * Runs a store or broker call; its failures become EVENT_LOG_UNAVAILABLE while Lango's own errors pass
 * unchanged. The driver's message (SQL, host names) stays in `cause`: this error's message may reach a caller.
 */
export async function guardEventLog<T>(message: string, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof LangoError) throw error;
    throw new UnavailableError('EVENT_LOG_UNAVAILABLE', message, { cause: error });
  }
}

/** Throws when the log was closed: nothing may be appended or subscribed after close(). */
export function assertOpen(closed: boolean): void {
  if (closed) throw new UnavailableError('EVENT_LOG_UNAVAILABLE', 'the event log is closed');
}
