// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, it } from 'node:test';
import { LangoError, renderFspiopError } from '../../../platform/errors/index.js';
import { signFspiopRequest, toSdkSigningKeyPem, verifyFspiopSignature } from './jws.js';
import { Jws, SILENT_SDK_LOGGER, stableStringify } from './sdk.js';

function ecPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

const buffalo = ecPair();
const transfer = { transferId: '2f6a2f5b-4c5a-4c8e-9a43-6a0e2f1d9b11', payerFsp: 'buffalo', payeeFsp: 'lion', amount: { amount: '100', currency: 'TZS' } };

function signedMessage(body: unknown = transfer, headers: Record<string, string> = {}) {
  const rawBody = stableStringify(body);
  const base = { date: 'Sun, 29 Nov 2026 19:00:00 GMT', 'fspiop-source': 'buffalo', 'fspiop-destination': 'lion', ...headers };
  const signature = signFspiopRequest(buffalo.privateKey, { method: 'POST', uri: '/transfers', headers: base, body: rawBody });
  return { headers: { ...base, 'fspiop-uri': '/transfers', 'fspiop-http-method': 'POST', 'fspiop-signature': signature }, rawBody };
}

function assert3105(action: () => void) {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof LangoError);
    const rendered = renderFspiopError(error);
    assert.equal(rendered.status, 400);
    assert.equal((rendered.body as { errorInformation: { errorCode: string } }).errorInformation.errorCode, '3105');
    return true;
  });
}

describe('FSPIOP-Signature', () => {
  it('signs with ES256 for an EC PKCS#8 key and the signature verifies', () => {
    const { headers, rawBody } = signedMessage();
    const protectedHeader = JSON.parse(Buffer.from(JSON.parse(headers['fspiop-signature']).protectedHeader, 'base64url').toString());
    assert.deepEqual(protectedHeader, {
      alg: 'ES256', 'FSPIOP-URI': '/transfers', 'FSPIOP-HTTP-Method': 'POST', 'FSPIOP-Source': 'buffalo', 'FSPIOP-Destination': 'lion', Date: 'Sun, 29 Nov 2026 19:00:00 GMT',
    });
    verifyFspiopSignature(buffalo.publicKey, { headers, body: JSON.parse(rawBody), rawBody });
  });

  it('signs with RS256 for an RSA key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rawBody = stableStringify(transfer);
    const headers = { date: 'Sun, 29 Nov 2026 19:00:00 GMT', 'fspiop-source': 'buffalo' };
    const signature = signFspiopRequest(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { method: 'PUT', uri: '/transfers/1', headers, body: rawBody });
    assert.equal(JSON.parse(Buffer.from(JSON.parse(signature).protectedHeader, 'base64url').toString()).alg, 'RS256');
    const signed = { ...headers, 'fspiop-uri': '/transfers/1', 'fspiop-http-method': 'PUT', 'fspiop-signature': signature };
    verifyFspiopSignature(publicKey.export({ type: 'spki', format: 'pem' }) as string, { headers: signed, body: transfer, rawBody });
  });

  it('gives sdk-scheme-adapter a signing key file it reads as ES256', () => {
    const sdkPeerKey = toSdkSigningKeyPem(buffalo.privateKey);
    assert.match(sdkPeerKey, /^-----BEGIN EC PRIVATE KEY-----/);
    const rawBody = stableStringify(transfer);
    const request = { method: 'POST', uri: '/transfers', headers: { 'fspiop-source': 'buffalo', 'fspiop-uri': '/transfers' } as Record<string, string>, body: rawBody };
    const signature = new Jws.signer({ signingKey: sdkPeerKey, logger: SILENT_SDK_LOGGER }).getSignature(request);
    verifyFspiopSignature(buffalo.publicKey, { headers: { ...request.headers, 'fspiop-http-method': 'POST', 'fspiop-signature': signature }, body: transfer, rawBody });
  });

  it('refuses a tampered body', () => {
    const { headers } = signedMessage();
    const tampered = { ...transfer, amount: { amount: '1000', currency: 'TZS' } };
    assert3105(() => verifyFspiopSignature(buffalo.publicKey, { headers, body: tampered, rawBody: stableStringify(tampered) }));
  });

  it('refuses a signature by another key, and headers that differ from the protected ones', () => {
    const { headers, rawBody } = signedMessage();
    assert3105(() => verifyFspiopSignature(ecPair().publicKey, { headers, body: JSON.parse(rawBody), rawBody }));
    assert3105(() => verifyFspiopSignature(buffalo.publicKey, { headers: { ...headers, 'fspiop-destination': 'rhino' }, body: JSON.parse(rawBody), rawBody }));
    assert3105(() => verifyFspiopSignature(buffalo.publicKey, { headers: { ...headers, 'fspiop-uri': '/transfers/other' }, body: JSON.parse(rawBody), rawBody }));
    const { 'fspiop-signature': _, ...unsigned } = headers;
    assert3105(() => verifyFspiopSignature(buffalo.publicKey, { headers: unsigned, body: JSON.parse(rawBody), rawBody }));
  });

  it('accepts a sender that signed its own serialization of the body (not the sdk\'s key order)', () => {
    // A non-sdk sender: JWS over the exact bytes it sent, keys in insertion order.
    const rawBody = JSON.stringify({ transferId: transfer.transferId, payerFsp: 'buffalo', payeeFsp: 'lion', amount: transfer.amount });
    assert.notEqual(rawBody, stableStringify(JSON.parse(rawBody)));
    const headers = { date: 'Sun, 29 Nov 2026 19:00:00 GMT', 'fspiop-source': 'buffalo', 'fspiop-uri': '/transfers', 'fspiop-http-method': 'POST' };
    const protectedHeader = Buffer.from(JSON.stringify({ alg: 'ES256', 'FSPIOP-URI': '/transfers', 'FSPIOP-HTTP-Method': 'POST', 'FSPIOP-Source': 'buffalo', Date: headers.date })).toString('base64url');
    const signature = sign('sha256', Buffer.from(`${protectedHeader}.${Buffer.from(rawBody).toString('base64url')}`), { key: buffalo.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    const signed = { ...headers, 'fspiop-signature': JSON.stringify({ signature, protectedHeader }) };
    verifyFspiopSignature(buffalo.publicKey, { headers: signed, body: JSON.parse(rawBody), rawBody });
    assert3105(() => verifyFspiopSignature(buffalo.publicKey, { headers: { ...signed, 'fspiop-source': 'lion' }, body: JSON.parse(rawBody), rawBody }));
  });
});
