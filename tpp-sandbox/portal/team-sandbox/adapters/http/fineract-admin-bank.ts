// SPDX-License-Identifier: Apache-2.0
// TestAccountBank over the Fineract simulator's admin API (`<simulators>/fineract/admin/...`): the portal runs in
// the sandbox process but reaches the simulator only as any other client would, over HTTP.
import { TestBankUnavailableError } from '../../errors.js';
import type { TestAccount, TestAccountBank } from '../../model.js';

export interface FineractAdminBankOptions {
  /** The simulators listener's base URL (`http://127.0.0.1:<port>`), or a function read at each call (bound later). */
  baseUrl: string | (() => string);
  /** Per request, ms; 5000 by default. */
  timeoutMs?: number;
}

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
}

export function fineractAdminBank(options: FineractAdminBankOptions): TestAccountBank {
  const base = typeof options.baseUrl === 'function' ? options.baseUrl : () => options.baseUrl as string;
  const timeoutMs = options.timeoutMs ?? 5000;

  /** One call; a network failure, a timeout or a status outside `expected` is TEST_BANK_UNAVAILABLE. */
  async function call(what: string, method: string, path: string, expected: readonly number[], body?: unknown): Promise<Answer> {
    let response: Response;
    try {
      response = await fetch(`${base()}/fineract/admin${path}`, {
        method,
        ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new TestBankUnavailableError(what, { cause: error });
    }
    const text = await response.text();
    if (!expected.includes(response.status)) throw new TestBankUnavailableError(what, { cause: new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`) });
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  }

  const accountPath = (tenantId: string, accountId: string) => `/tenants/${encodeURIComponent(tenantId)}/accounts/${encodeURIComponent(accountId)}`;
  const open = async (account: TestAccount) => {
    await call('open the account', 'POST', `/tenants/${encodeURIComponent(account.tenantId)}/accounts`, [200, 201], {
      accountId: account.accountId, currency: account.currency, openingBalance: account.openingBalance, holderName: account.holderName,
    });
  };

  return {
    open,
    async restore(account) {
      const answer = await call('restore the account', 'POST', `${accountPath(account.tenantId, account.accountId)}/restore`, [200, 404], { openingBalance: account.openingBalance });
      // The bank lost the account (its data reset apart from the directory's): opening it is the same end state.
      if (answer.status === 404) await open(account);
    },
    async close(tenantId, accountId) {
      await call('close the account', 'PUT', `${accountPath(tenantId, accountId)}/status`, [200, 404], { status: 'CLOSED' });
    },
    async balance(tenantId, accountId) {
      const answer = await call('read the balance', 'GET', accountPath(tenantId, accountId), [200, 404]);
      return answer.status === 200 ? String(answer.body?.accountBalance) : undefined;
    },
  };
}
