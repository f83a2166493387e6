// SPDX-License-Identifier: Apache-2.0
// Fault injection per tenant, so tests can take one bank's Fineract down while the others keep answering.

/** `unavailable` answers 503 at once; `hang` accepts the request and answers nothing until the tenant is set up again. */
export type FineractMode = 'up' | 'unavailable' | 'hang';

/** Every mode `setDown` accepts. */
export const FINERACT_MODES: readonly FineractMode[] = ['up', 'unavailable', 'hang'];

/** The current mode of each tenant, and the requests a `hang` holds. In memory: a restart brings every tenant up. */
export class FaultSwitch {
  readonly #modes = new Map<string, FineractMode>();
  /** Tenant → account id → mode: a fault that touches only postings and quotes on those accounts (say, one failed ledger node). */
  readonly #accountModes = new Map<string, Map<string, FineractMode>>();
  readonly #waiting = new Map<string, Set<(outcome: 'resume' | 'closed') => void>>();

  /** The tenant's current mode; every tenant starts up. */
  mode(tenantId: string): FineractMode {
    return this.#modes.get(tenantId) ?? 'up';
  }

  /** The mode for a request about `accountId`: the tenant's, unless the account has a fault of its own. */
  accountMode(tenantId: string, accountId: string): FineractMode {
    const tenantMode = this.mode(tenantId);
    return tenantMode !== 'up' ? tenantMode : this.#accountModes.get(tenantId)?.get(accountId) ?? 'up';
  }

  /**
   * Changes a tenant's mode, or with `accounts` only the mode of postings and quotes on those accounts (the tenant's other
   * accounts keep theirs); leaving `hang` lets the requests it held continue (as a slow server would).
   */
  set(tenantId: string, mode: FineractMode, accounts?: readonly string[]): void {
    if (accounts) {
      const modes = this.#accountModes.get(tenantId) ?? new Map<string, FineractMode>();
      for (const accountId of accounts) {
        if (mode === 'up') modes.delete(accountId);
        else modes.set(accountId, mode);
      }
      this.#accountModes.set(tenantId, modes);
    } else if (mode === 'up') {
      this.#modes.delete(tenantId);
      this.#accountModes.delete(tenantId);
    } else {
      this.#modes.set(tenantId, mode);
    }
    if (mode !== 'hang') this.#wake(tenantId, 'resume');
  }

  /** Resolves when the tenant leaves `hang`, or with 'closed' when the simulator stops. */
  wait(tenantId: string): Promise<'resume' | 'closed'> {
    return new Promise((resolve) => {
      const waiters = this.#waiting.get(tenantId) ?? new Set();
      waiters.add(resolve);
      this.#waiting.set(tenantId, waiters);
    });
  }

  /** Frees every held request so the listener can close. */
  closeAll(): void {
    for (const tenantId of [...this.#waiting.keys()]) this.#wake(tenantId, 'closed');
  }

  #wake(tenantId: string, outcome: 'resume' | 'closed'): void {
    const waiters = this.#waiting.get(tenantId);
    this.#waiting.delete(tenantId);
    for (const resolve of waiters ?? []) resolve(outcome);
  }
}
