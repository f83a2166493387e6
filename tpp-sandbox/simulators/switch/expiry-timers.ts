// SPDX-License-Identifier: Apache-2.0
// One timer per RESERVED transfer, armed at its expiration. The state lives in SQL, so a restart re-arms them all.

/** setTimeout's longest delay (2^31-1 ms, ~24.8 days); a later expiration fires early and is re-armed. */
const MAX_DELAY_MS = 2_147_483_647;

export interface ExpiryTimers {
  /** Calls the expiry handler for `transferId` at `expiresAt` (epoch ms by the simulator's clock); re-arming replaces. */
  arm(transferId: string, expiresAt: number): void;
  disarm(transferId: string): void;
  /** How many timers are armed. */
  size(): number;
  close(): void;
}

/** Timers that call `onExpire(transferId)`; `clock` is the simulator's. */
export function createExpiryTimers(onExpire: (transferId: string) => void, clock: () => number): ExpiryTimers {
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;
  const disarm = (transferId: string) => {
    clearTimeout(timers.get(transferId));
    timers.delete(transferId);
  };
  return {
    arm(transferId, expiresAt) {
      if (closed) return;
      disarm(transferId);
      const delay = Math.min(MAX_DELAY_MS, Math.max(0, expiresAt - clock()));
      // unref: an armed expiry alone must not keep a process (or a test run) alive.
      timers.set(transferId, setTimeout(() => {
        timers.delete(transferId);
        onExpire(transferId);
      }, delay).unref());
    },
    disarm,
    size: () => timers.size,
    close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
