// SPDX-License-Identifier: Apache-2.0
// What crossed the switch, newest last: test assertions and the sandbox's "what happened" view. In memory on purpose:
// it is an observation aid, not state a payment needs.

export interface LoggedMessage {
  /** Epoch ms. */
  at: number;
  direction: 'received' | 'sent';
  method: string;
  resource: string;
  /** The FSPIOP path, e.g. `/transfers/{ID}/error` with the id filled in. */
  path: string;
  source: string;
  destination: string | undefined;
  /** The errorInformation.errorCode of an error callback. */
  errorCode?: string;
  /** For sent messages: delivered, or why the last attempt failed. */
  outcome?: string;
}

export interface MessageLog {
  /** Appends one entry, dropping the oldest beyond the capacity. */
  add(entry: LoggedMessage): void;
  /** The last `limit` entries, oldest first. */
  last(limit: number): LoggedMessage[];
}

/** A ring of the last `capacity` messages. */
export function createMessageLog(capacity = 1000): MessageLog {
  const entries: LoggedMessage[] = [];
  return {
    add(entry) {
      entries.push(entry);
      if (entries.length > capacity) entries.splice(0, entries.length - capacity);
    },
    last(limit) {
      return limit <= 0 ? [] : entries.slice(-limit);
    },
  };
}

/** The errorCode of an FSPIOP error body, if it is one. */
export function errorCodeOf(body: unknown): string | undefined {
  const code = (body as { errorInformation?: { errorCode?: unknown } } | undefined)?.errorInformation?.errorCode;
  return typeof code === 'string' ? code : undefined;
}
