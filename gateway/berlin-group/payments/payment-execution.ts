// SPDX-License-Identifier: Apache-2.0
// How an authorised payment reaches the payment hub (port). The hub runs each transfer in its flows:
// over Mojaloop to another bank, or on-us inside the debtor's bank.

export interface TransferOrder {
  tenantId: string;
  /** The initiating TPP; with `idempotencyKey` it makes the order unique, so a repeat starts nothing new. */
  clientId: string;
  idempotencyKey: string;
  /** The debtor account's id in the bank's AMS. */
  debtorAmsAccountId: string;
  /**
   * `scheme`: the payee is an identifier the scheme's account lookup knows (over Mojaloop); `on-us`: an account of
   * the same bank, by its AMS id (inside the bank's AMS).
   */
  creditor: { route: 'scheme'; idType: 'MSISDN'; idValue: string } | { route: 'on-us'; amsAccountId: string };
  amount: string;
  currency: string;
  note?: string | undefined;
}

export type TransferState = 'RECEIVED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface TransferProgress {
  transactionId: string;
  state: TransferState;
  errorCode?: string | undefined;
  errorDescription?: string | undefined;
}

export interface PaymentExecution {
  /** Records and starts the transfer before it resolves; a repeat of the order's key returns the first transfer. */
  start(order: TransferOrder): Promise<TransferProgress>;
  /** Where the transfer stands; undefined when the hub has no such transfer. */
  progress(tenantId: string, transactionId: string): Promise<TransferProgress | undefined>;
}
