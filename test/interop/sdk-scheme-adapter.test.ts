// SPDX-License-Identifier: Apache-2.0
// Lango against a DFSP it did not write: @mojaloop/sdk-scheme-adapter 18.0.2 (test/peers/sdk-scheme-adapter) joins
// the sandbox scheme as `sdkpeer` through the switch simulator's admin API, with its own backend and redis. Money
// moves both ways over FSPIOP v1.1, every message JWS-signed (RS256, see scheme-keys.ts) and verified by all three
// parties. Run by the interop step of .ci/run, or locally with LANGO_TEST_INTEROP=1 after `npm ci` in the peer folder.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toMinorUnits } from '../../platform/money/index.js';
import { SANDBOX_BANKS, SWITCH_FSP_ID, type LoggedMessage } from '../../tpp-sandbox/index.js';
import { startPeerBackend, type PeerBackend } from '../peers/sdk-scheme-adapter/peer-backend.js';
import { sdkPeerInstalled, startSdkPeer, type SdkPeer } from '../peers/sdk-scheme-adapter/sdk-peer.js';
import { startPaymentsSandbox, type Balance, type PaymentsSandbox } from '../support/payments-sandbox.js';
import { tempDir } from '../support/temp-dir.js';
import { rsaKeyPair, writePrivateKey, writeRsaSchemeKeys } from './scheme-keys.js';

const PEER_FSP = 'sdkpeer';
const PEER_CUSTOMER = { idType: 'MSISDN', idValue: '27719990001', firstName: 'Asha', lastName: 'Mwakilema' } as const;
const JOHN_BUFFALO = '27710101999';
const JUMA_LION = '27710102999';

const skip = process.env.LANGO_TEST_INTEROP !== '1'
  ? 'interop tests run with LANGO_TEST_INTEROP=1 (the interop step of .ci/run sets it)'
  : !sdkPeerInstalled()
    ? 'sdk-scheme-adapter is not installed: run `npm ci` in test/peers/sdk-scheme-adapter'
    : false;

/** The part of the sdk's outbound transfer response (its OutboundServer api.yaml, transferResponse) checked here. */
interface OutboundTransfer {
  transferId: string;
  currentState: string;
  /** Set on an error answer. */
  message?: string;
  to: { fspId?: string };
  fulfil?: { body: { transferState: string } };
}

const minor = (amount: string) => (amount.startsWith('-') ? -toMinorUnits(amount.slice(1), 'TZS') : toMinorUnits(amount, 'TZS'));
const delta = (before: Balance, after: Balance) => minor(after.accountBalance) - minor(before.accountBalance);

describe('sdk-scheme-adapter 18.0.2 as a counterparty DFSP', { skip, timeout: 240_000 }, () => {
  let sandbox: PaymentsSandbox;
  let backend: PeerBackend;
  let peer: SdkPeer;

  before(async () => {
    const dataDir = tempDir('interop');
    const keysDir = join(dataDir, 'fspiop');
    writeRsaSchemeKeys(keysDir, [...SANDBOX_BANKS.map((bank) => bank.fspId), SWITCH_FSP_ID]);
    // The peer's private key stays outside Lango's key directory; its public key is published in it.
    const peerKeys = rsaKeyPair();
    mkdirSync(join(dataDir, PEER_FSP), { recursive: true });
    const signingKeyPath = join(dataDir, PEER_FSP, 'jws-signing.key');
    writePrivateKey(signingKeyPath, peerKeys.privateKeyPem);
    writeFileSync(join(keysDir, 'jws', `${PEER_FSP}.pem`), peerKeys.publicKeyPem);

    // Callbacks time out well before the test polls give up, so a broken exchange ends as a FAILED transfer.
    sandbox = await startPaymentsSandbox({ LANGO_FSPIOP_TIMEOUT_MS: '8000' }, dataDir);
    backend = await startPeerBackend([PEER_CUSTOMER]);
    peer = await startSdkPeer({
      dfspId: PEER_FSP,
      switchEndpoint: `${new URL(sandbox.lango.urls.simulators!).host}/switch`,
      backendEndpoint: backend.endpoint,
      signingKeyPath,
      verificationKeysDirectory: join(keysDir, 'jws'),
      logFile: process.env.LANGO_TEST_PEER_LOG ?? join(dataDir, 'sdk-peer.log'),
    });

    // What a hub operator does for a new DFSP: participant with a callback endpoint, then its customers' ids.
    const registered = await sandbox.switchAdmin('PUT', `/participants/${PEER_FSP}`, { name: 'sdk-scheme-adapter peer', currency: 'TZS', netDebitCap: '100000000', endpoint: peer.inboundUrl });
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    const mapped = await sandbox.switchAdmin('POST', '/oracle', { idType: PEER_CUSTOMER.idType, idValue: PEER_CUSTOMER.idValue, fspId: PEER_FSP });
    assert.equal(mapped.status, 201, JSON.stringify(mapped.body));
  });

  /** What the switch sent on from `fspId`, with each delivery's outcome (`delivered`, or why it failed). */
  const messagesFrom = async (fspId: string) => ((await sandbox.switchAdmin('GET', '/messages?limit=200')).body as LoggedMessage[])
    .filter((message) => message.direction === 'sent' && message.source === fspId);

  after(async () => {
    await peer?.stop();
    await backend?.close();
    await sandbox?.stop();
  });

  it('a Buffalo customer pays the peer\'s customer by MSISDN through Lango\'s channel API', async () => {
    const john = sandbox.account(JOHN_BUFFALO);
    const before = await sandbox.balance(john);

    const payer = await sandbox.transfer(JOHN_BUFFALO, PEER_CUSTOMER.idValue, '1234.50');

    assert.equal(payer.status, 'COMPLETED', `${JSON.stringify(payer)}\nthe switch's messages from the peer: ${JSON.stringify(await messagesFrom(PEER_FSP))}`);
    assert.equal(payer.payee.fspId, PEER_FSP);
    assert.equal(payer.payee.name, 'Asha Mwakilema');
    // Buffalo's Fineract charges 0.5 % with a minimum of 100.00.
    assert.deepEqual(payer.payerFee, { amount: '100.00', currency: 'TZS' });
    const after = await sandbox.balance(john);
    assert.equal(delta(before, after), -minor('1334.50'));
    assert.equal(after.balanceOnHold, '0.00');

    // The peer's books: one booking of the amount, for Lango's transfer, quoted first.
    const bookings = backend.calls.filter((call) => call.method === 'POST' && call.path === '/transfers');
    assert.equal(bookings.length, 1, JSON.stringify(backend.calls));
    assert.equal(bookings[0]!.body?.['transferId'], payer.transferId);
    assert.equal(minor(String(bookings[0]!.body?.['amount'])), minor('1234.50'));
    assert.equal(bookings[0]!.body?.['currency'], 'TZS');
    assert.ok(backend.calls.some((call) => call.method === 'POST' && call.path === '/quoterequests' && call.body?.['transactionId'] === payer.transactionId));

    // Each answer the peer signed reached Buffalo as the peer sent it: the switch forwarded it and Lango's scheme
    // listener, which verifies every FSPIOP-Signature, took it (a refused signature is logged as 3105).
    const fromPeer = (await messagesFrom(PEER_FSP)).filter((message) => message.destination === john.fspId);
    for (const path of [`/parties/MSISDN/${PEER_CUSTOMER.idValue}`, `/transfers/${payer.transferId}`]) {
      const message = fromPeer.find((candidate) => candidate.method === 'PUT' && candidate.path === path);
      assert.equal(message?.outcome, 'delivered', `PUT ${path} from the peer: ${JSON.stringify(message)}`);
    }
    assert.ok(fromPeer.some((message) => message.method === 'PUT' && message.path.startsWith('/quotes/') && message.outcome === 'delivered'), JSON.stringify(fromPeer));
  });

  it('the peer\'s customer pays Lion\'s Juma through the sdk\'s outbound API', async () => {
    const juma = sandbox.account(JUMA_LION);
    const before = await sandbox.balance(juma);

    const response = await fetch(`${peer.outboundUrl}/transfers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        homeTransactionId: randomUUID(),
        from: { idType: PEER_CUSTOMER.idType, idValue: PEER_CUSTOMER.idValue, displayName: 'Asha Mwakilema' },
        to: { idType: 'MSISDN', idValue: JUMA_LION },
        amountType: 'SEND', currency: 'TZS', amount: '750', transactionType: 'TRANSFER', note: 'interop',
      }),
    });
    const result = await response.json() as OutboundTransfer;

    assert.equal(response.status, 200, `${result.message}\nthe switch's messages from the peer: ${JSON.stringify(await messagesFrom(PEER_FSP))}\n${peer.logTail(5)}`);
    assert.equal(result.currentState, 'COMPLETED', JSON.stringify(result));
    assert.equal(result.to.fspId, juma.fspId);
    assert.equal(result.fulfil?.body.transferState, 'COMMITTED');
    const payee = await sandbox.settled('lion', result.transferId);
    assert.equal(payee.status, 'COMPLETED');
    assert.equal(payee.direction, 'INBOUND');
    assert.equal(delta(before, await sandbox.balance(juma)), minor('750'));
  });
});
