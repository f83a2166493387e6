// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { createRootCa, readPsd2Certificate, verifyIssuedBy, x509, type CertificateAndKey } from '../../../platform/crypto/index.js';
import { renderProblem } from '../../../platform/errors/index.js';
import { checkSubjectKey } from './key-policy.js';
import { TEST_CA_REFUSALS, issueTestCertificate, type TestCaRefusalCode, type TestCertificateRequest } from './index.js';

type KeyParams = webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams | { name: 'Ed25519' };
const rsa = (modulusLength: number): webcrypto.RsaHashedKeyGenParams => ({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength, publicExponent: new Uint8Array([1, 0, 1]) });
const ec = (namedCurve: string): webcrypto.EcKeyGenParams => ({ name: 'ECDSA', namedCurve });

/** A CSR as a TPP makes it, claiming another organisation and CA powers: the CA must ignore both. */
async function csrFor(params: KeyParams): Promise<{ pem: string; spki: Buffer }> {
  const keys = (await webcrypto.subtle.generateKey(params, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const signingAlgorithm = params.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : params;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name: [{ C: ['GB'] }, { O: ['Forged Ltd'] }, { '2.5.4.97': ['PSDTZ-BOT-FORGED'] }, { CN: ['forged.example'] }],
      keys,
      signingAlgorithm,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    },
    webcrypto,
  );
  return { pem: csr.toString('pem'), spki: Buffer.from(csr.publicKey.rawData) };
}

function spkiOf(certificatePem: string): Buffer {
  return new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
}

/** The PEM with one byte of the signature (the last octet of the DER) changed. */
function withBrokenSignature(pem: string): string {
  const der = Buffer.from(x509.PemConverter.decode(pem)[0] as ArrayBuffer);
  der[der.length - 1] = (der[der.length - 1] as number) ^ 0x01;
  return x509.PemConverter.encode(der, 'CERTIFICATE REQUEST');
}

describe('the sandbox test certificate authority', () => {
  let ca: CertificateAndKey;
  const request = (overrides: Partial<TestCertificateRequest> = {}): TestCertificateRequest => ({
    kind: 'qwac',
    organisation: { organizationIdentifier: 'PSDTZ-BOT-HACK0042', name: 'Hackathon Team 42 Ltd' },
    roles: ['PSP_AI', 'PSP_PI'],
    allowedRoles: ['PSP_AI', 'PSP_PI', 'PSP_IC'],
    subject: { generate: 'ES256' },
    ...overrides,
  });
  /** Issues and returns the refusal, checking what the portal page and the API will show. */
  async function refusal(pending: Promise<unknown>, code: TestCaRefusalCode, messagePart: RegExp) {
    const error = await pending.then(
      () => assert.fail(`expected ${code}`),
      (thrown: unknown) => thrown as { reason: string; code: string; status: number; expose: boolean; message: string; details: Record<string, unknown> },
    );
    assert.equal(error.reason, code);
    assert.deepEqual([error.code, error.status, error.expose, error.details.reason], ['VALIDATION_FAILED', 400, true, code]);
    assert.match(error.message, messagePart);
    return error;
  }

  before(async () => {
    ca = await createRootCa({ commonName: 'Lango Sandbox Root CA', organization: 'Lango Sandbox', validityDays: 30 });
  });

  describe('from a CSR', () => {
    const keys: [string, KeyParams][] = [['ECDSA P-256', ec('P-256')], ['ECDSA P-384', ec('P-384')], ['RSA 2048', rsa(2048)], ['RSA 3072', rsa(3072)]];
    for (const [keyName, params] of keys) {
      for (const kind of ['qwac', 'qseal'] as const) {
        it(`certifies the ${keyName} key of a CSR in a ${kind} with the application's organisation, roles and NCA`, async () => {
          const csr = await csrFor(params);
          const issued = await issueTestCertificate(ca, request({ kind, subject: { csrPem: csr.pem }, roles: ['PSP_PI', 'PSP_AI', 'PSP_AI'] }));

          assert.equal(issued.privateKeyPem, undefined);
          assert.deepEqual(issued.roles, ['PSP_PI', 'PSP_AI']);
          const info = readPsd2Certificate(issued.certificatePem);
          assert.deepEqual(
            { kind: info.kind, roles: info.roles, ncaId: info.ncaId, ncaName: info.ncaName, orgId: info.organizationIdentifier, o: info.organization, cn: info.commonName },
            { kind, roles: ['PSP_PI', 'PSP_AI'], ncaId: 'TZ-BOT', ncaName: 'Bank of Tanzania', orgId: 'PSDTZ-BOT-HACK0042', o: 'Hackathon Team 42 Ltd', cn: 'Hackathon Team 42 Ltd' },
          );
          assert.equal(info.serialNumber, issued.serialNumberHex);
          assert.deepEqual(info.notAfter, issued.notAfter);
          assert.ok(spkiOf(issued.certificatePem).equals(csr.spki), 'the certificate carries the CSR key');
          assert.equal(verifyIssuedBy(issued.certificatePem, [ca.certPem]), 'valid');
        });
      }
    }

    it("ignores the CSR's own subject and extensions: a forged organizationIdentifier or CA flag never reaches the certificate", async () => {
      const issued = await issueTestCertificate(ca, request({ subject: { csrPem: (await csrFor(ec('P-256'))).pem } }));
      const certificate = new X509Certificate(issued.certificatePem);
      assert.equal(certificate.subject, 'C=TZ\nO=Hackathon Team 42 Ltd\norganizationIdentifier=PSDTZ-BOT-HACK0042\nCN=Hackathon Team 42 Ltd');
      assert.equal(certificate.ca, false);
      assert.doesNotMatch(issued.certificatePem + certificate.toString(), /Forged|FORGED|forged\.example/);
    });

    it('gives each certificate its own random serial number and keeps within the validity asked for', async () => {
      const csrPem = (await csrFor(ec('P-256'))).pem;
      const [a, b] = await Promise.all([1, 2].map(() => issueTestCertificate(ca, request({ subject: { csrPem }, validityDays: 7 }))));
      assert.notEqual(a?.serialNumberHex, b?.serialNumberHex);
      assert.match(a?.serialNumberHex ?? '', /^[4-7][0-9a-f]{31}$/);
      const days = ((a?.notAfter.getTime() ?? 0) - Date.now()) / 86_400_000;
      assert.ok(days > 6.99 && days <= 7, `${days}`);
    });
  });

  describe('with a generated key', () => {
    for (const generate of ['ES256', 'RS256'] as const) {
      it(`returns a ${generate} private key that matches the certificate`, async () => {
        const issued = await issueTestCertificate(ca, request({ kind: 'qseal', subject: { generate } }));
        assert.match(issued.privateKeyPem ?? '', /^-----BEGIN PRIVATE KEY-----/);
        const certificate = new X509Certificate(issued.certificatePem);
        assert.ok(certificate.checkPrivateKey(createPrivateKey(issued.privateKeyPem ?? '')));
        assert.equal(certificate.publicKey.asymmetricKeyType, generate === 'ES256' ? 'ec' : 'rsa');
        assert.equal(readPsd2Certificate(issued.certificatePem).kind, 'qseal');
        assert.equal(verifyIssuedBy(issued.certificatePem, [ca.certPem]), 'valid');
      });
    }
  });

  describe('refuses, with a message a person understands', () => {
    it('CSR_MALFORMED: text that is not a CSR', async () => {
      await refusal(issueTestCertificate(ca, request({ subject: { csrPem: 'hello' } })), 'CSR_MALFORMED', /not a PEM block.*BEGIN CERTIFICATE REQUEST/);
      const garbage = '-----BEGIN CERTIFICATE REQUEST-----\nTm90IGEgQ1NSIGF0IGFsbA==\n-----END CERTIFICATE REQUEST-----\n';
      await refusal(issueTestCertificate(ca, request({ subject: { csrPem: garbage } })), 'CSR_MALFORMED', /cannot be decoded/);
      await refusal(issueTestCertificate(ca, request({ subject: { csrPem: ca.certPem } })), 'CSR_MALFORMED', /This is a CERTIFICATE, not a certificate signing request/);
      await refusal(issueTestCertificate(ca, request({ subject: { csrPem: ca.keyPem } })), 'CSR_MALFORMED', /This is a private key\. Never send it/);
    });

    it('CSR_SIGNATURE_INVALID: a CSR whose signature was altered proves no possession of the key', async () => {
      const broken = withBrokenSignature((await csrFor(rsa(2048))).pem);
      await refusal(issueTestCertificate(ca, request({ subject: { csrPem: broken } })), 'CSR_SIGNATURE_INVALID', /does not prove you hold the private key/);
      const brokenEc = withBrokenSignature((await csrFor(ec('P-256'))).pem);
      await refusal(issueTestCertificate(ca, request({ subject: { csrPem: brokenEc } })), 'CSR_SIGNATURE_INVALID', /does not match its public key/);
    });

    it('CSR_SIGNATURE_INVALID: a CSR signed with SHA-1', async () => {
      const sha1 = { ...rsa(2048), hash: 'SHA-1' };
      const keys = (await webcrypto.subtle.generateKey(sha1, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
      const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=tpp', keys, signingAlgorithm: sha1 }, webcrypto);
      await refusal(issueTestCertificate(ca, request({ subject: { csrPem: csr.toString('pem') } })), 'CSR_SIGNATURE_INVALID', /signed with SHA-1; sign it with SHA-256/);
    });

    it('KEY_TOO_WEAK: an RSA key under 2048 bits', async () => {
      const error = await refusal(issueTestCertificate(ca, request({ subject: { csrPem: (await csrFor(rsa(1024))).pem } })), 'KEY_TOO_WEAK', /1024 bits; at least 2048/);
      assert.equal(error.details.key, 'RSA 1024');
    });

    it('KEY_TYPE_UNSUPPORTED: P-521 and Ed25519', async () => {
      await refusal(issueTestCertificate(ca, request({ subject: { csrPem: (await csrFor(ec('P-521'))).pem } })), 'KEY_TYPE_UNSUPPORTED', /ECDSA P-521.*Use an ECDSA key on P-256 or P-384/);
      await refusal(issueTestCertificate(ca, request({ subject: { csrPem: (await csrFor({ name: 'Ed25519' })).pem } })), 'KEY_TYPE_UNSUPPORTED', /Ed25519/);
    });

    it('KEY_TYPE_UNSUPPORTED and KEY_TOO_WEAK: the policy on DSA, RSA-PSS, secp256k1, oversized RSA and small exponents', () => {
      const spki = (key: KeyObject) => new Uint8Array(key.export({ type: 'spki', format: 'der' })).buffer;
      // An RSA public key of any size, without the cost of generating one: only the modulus length is looked at.
      const rsaOfBits = (bits: number, e = 'AQAB') => {
        const n = randomBytes(bits / 8);
        n[0] = (n[0] as number) | 0x80;
        return createPublicKey({ key: { kty: 'RSA', n: n.toString('base64url'), e }, format: 'jwk' });
      };
      const reasonOf = (der: ArrayBuffer) => {
        try {
          checkSubjectKey(der);
          return 'accepted';
        } catch (error) {
          return (error as { reason: string }).reason;
        }
      };
      assert.equal(reasonOf(spki(generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).publicKey)), 'KEY_TYPE_UNSUPPORTED');
      assert.equal(reasonOf(spki(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey)), 'KEY_TYPE_UNSUPPORTED');
      assert.equal(reasonOf(spki(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey)), 'KEY_TYPE_UNSUPPORTED');
      assert.equal(reasonOf(spki(generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).publicKey)), 'KEY_TOO_WEAK');
      assert.equal(reasonOf(spki(rsaOfBits(8200))), 'KEY_TYPE_UNSUPPORTED');
      assert.equal(reasonOf(spki(rsaOfBits(8192))), 'accepted');
      assert.equal(reasonOf(spki(rsaOfBits(2048, Buffer.alloc(40, 0xff).toString('base64url')))), 'KEY_TYPE_UNSUPPORTED');
      assert.equal(reasonOf(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]).buffer), 'KEY_TYPE_UNSUPPORTED');
    });

    it('ROLE_NOT_ALLOWED: a role the application may not hold, an unknown role, or none', async () => {
      const outside = await refusal(issueTestCertificate(ca, request({ roles: ['PSP_AI', 'PSP_AS'] })), 'ROLE_NOT_ALLOWED', /may not hold account servicing \(PSP_AS\)/);
      assert.deepEqual(outside.details.roles, ['PSP_AS']);
      await refusal(issueTestCertificate(ca, request({ roles: ['PSP_XX'] })), 'ROLE_NOT_ALLOWED', /'PSP_XX' is not a PSD2 role/);
      await refusal(issueTestCertificate(ca, request({ roles: [] })), 'ROLE_NOT_ALLOWED', /Choose at least one role/);
    });

    it('ORGANISATION_INVALID: an identifier that is not PSD2, an NCA the sandbox does not know, an empty name', async () => {
      const organisation = (overrides: object) => ({ organisation: { organizationIdentifier: 'PSDTZ-BOT-HACK0042', name: 'Team', ...overrides } });
      await refusal(issueTestCertificate(ca, request(organisation({ organizationIdentifier: 'HACK0042' }))), 'ORGANISATION_INVALID', /not a PSD2 one.*PSDTZ-BOT-HACK0042/);
      await refusal(issueTestCertificate(ca, request(organisation({ organizationIdentifier: 'PSDKE-CBK-HACK0042' }))), 'ORGANISATION_INVALID', /names the authority KE-CBK/);
      await refusal(issueTestCertificate(ca, request(organisation({ name: '  ' }))), 'ORGANISATION_INVALID', /name must be 1 to 64 characters/);
      await refusal(issueTestCertificate(ca, request(organisation({ country: 'tz' }))), 'ORGANISATION_INVALID', /'tz' is not a two-letter/);
    });

    it('checks the organisation and the roles before it reads the CSR', async () => {
      await refusal(issueTestCertificate(ca, request({ roles: [], subject: { csrPem: 'hello' } })), 'ROLE_NOT_ALLOWED', /at least one role/);
    });

    it('puts the message, the field and the reason on the wire as an RFC 9457 problem', async () => {
      const error = await issueTestCertificate(ca, request({ subject: { csrPem: 'hello' } })).catch((thrown: unknown) => thrown);
      const { body } = renderProblem(error);
      assert.deepEqual({ ...(body as object), detail: undefined }, { type: 'urn:lango:problem:validation-failed', title: 'The request is not valid', status: 400, detail: undefined, code: 'VALIDATION_FAILED', path: 'subject.csrPem', reason: 'CSR_MALFORMED' });
      assert.match(String((body as { detail: string }).detail), /^This is not a PEM block\./);
    });

    it('has one class per refusal code', () => {
      assert.deepEqual([...TEST_CA_REFUSALS], ['CSR_MALFORMED', 'CSR_SIGNATURE_INVALID', 'KEY_TOO_WEAK', 'KEY_TYPE_UNSUPPORTED', 'ROLE_NOT_ALLOWED', 'ORGANISATION_INVALID']);
    });
  });
});
