// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRootCa, issueCertificate, type CertificateAndKey } from './certificate-issuer.js';
import {
  CertificateUnreadable,
  issuePsd2Certificate,
  readPsd2Certificate,
  sameDistinguishedName,
  verifyIssuedBy,
  type IssuePsd2CertificateParams,
} from './psd2-certificate.js';

const DAY_MS = 86_400_000;

function openssl(args: string[], input?: string): string | undefined {
  try {
    return execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
const hasOpenssl = openssl(['version']) !== undefined;

describe('PSD2 certificates (ETSI TS 119 495)', () => {
  let root: CertificateAndKey;
  let dir: string;
  const tpp = (overrides: Partial<IssuePsd2CertificateParams> = {}): IssuePsd2CertificateParams => ({
    issuer: root,
    commonName: 'tpp.example.tz',
    organization: 'Example Wallet Ltd',
    organizationIdentifier: 'PSDTZ-BOT-LANGO0001',
    roles: ['PSP_AI', 'PSP_PI'],
    ncaName: 'Bank of Tanzania',
    ncaId: 'TZ-BOT',
    kind: 'qseal',
    validityDays: 30,
    ...overrides,
  });

  before(async () => {
    root = await createRootCa({ commonName: 'Lango Sandbox Root CA', organization: 'Lango, Sandbox', validityDays: 365 });
    dir = await mkdtemp(join(tmpdir(), 'lango-psd2-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back the roles, NCA, organisation and kind of a QSealC from the sandbox root', async () => {
    const { certPem } = await issuePsd2Certificate(tpp());
    const info = readPsd2Certificate(certPem);
    assert.deepEqual(info.roles, ['PSP_PI', 'PSP_AI']);
    assert.equal(info.ncaName, 'Bank of Tanzania');
    assert.equal(info.ncaId, 'TZ-BOT');
    assert.equal(info.organizationIdentifier, 'PSDTZ-BOT-LANGO0001');
    assert.equal(info.organization, 'Example Wallet Ltd');
    assert.equal(info.commonName, 'tpp.example.tz');
    assert.equal(info.kind, 'qseal');
    assert.equal(info.issuerDn, 'CN=Lango Sandbox Root CA,O=Lango\\, Sandbox');
    const node = new X509Certificate(certPem);
    assert.equal(info.serialNumber, node.serialNumber.toLowerCase().replace(/^0+/, ''));
    assert.equal(info.fingerprint256, createHash('sha256').update(node.raw).digest('base64url'));
    assert.equal(info.notAfter.getTime(), new Date(node.validTo).getTime());
    assert.equal(node.keyUsage, undefined); // node's keyUsage is the EKU list: a QSealC carries none
    assert.equal(verifyIssuedBy(certPem, [root.certPem]), 'valid');
  });

  it('marks a QWAC as web with clientAuth, and a QSealC as eseal with non-repudiation', async () => {
    const qwac = await issuePsd2Certificate(tpp({ kind: 'qwac', roles: ['PSP_AS', 'PSP_IC'] }));
    assert.equal(readPsd2Certificate(qwac.certPem).kind, 'qwac');
    assert.deepEqual(readPsd2Certificate(qwac.certPem).roles, ['PSP_AS', 'PSP_IC']);
    assert.deepEqual(new X509Certificate(qwac.certPem).keyUsage, ['1.3.6.1.5.5.7.3.2']);
    if (!hasOpenssl) return;
    const qwacText = openssl(['x509', '-text', '-noout'], qwac.certPem) ?? '';
    assert.match(qwacText, /Key Usage: critical\s+Digital Signature\s/);
    assert.match(qwacText, /TLS Web Client Authentication/);
    const qseal = await issuePsd2Certificate(tpp());
    assert.match(openssl(['x509', '-text', '-noout'], qseal.certPem) ?? '', /Digital Signature, Non Repudiation/);
  });

  it('encodes the extension as qcStatements that openssl decodes', { skip: !hasOpenssl && 'openssl is not installed' }, async () => {
    const { certPem } = await issuePsd2Certificate(tpp({ roles: ['PSP_AI'] }));
    const text = openssl(['x509', '-text', '-noout'], certPem) ?? '';
    assert.match(text, /qcStatements:/);
    assert.match(text, /organizationIdentifier = PSDTZ-BOT-LANGO0001/);
    // Walk the extension value: QCStatements ::= SEQUENCE OF QCStatement (RFC 3739), PSD2QcType (ETSI TS 119 495).
    const offset = /^\s*(\d+):.*:qcStatements$/m.exec(openssl(['asn1parse'], certPem) ?? '')?.[1];
    assert.ok(offset);
    const lines = (openssl(['asn1parse', '-strparse', String(Number(offset) + 10)], certPem) ?? '').split('\n');
    const objects = lines.filter((line) => /OBJECT|UTF8STRING/.test(line)).map((line) => line.split(':').pop());
    assert.deepEqual(objects, ['0.4.0.1862.1.1', '0.4.0.1862.1.6', '0.4.0.1862.1.6.2', '0.4.0.19495.2', '0.4.0.19495.1.3', 'PSP_AI', 'Bank of Tanzania', 'TZ-BOT']);
  });

  it('reads a PSD2 certificate encoded by openssl, with other statements around the PSD2 one', { skip: !hasOpenssl && 'openssl is not installed' }, async () => {
    const config = `[req]
distinguished_name = dn
x509_extensions = ext
prompt = no
[dn]
C = BE
O = Other Bank NV
organizationIdentifier = PSDBE-NBB-0123456789
CN = psp.example.be
[ext]
1.3.6.1.5.5.7.1.3 = ASN1:SEQUENCE:statements
[statements]
compliance = SEQUENCE:compliance
sscd = SEQUENCE:sscd
type = SEQUENCE:qctype
psd2 = SEQUENCE:psd2
[compliance]
id = OID:0.4.0.1862.1.1
[sscd]
id = OID:0.4.0.1862.1.4
[qctype]
id = OID:0.4.0.1862.1.6
info = SEQUENCE:qctypes
[qctypes]
web = OID:0.4.0.1862.1.6.3
[psd2]
id = OID:0.4.0.19495.2
info = SEQUENCE:psd2info
[psd2info]
roles = SEQUENCE:roles
name = UTF8:National Bank of Belgium
id = UTF8:BE-NBB
[roles]
ais = SEQUENCE:ais
[ais]
oid = OID:0.4.0.19495.1.3
name = UTF8:PSP_AI
`;
    await writeFile(join(dir, 'openssl.cnf'), config);
    const keyFile = join(dir, 'key.pem');
    const certPem = openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-days', '1', '-config', join(dir, 'openssl.cnf')]) ?? '';
    const info = readPsd2Certificate(certPem);
    assert.deepEqual(info.roles, ['PSP_AI']);
    assert.equal(info.ncaName, 'National Bank of Belgium');
    assert.equal(info.ncaId, 'BE-NBB');
    assert.equal(info.kind, 'qwac');
    assert.equal(info.organizationIdentifier, 'PSDBE-NBB-0123456789');
    assert.equal(info.issuerDn, 'CN=psp.example.be,organizationIdentifier=PSDBE-NBB-0123456789,O=Other Bank NV,C=BE');
  });

  it('issues RSA 2048 (RS256) and ECDSA P-256 (ES256) subject keys', async () => {
    const rsa = await issuePsd2Certificate(tpp({ keyAlgorithm: 'RS256' }));
    const rsaKey = new X509Certificate(rsa.certPem).publicKey;
    assert.equal(rsaKey.asymmetricKeyType, 'rsa');
    assert.equal(rsaKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(createPrivateKey(rsa.keyPem).asymmetricKeyType, 'rsa');
    assert.equal(verifyIssuedBy(rsa.certPem, [root.certPem]), 'valid');

    const ec = await issuePsd2Certificate(tpp({ keyAlgorithm: 'ES256' }));
    assert.equal(new X509Certificate(ec.certPem).publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.ok(new X509Certificate(ec.certPem).checkPrivateKey(createPrivateKey(ec.keyPem)));
  });

  it('gives roles [] for a certificate without the PSD2 statement', async () => {
    const plain = await issueCertificate({ issuer: root, commonName: 'api.lango.test', usage: 'server', validityDays: 30 });
    const info = readPsd2Certificate(plain.certPem);
    assert.deepEqual(info.roles, []);
    assert.equal(info.ncaId, undefined);
    assert.equal(info.kind, undefined);
    assert.equal(info.commonName, 'api.lango.test');
  });

  it('tells expired, not yet valid and untrusted certificates apart', async () => {
    const { certPem } = await issuePsd2Certificate(tpp({ validityDays: 10 }));
    assert.equal(verifyIssuedBy(certPem, [root.certPem], new Date(Date.now() + 11 * DAY_MS)), 'expired');
    assert.equal(verifyIssuedBy(certPem, [root.certPem], new Date(Date.now() - DAY_MS)), 'not-yet-valid');
    const stranger = await createRootCa({ commonName: 'Other CA', validityDays: 30 });
    assert.equal(verifyIssuedBy(certPem, [stranger.certPem]), 'untrusted');
    // Same name as the sandbox root, different key: the signature decides.
    const impostor = await createRootCa({ commonName: 'Lango Sandbox Root CA', organization: 'Lango, Sandbox', validityDays: 30 });
    assert.equal(verifyIssuedBy(certPem, [impostor.certPem]), 'untrusted');
    assert.equal(verifyIssuedBy(certPem, [impostor.certPem, root.certPem]), 'valid');
    // An end-entity certificate is no CA, even when it names itself.
    assert.equal(verifyIssuedBy(certPem, [certPem]), 'untrusted');
  });

  it('refuses garbage with CertificateUnreadable', () => {
    for (const garbage of ['', 'hello', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n']) {
      assert.throws(() => readPsd2Certificate(garbage), (error: unknown) => error instanceof CertificateUnreadable && error.code === 'CERTIFICATE_UNREADABLE');
    }
    assert.throws(() => verifyIssuedBy('nonsense', [root.certPem]), CertificateUnreadable);
  });

  it('refuses to issue with a malformed organizationIdentifier or no roles', async () => {
    await assert.rejects(issuePsd2Certificate(tpp({ organizationIdentifier: 'LANGO0001' })), /organizationIdentifier/);
    await assert.rejects(issuePsd2Certificate(tpp({ roles: [] })), /roles/);
  });

  it('compares distinguished names whatever their order, spacing, case or encoding', () => {
    const dn = 'CN=Lango Sandbox Root CA,O=Lango\\, Sandbox';
    assert.ok(sameDistinguishedName(dn, 'O="Lango, Sandbox", CN=lango  sandbox root ca'));
    assert.ok(sameDistinguishedName('CN=D-TRUST CA 2-1 2015,O=D-Trust GmbH,C=DE', 'C=DE, O=D-Trust GmbH, CN=D-TRUST CA 2-1 2015'));
    assert.ok(sameDistinguishedName('organizationIdentifier=PSDBE-NBB-1,CN=x', 'OID.2.5.4.97=PSDBE-NBB-1, CN=x'));
    assert.ok(sameDistinguishedName('2.5.4.97=#0c0b50534442452d4e42422d31,CN=x', 'organizationIdentifier=PSDBE-NBB-1,CN=x'));
    assert.ok(!sameDistinguishedName(dn, 'CN=Lango Sandbox Root CA'));
    assert.ok(!sameDistinguishedName(dn, 'CN=Lango Sandbox Root CA,O=Lango'));
    assert.ok(!sameDistinguishedName('', ''));
  });
});
