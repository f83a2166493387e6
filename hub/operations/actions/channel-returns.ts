// SPDX-License-Identifier: Apache-2.0
// A recall's return payment through the hub's own flows: on-us inside the bank, or a transfer over the scheme to
// the original payer's identifier, started by the channel service like any payment of the tenant (same fees,
// same checks), keyed by the action so an execution repeated after a crash starts nothing new.
import type { ChannelService } from '../../channel/channel-service.js';
import type { ReturnPayments } from './operator-actions.js';

/** The channel caller recorded on return payments. */
export const OPERATIONS_CALLER = { clientId: 'lango-operations' };

export function channelReturnPayments(channel: ChannelService): ReturnPayments {
  return {
    async start({ tenantId, idempotencyKey, fromAccountId, to, amount, currency, note }) {
      const money = { amount, currency };
      const started = 'accountId' in to
        ? await channel.startOnUsTransfer(tenantId, OPERATIONS_CALLER, idempotencyKey, { payerAccountId: fromAccountId, payeeAccountId: to.accountId, amount: money, note })
        : await channel.startAccountTransfer(tenantId, OPERATIONS_CALLER, idempotencyKey, {
          payerAccountId: fromAccountId, payee: { partyIdInfo: { partyIdType: to.idType, partyIdentifier: to.idValue } }, amount: money, note,
        });
      return { transferId: started.transferId };
    },
  };
}
