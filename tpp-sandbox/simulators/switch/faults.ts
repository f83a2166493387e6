// SPDX-License-Identifier: Apache-2.0
// Failures a test switches on through the admin API. Each applies to the next `count` matching messages, then is
// spent. In memory on purpose: a restart clears them, like any test fixture.
import { fspiopErrorInfo, ValidationError } from '../../../platform/errors/index.js';

export type Fault =
  /** Answer the next POST /transfers with an error callback of `errorCode` to the payer instead of forwarding it. */
  | { kind: 'reject-transfer'; errorCode: string; count: number }
  /** Swallow the payee's next PUT /transfers/{ID}, so the transfer expires at the switch. */
  | { kind: 'drop-fulfil'; count: number }
  /** Hold the next outgoing messages for `ms` milliseconds before sending. */
  | { kind: 'delay'; ms: number; count: number };

export type FaultKind = Fault['kind'];

export interface FaultTable {
  add(fault: Fault): void;
  clear(): void;
  list(): Fault[];
  /** Spends one use of the first active fault of `kind` and returns it; undefined when none is active. */
  take<K extends FaultKind>(kind: K): Extract<Fault, { kind: K }> | undefined;
}

/** An empty fault table. */
export function createFaultTable(): FaultTable {
  let faults: Fault[] = [];
  return {
    add(fault) {
      faults.push({ ...fault });
    },
    clear() {
      faults = [];
    },
    list() {
      return faults.map((fault) => ({ ...fault }));
    },
    take<K extends FaultKind>(kind: K) {
      const fault = faults.find((candidate): candidate is Extract<Fault, { kind: K }> => candidate.kind === kind);
      if (!fault) return undefined;
      fault.count -= 1;
      if (fault.count <= 0) faults = faults.filter((candidate) => candidate !== fault);
      return { ...fault };
    },
  };
}

/** Checks an admin API fault body; throws ValidationError naming the field at fault. */
export function parseFault(body: unknown): Fault {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const count = input['count'] ?? 1;
  if (!Number.isSafeInteger(count) || (count as number) < 1) throw new ValidationError('count must be a positive integer', { path: 'count' });
  switch (input['kind']) {
    case 'reject-transfer': {
      const errorCode = input['errorCode'];
      if (typeof errorCode !== 'string' || !fspiopErrorInfo(errorCode)) throw new ValidationError('errorCode must be an FSPIOP error code', { path: 'errorCode' });
      return { kind: 'reject-transfer', errorCode, count: count as number };
    }
    case 'drop-fulfil':
      return { kind: 'drop-fulfil', count: count as number };
    case 'delay': {
      const ms = input['ms'];
      if (!Number.isSafeInteger(ms) || (ms as number) < 0 || (ms as number) > 600_000) throw new ValidationError('ms must be an integer from 0 to 600000', { path: 'ms' });
      return { kind: 'delay', ms: ms as number, count: count as number };
    }
    default:
      throw new ValidationError('kind must be reject-transfer, drop-fulfil or delay', { path: 'kind' });
  }
}
