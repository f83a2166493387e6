// SPDX-License-Identifier: Apache-2.0
// Arms Node timers for what falls due later: BPMN timers, message expiries, job back-offs. Armed only
// after the commit that created them; re-armed from the stored due dates at start, so a timer that fell
// due while the process was down fires at once (late rather than never).

// setTimeout's limit (~24.8 days); longer waits re-arm when this delay ends.
const MAX_DELAY = 2_147_483_647;

export interface TimerWheelCallbacks {
  fireTimer(key: string): void;
  expireMessage(key: string): void;
  jobReady(key: string): void;
}

export class TimerWheel {
  readonly #handles = new Map<string, NodeJS.Timeout>();

  constructor(private readonly callbacks: TimerWheelCallbacks) {}

  scheduleTimer(key: string, dueAt: number): void {
    this.#arm(`timer:${key}`, dueAt, () => this.callbacks.fireTimer(key));
  }

  cancelTimer(key: string): void {
    this.#disarm(`timer:${key}`);
  }

  scheduleExpiry(key: string, expiresAt: number): void {
    this.#arm(`message:${key}`, expiresAt, () => this.callbacks.expireMessage(key));
  }

  scheduleJobReady(key: string, at: number): void {
    this.#arm(`job:${key}`, at, () => this.callbacks.jobReady(key));
  }

  clear(): void {
    for (const handle of this.#handles.values()) clearTimeout(handle);
    this.#handles.clear();
  }

  #arm(id: string, dueAt: number, fire: () => void): void {
    this.#disarm(id);
    const delay = Math.max(0, dueAt - Date.now());
    const handle = setTimeout(() => {
      this.#handles.delete(id);
      if (delay > MAX_DELAY) this.#arm(id, dueAt, fire);
      else fire();
    }, Math.min(delay, MAX_DELAY));
    this.#handles.set(id, handle);
  }

  #disarm(id: string): void {
    const handle = this.#handles.get(id);
    if (handle) clearTimeout(handle);
    this.#handles.delete(id);
  }
}
