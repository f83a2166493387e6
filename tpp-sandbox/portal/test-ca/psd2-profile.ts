// SPDX-License-Identifier: Apache-2.0
// The extensions of a PSD2 test certificate, the same profile as platform/crypto/psd2-certificate.ts issues.
// A local copy because that module exports neither its qcStatements encoder nor its OID tables, and its
// issuePsd2Certificate always generates the subject key, so it cannot certify a CSR's key. Once it takes a
// public key, this file goes (readPsd2Certificate in the tests guards that both stay the same).
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import { x509, type Psd2CertificateKind, type Psd2Role } from '../../../platform/crypto/index.js';

const OID = {
  qcStatements: '1.3.6.1.5.5.7.1.3', // RFC 3739 §3.2.6
  qcCompliance: '0.4.0.1862.1.1', // ETSI EN 319 412-5 §4.2.1
  qcType: '0.4.0.1862.1.6', // ETSI EN 319 412-5 §4.2.3
  psd2QcType: '0.4.0.19495.2', // ETSI TS 119 495 §5.1
} as const;
const ROLE_OIDS: Record<Psd2Role, string> = {
  PSP_AS: '0.4.0.19495.1.1',
  PSP_PI: '0.4.0.19495.1.2',
  PSP_AI: '0.4.0.19495.1.3',
  PSP_IC: '0.4.0.19495.1.4',
};
/** ETSI EN 319 412-5 §4.2.3: QcType web for the QWAC, eseal for the QSealC. */
const QC_TYPES: Record<Psd2CertificateKind, string> = { qwac: '0.4.0.1862.1.6.3', qseal: '0.4.0.1862.1.6.2' };
/** ETSI EN 319 411-2 §5.3: QCP-w for website certificates, QCP-l for seals of legal persons. */
const POLICIES: Record<Psd2CertificateKind, string> = { qwac: '0.4.0.194112.1.4', qseal: '0.4.0.194112.1.1' };

export interface Psd2Statement {
  kind: Psd2CertificateKind;
  roles: readonly Psd2Role[];
  ncaName: string;
  ncaId: string;
}

const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const utf8 = (value: string) => new asn1js.Utf8String({ value });
const statement = (id: string, info?: asn1js.BaseBlock) => new asn1js.Sequence({ value: info ? [oid(id), info] : [oid(id)] });

/** RFC 3739 QCStatements: QcCompliance, QcType and the ETSI TS 119 495 PSD2QcType (rolesOfPSP, nCAName, nCAId). */
function qcStatements(psd2: Psd2Statement): x509.Extension {
  const roles = new asn1js.Sequence({ value: psd2.roles.map((role) => new asn1js.Sequence({ value: [oid(ROLE_OIDS[role]), utf8(role)] })) });
  const statements = new asn1js.Sequence({
    value: [
      statement(OID.qcCompliance),
      statement(OID.qcType, new asn1js.Sequence({ value: [oid(QC_TYPES[psd2.kind])] })),
      statement(OID.psd2QcType, new asn1js.Sequence({ value: [roles, utf8(psd2.ncaName), utf8(psd2.ncaId)] })),
    ],
  });
  return new x509.Extension(OID.qcStatements, false, statements.toBER(false));
}

/** The end-entity extensions: a QWAC is a TLS client certificate, a QSealC signs (nonRepudiation, RFC 5280 §4.2.1.3). */
export async function psd2Extensions(psd2: Psd2Statement, subjectKey: x509.PublicKey, issuer: x509.X509Certificate): Promise<x509.Extension[]> {
  const usage =
    psd2.kind === 'qwac' ? x509.KeyUsageFlags.digitalSignature : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  const issuerKeyId = issuer.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(usage, true),
    ...(psd2.kind === 'qwac' ? [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])] : []),
    new x509.CertificatePolicyExtension([POLICIES[psd2.kind]]),
    qcStatements(psd2),
    await x509.SubjectKeyIdentifierExtension.create(subjectKey, false, webcrypto),
    issuerKeyId ? new x509.AuthorityKeyIdentifierExtension(issuerKeyId) : await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey, false, webcrypto),
  ];
}
