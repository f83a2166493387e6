// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, sign } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { createRootCa, issuePsd2Certificate, type CertificateAndKey } from '../../../platform/crypto/index.js';
import { SignatureRefused, signRequest, verifyRequestSignature, type SignatureRefusedCode, type SignedRequest } from './http-signature.js';

const BODY = JSON.stringify({ instructedAmount: { currency: 'TZS', amount: '15000.00' }, creditorName: 'Duka la Mama' });

/** Headers as node hands them to a route: lowercase names. */
function received(headers: Record<string, string>): SignedRequest['headers'] {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function refusedWith(code: SignatureRefusedCode) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof SignatureRefused, String(error));
    assert.equal(error.code, code, error.text);
    return true;
  };
}

/** Signs exactly `names` with a hand-built Signature header, to produce what a careless TPP would send. */
function handSigned(seal: CertificateAndKey, headers: Record<string, string>, names: string[], keyId?: string): Record<string, string> {
  const signed = signRequest({ headers, body: BODY, certificatePem: seal.certPem, privateKeyPem: seal.keyPem });
  const all = received({ ...headers, Digest: signed.Digest as string });
  const data = names.map((name) => `${name}: ${all[name] as string}`).join('\n');
  const signature = sign('sha256', Buffer.from(data), createPrivateKey(seal.keyPem)).toString('base64');
  const ownKeyId = /keyId="([^"]*)"/.exec(signed.Signature as string)?.[1] as string;
  return { ...signed, Signature: `keyId="${keyId ?? ownKeyId}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"` };
}

describe('Berlin Group request signatures (IG §12)', () => {
  let rsaSeal: CertificateAndKey;
  let ecSeal: CertificateAndKey;
  let otherSeal: CertificateAndKey;
  const headers = {
    'X-Request-ID': '99391c7e-ad88-49ec-a2ad-99ddcb1f7721',
    'PSU-ID': 'PSU-1234',
    'TPP-Redirect-URI': 'https://tpp.example.tz/callback?state=abc',
    Date: 'Sun, 06 Dec 2026 03:30:00 GMT',
    'Content-Type': 'application/json',
  };

  before(async () => {
    const root = await createRootCa({ commonName: 'Lango Sandbox QTSP', organization: 'Lango Sandbox', validityDays: 30 });
    const seal = { issuer: root, organization: 'Example Wallet Ltd', organizationIdentifier: 'PSDTZ-BOT-LANGO0001', roles: ['PSP_PI'], ncaName: 'Bank of Tanzania', ncaId: 'TZ-BOT', kind: 'qseal', validityDays: 30 } as const;
    rsaSeal = await issuePsd2Certificate({ ...seal, commonName: 'wallet.example.tz', keyAlgorithm: 'RS256' });
    ecSeal = await issuePsd2Certificate({ ...seal, commonName: 'wallet.example.tz', keyAlgorithm: 'ES256' });
    otherSeal = await issuePsd2Certificate({ ...seal, commonName: 'other.example.tz', keyAlgorithm: 'RS256' });
  });

  it('accepts a request sealed with an RSA QSealC and returns the certificate', () => {
    const added = signRequest({ headers, body: BODY, certificatePem: rsaSeal.certPem, privateKeyPem: rsaSeal.keyPem });
    assert.match(added.Digest as string, /^SHA-256=[A-Za-z0-9+/]+=*$/);
    assert.equal(added['TPP-Signature-Certificate'], new X509Certificate(rsaSeal.certPem).raw.toString('base64'));
    const serial = new X509Certificate(rsaSeal.certPem).serialNumber.toLowerCase().replace(/^0+/, '');
    assert.match(added.Signature as string, new RegExp(`^keyId="SN=${serial},CA=CN=Lango Sandbox QTSP,O=Lango Sandbox",algorithm="rsa-sha256",headers="digest x-request-id psu-id tpp-redirect-uri date",signature="[A-Za-z0-9+/]+=*"$`));

    const verified = verifyRequestSignature({ headers: received({ ...headers, ...added }), body: Buffer.from(BODY) });
    assert.deepEqual(verified.info.roles, ['PSP_PI']);
    assert.equal(verified.info.organizationIdentifier, 'PSDTZ-BOT-LANGO0001');
    assert.equal(new X509Certificate(verified.certificatePem).fingerprint256, new X509Certificate(rsaSeal.certPem).fingerprint256);
  });

  it('accepts an ECDSA P-256 QSealC, in DER or IEEE P1363 form', () => {
    const added = signRequest({ headers, body: BODY, certificatePem: ecSeal.certPem, privateKeyPem: ecSeal.keyPem });
    assert.match(added.Signature as string, /algorithm="ecdsa-sha256"/);
    assert.equal(verifyRequestSignature({ headers: received({ ...headers, ...added }), body: Buffer.from(BODY) }).info.commonName, 'wallet.example.tz');

    const all = received({ ...headers, Digest: added.Digest as string });
    const data = ['digest', 'x-request-id', 'psu-id', 'tpp-redirect-uri', 'date'].map((name) => `${name}: ${all[name] as string}`).join('\n');
    const raw = sign('sha256', Buffer.from(data), { key: createPrivateKey(ecSeal.keyPem), dsaEncoding: 'ieee-p1363' }).toString('base64');
    const p1363 = (added.Signature as string).replace(/algorithm="[^"]*"/, 'algorithm="SHA256withECDSA"').replace(/signature="[^"]*"/, `signature="${raw}"`);
    verifyRequestSignature({ headers: received({ ...headers, ...added, Signature: p1363 }), body: Buffer.from(BODY) });
  });

  it('accepts RSA-PSS, the JCA algorithm names and a SHA-512 digest', () => {
    for (const algorithm of ['SHA-256withRSA/PSS', 'SHA256withRSA', 'SHA-256withRSA', 'rsa-sha512'] as const) {
      const added = signRequest({ headers, body: BODY, certificatePem: rsaSeal.certPem, privateKeyPem: rsaSeal.keyPem, algorithm, digestAlgorithm: 'SHA-512' });
      assert.match(added.Digest as string, /^SHA-512=/);
      verifyRequestSignature({ headers: received({ ...headers, ...added }), body: Buffer.from(BODY) });
    }
  });

  it('accepts a keyId written the Java way: spaces, percent-encoding, issuer in the other order, leading zeros', () => {
    const serial = new X509Certificate(rsaSeal.certPem).serialNumber;
    const added = handSigned(rsaSeal, headers, ['digest', 'x-request-id', 'psu-id', 'tpp-redirect-uri', 'date'], `SN=00${serial.toUpperCase()}, CA=O=Lango%20Sandbox, CN=Lango%20Sandbox%20QTSP`);
    verifyRequestSignature({ headers: received({ ...headers, ...added }), body: Buffer.from(BODY) });
  });

  it('accepts the certificate header with PEM armour', () => {
    const added = signRequest({ headers, body: BODY, certificatePem: rsaSeal.certPem, privateKeyPem: rsaSeal.keyPem });
    const armoured = rsaSeal.certPem.replace(/\n/g, ' ');
    verifyRequestSignature({ headers: received({ ...headers, ...added, 'TPP-Signature-Certificate': armoured }), body: Buffer.from(BODY) });
  });

  it('refuses a body changed after signing: SIGNATURE_INVALID', () => {
    const added = signRequest({ headers, body: BODY, certificatePem: rsaSeal.certPem, privateKeyPem: rsaSeal.keyPem });
    const tampered = Buffer.from(BODY.replace('15000.00', '95000.00'));
    assert.throws(() => verifyRequestSignature({ headers: received({ ...headers, ...added }), body: tampered }), refusedWith('SIGNATURE_INVALID'));
  });

  it('refuses a signed header changed after signing, and a Digest replaced to fit a new body', () => {
    const added = signRequest({ headers, body: BODY, certificatePem: rsaSeal.certPem, privateKeyPem: rsaSeal.keyPem });
    const request = received({ ...headers, ...added, 'PSU-ID': 'PSU-9999' });
    assert.throws(() => verifyRequestSignature({ headers: request, body: Buffer.from(BODY) }), refusedWith('SIGNATURE_INVALID'));

    const other = '{"instructedAmount":{"currency":"TZS","amount":"95000.00"}}';
    const forged = signRequest({ headers, body: other, certificatePem: otherSeal.certPem, privateKeyPem: otherSeal.keyPem }).Digest as string;
    assert.throws(() => verifyRequestSignature({ headers: received({ ...headers, ...added, Digest: forged }), body: Buffer.from(other) }), refusedWith('SIGNATURE_INVALID'));
  });

  it('refuses a signature that does not cover digest, or a PSU-ID the request carries', () => {
    const noDigest = handSigned(rsaSeal, headers, ['x-request-id', 'psu-id', 'tpp-redirect-uri', 'date']);
    assert.throws(() => verifyRequestSignature({ headers: received({ ...headers, ...noDigest }), body: Buffer.from(BODY) }), refusedWith('SIGNATURE_INVALID'));
    const noPsu = handSigned(rsaSeal, headers, ['digest', 'x-request-id', 'tpp-redirect-uri', 'date']);
    assert.throws(() => verifyRequestSignature({ headers: received({ ...headers, ...noPsu }), body: Buffer.from(BODY) }), refusedWith('SIGNATURE_INVALID'));
    const minimal = { 'X-Request-ID': headers['X-Request-ID'] };
    const bare = handSigned(rsaSeal, minimal, ['digest', 'x-request-id']);
    verifyRequestSignature({ headers: received({ ...minimal, ...bare }), body: Buffer.from(BODY) });
  });

  it('answers SIGNATURE_MISSING, CERTIFICATE_MISSING and CERTIFICATE_INVALID for absent or broken headers', () => {
    const added = signRequest({ headers, body: BODY, certificatePem: rsaSeal.certPem, privateKeyPem: rsaSeal.keyPem });
    const body = Buffer.from(BODY);
    const without = (name: string) => received(Object.fromEntries(Object.entries({ ...headers, ...added }).filter(([key]) => key !== name)));
    assert.throws(() => verifyRequestSignature({ headers: without('Signature'), body }), refusedWith('SIGNATURE_MISSING'));
    assert.throws(() => verifyRequestSignature({ headers: without('TPP-Signature-Certificate'), body }), refusedWith('CERTIFICATE_MISSING'));
    assert.throws(() => verifyRequestSignature({ headers: without('Digest'), body }), refusedWith('SIGNATURE_INVALID'));
    for (const garbage of ['bm90IGEgY2VydGlmaWNhdGU=', 'not base64 at all!']) {
      assert.throws(() => verifyRequestSignature({ headers: received({ ...headers, ...added, 'TPP-Signature-Certificate': garbage }), body }), refusedWith('CERTIFICATE_INVALID'));
    }
  });

  it('refuses a malformed Signature header or an unsupported algorithm: SIGNATURE_INVALID', () => {
    const added = signRequest({ headers, body: BODY, certificatePem: rsaSeal.certPem, privateKeyPem: rsaSeal.keyPem });
    const body = Buffer.from(BODY);
    for (const signature of [
      'keyId="SN=1,CA=CN=x"',
      'this is not a signature header',
      (added.Signature as string).replace('algorithm="rsa-sha256"', 'algorithm="hmac-sha256"'),
      (added.Signature as string).replace('algorithm="rsa-sha256"', 'algorithm="ecdsa-sha256"'),
      (added.Signature as string).replace(/signature="[^"]*"/, 'signature="@@@"'),
    ]) {
      assert.throws(() => verifyRequestSignature({ headers: received({ ...headers, ...added, Signature: signature }), body }), refusedWith('SIGNATURE_INVALID'));
    }
  });

  it('refuses a keyId naming another certificate: SIGNATURE_INVALID', () => {
    const added = signRequest({ headers, body: BODY, certificatePem: rsaSeal.certPem, privateKeyPem: rsaSeal.keyPem });
    const body = Buffer.from(BODY);
    const otherSerial = new X509Certificate(otherSeal.certPem).serialNumber.toLowerCase();
    const wrongSerial = (added.Signature as string).replace(/SN=[0-9a-f]+/, `SN=${otherSerial}`);
    assert.throws(() => verifyRequestSignature({ headers: received({ ...headers, ...added, Signature: wrongSerial }), body }), refusedWith('SIGNATURE_INVALID'));
    const wrongCa = (added.Signature as string).replace('CA=CN=Lango Sandbox QTSP', 'CA=CN=Another QTSP');
    assert.throws(() => verifyRequestSignature({ headers: received({ ...headers, ...added, Signature: wrongCa }), body }), refusedWith('SIGNATURE_INVALID'));
    // The signature is genuine, but the certificate sent along is someone else's.
    const swapped = signRequest({ headers, body: BODY, certificatePem: otherSeal.certPem, privateKeyPem: otherSeal.keyPem })['TPP-Signature-Certificate'] as string;
    assert.throws(() => verifyRequestSignature({ headers: received({ ...headers, ...added, 'TPP-Signature-Certificate': swapped }), body }), refusedWith('SIGNATURE_INVALID'));
  });

  it('checks (request-target) when the TPP signs it', () => {
    const requestTarget = { method: 'POST', path: '/v1/payments/sepa-credit-transfers' };
    const added = signRequest({ headers, body: BODY, certificatePem: rsaSeal.certPem, privateKeyPem: rsaSeal.keyPem, requestTarget });
    assert.match(added.Signature as string, /headers="\(request-target\) digest /);
    const request = { headers: received({ ...headers, ...added }), body: Buffer.from(BODY) };
    verifyRequestSignature({ ...request, requestTarget });
    assert.throws(() => verifyRequestSignature({ ...request, requestTarget: { method: 'POST', path: '/v1/payments/instant' } }), refusedWith('SIGNATURE_INVALID'));
    assert.throws(() => verifyRequestSignature(request), refusedWith('SIGNATURE_INVALID'));
  });
});
