// SPDX-License-Identifier: Apache-2.0
// eIDAS certificates under PSD2 (ETSI TS 119 495): a QWAC for mTLS and a QSealC for signing requests, each naming
// the PSP's roles and its National Competent Authority in a qcStatement. Issuing, reading, chain check and the
// RFC 4514 distinguished names the Berlin Group `keyId` compares sit together because they share one ASN.1
// walk (asn1js); the file is a little over the usual size for that reason.
import { X509Certificate as NodeX509Certificate, createHash, createPrivateKey, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import type { CertificateAndKey } from './certificate-issuer.js';
import { x509 } from './x509.js';

const provider = webcrypto;
type CryptoKey = webcrypto.CryptoKey;
const DAY_MS = 86_400_000;
// As in certificate-issuer.ts: a peer whose clock lags a little must not see "not yet valid".
const BACKDATE_MS = 5 * 60_000;

const OID = {
  qcStatements: '1.3.6.1.5.5.7.1.3', // RFC 3739 §3.2.6
  qcCompliance: '0.4.0.1862.1.1', // ETSI EN 319 412-5 §4.2.1
  qcType: '0.4.0.1862.1.6', // ETSI EN 319 412-5 §4.2.3
  psd2QcType: '0.4.0.19495.2', // ETSI TS 119 495 §5.1
  organizationIdentifier: '2.5.4.97', // X.520, ETSI EN 319 412-1 §5.1.4
} as const;

export const PSD2_ROLES = ['PSP_AS', 'PSP_PI', 'PSP_AI', 'PSP_IC'] as const;
/** ETSI TS 119 495 §5.1: account servicing, payment initiation, account information, card-based instrument issuing. */
export type Psd2Role = (typeof PSD2_ROLES)[number];
const ROLE_OIDS: Record<Psd2Role, string> = {
  PSP_AS: '0.4.0.19495.1.1',
  PSP_PI: '0.4.0.19495.1.2',
  PSP_AI: '0.4.0.19495.1.3',
  PSP_IC: '0.4.0.19495.1.4',
};

/** `qwac`: website authentication (QcType web), used for mTLS; `qseal`: electronic seal (QcType eseal), signs requests. */
export type Psd2CertificateKind = 'qwac' | 'qseal';
const QC_TYPES: Record<Psd2CertificateKind, string> = { qwac: '0.4.0.1862.1.6.3', qseal: '0.4.0.1862.1.6.2' };
/** ETSI EN 319 411-2 §5.3: QCP-w for website certificates, QCP-l for seals of legal persons. */
const POLICIES: Record<Psd2CertificateKind, string> = { qwac: '0.4.0.194112.1.4', qseal: '0.4.0.194112.1.1' };

/** The input is not an X.509 certificate, or one of its PSD2 parts cannot be decoded. */
export class CertificateUnreadable extends Error {
  readonly code = 'CERTIFICATE_UNREADABLE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CertificateUnreadable';
  }
}

export interface IssuePsd2CertificateParams {
  /** The signing CA (ECDSA P-256 or RSA), e.g. the sandbox root from `createRootCa`. */
  issuer: CertificateAndKey;
  commonName: string;
  organization: string;
  /** ETSI TS 119 495 §5.2.1: `PSD` + NCA country + `-` + NCA id + `-` + authorisation number, e.g. `PSDTZ-BOT-LANGO0001`. */
  organizationIdentifier: string;
  /** ISO 3166-1 alpha-2; defaults to the NCA country inside organizationIdentifier. */
  country?: string;
  roles: readonly Psd2Role[];
  /** The NCA's name, e.g. `Bank of Tanzania`. */
  ncaName: string;
  /** ETSI TS 119 495 §5.2.3: NCA country + `-` + NCA id, e.g. `TZ-BOT`. */
  ncaId: string;
  kind: Psd2CertificateKind;
  /** Subject key: ES256 is ECDSA P-256 (default), RS256 an RSA 2048-bit key. */
  keyAlgorithm?: 'ES256' | 'RS256';
  /** Days from now; capped at the issuer's own expiry. */
  validityDays: number;
}

export interface Psd2CertificateInfo {
  /** Empty when the certificate carries no PSD2 statement. */
  roles: Psd2Role[];
  ncaName: string | undefined;
  ncaId: string | undefined;
  organizationIdentifier: string | undefined;
  organization: string | undefined;
  commonName: string | undefined;
  /** Lowercase hex without leading zeros, as in the Berlin Group `keyId` (`SN=`). */
  serialNumber: string;
  /** RFC 4514 string of the issuer, e.g. `CN=Lango Sandbox CA,O=Lango`. */
  issuerDn: string;
  notBefore: Date;
  notAfter: Date;
  /** base64url of the SHA-256 of the DER certificate (RFC 8705 `x5t#S256`). */
  fingerprint256: string;
  /** From the QcType statement; undefined when it is absent. */
  kind: Psd2CertificateKind | undefined;
}

export type CertificateValidity = 'valid' | 'expired' | 'not-yet-valid' | 'untrusted';

// --- ASN.1 helpers -------------------------------------------------------------------------------------------

function decodeDer(der: ArrayBuffer | Uint8Array, what: string): asn1js.AsnType {
  const { offset, result } = asn1js.fromBER(der);
  if (offset === -1 || result.error) throw new CertificateUnreadable(`${what} is not valid DER`);
  return result;
}

function childrenOf(node: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Sequence) && !(node instanceof asn1js.Set)) throw new CertificateUnreadable(`${what} is not a SEQUENCE`);
  return node.valueBlock.value as asn1js.AsnType[];
}

function oidOf(node: asn1js.AsnType | undefined, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw new CertificateUnreadable(`${what} is not an OBJECT IDENTIFIER`);
  return node.getValue();
}

function stringOf(node: asn1js.AsnType | undefined, what: string): string {
  if (!(node instanceof asn1js.BaseStringBlock)) throw new CertificateUnreadable(`${what} is not a string`);
  return node.getValue();
}

const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const utf8 = (value: string) => new asn1js.Utf8String({ value });
const statement = (id: string, info?: asn1js.BaseBlock) => new asn1js.Sequence({ value: info ? [oid(id), info] : [oid(id)] });

// --- qcStatements ----------------------------------------------------------------------------------------------

/** RFC 3739 QCStatements with QcCompliance, QcType and ETSI TS 119 495 PSD2QcType (rolesOfPSP, nCAName, nCAId). */
function qcStatementsExtension(params: IssuePsd2CertificateParams): x509.Extension {
  const roles = new asn1js.Sequence({
    value: params.roles.map((role) => new asn1js.Sequence({ value: [oid(ROLE_OIDS[role]), utf8(role)] })),
  });
  const statements = new asn1js.Sequence({
    value: [
      statement(OID.qcCompliance),
      statement(OID.qcType, new asn1js.Sequence({ value: [oid(QC_TYPES[params.kind])] })),
      statement(OID.psd2QcType, new asn1js.Sequence({ value: [roles, utf8(params.ncaName), utf8(params.ncaId)] })),
    ],
  });
  return new x509.Extension(OID.qcStatements, false, statements.toBER(false));
}

interface QcContent {
  roles: Psd2Role[];
  ncaName: string | undefined;
  ncaId: string | undefined;
  kind: Psd2CertificateKind | undefined;
}

function roleOf(node: asn1js.AsnType): Psd2Role | undefined {
  const [roleOid, roleName] = childrenOf(node, 'RoleOfPSP');
  const id = oidOf(roleOid, 'roleOfPspOid');
  // The OID identifies the role; the name is only for display (ETSI TS 119 495 §5.1), but fall back to it.
  const byOid = PSD2_ROLES.find((role) => ROLE_OIDS[role] === id);
  const name = roleName === undefined ? undefined : stringOf(roleName, 'roleOfPspName');
  return byOid ?? PSD2_ROLES.find((role) => role === name);
}

function readQcStatements(der: ArrayBuffer): QcContent {
  const content: QcContent = { roles: [], ncaName: undefined, ncaId: undefined, kind: undefined };
  for (const qcStatement of childrenOf(decodeDer(der, 'qcStatements'), 'QCStatements')) {
    const [id, info] = childrenOf(qcStatement, 'QCStatement');
    switch (oidOf(id, 'statementId')) {
      case OID.qcType: {
        const types = childrenOf(info, 'QcType').map((type) => oidOf(type, 'QcType'));
        content.kind = (['qwac', 'qseal'] as const).find((kind) => types.includes(QC_TYPES[kind]));
        break;
      }
      case OID.psd2QcType: {
        const [roles, ncaName, ncaId] = childrenOf(info, 'PSD2QcType');
        const found = childrenOf(roles, 'RolesOfPSP').map(roleOf);
        content.roles = PSD2_ROLES.filter((role) => found.includes(role));
        content.ncaName = stringOf(ncaName, 'nCAName');
        content.ncaId = stringOf(ncaId, 'nCAId');
        break;
      }
      default:
        break;
    }
  }
  return content;
}

// --- Distinguished names (RFC 4514) ------------------------------------------------------------------------------

/** RFC 4514 §3 short names, plus descriptors registered for the eIDAS attributes (RFC 4519, X.520). */
const DN_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '2.5.4.5': 'serialNumber',
  '2.5.4.97': 'organizationIdentifier',
};
const DN_OIDS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(DN_NAMES).map(([id, name]) => [name.toLowerCase(), id])),
  e: '1.2.840.113549.1.9.1',
  emailaddress: '1.2.840.113549.1.9.1',
  sn: '2.5.4.4',
  g: '2.5.4.42',
  givenname: '2.5.4.42',
};

/** RFC 4514 §2.4 escaping of a string value. */
function escapeDnValue(value: string): string {
  return value
    .replace(/["+,;<>\\]/g, (c) => `\\${c}`)
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ')
    .replace(/\0/g, '\\00');
}

/** A DER Name as an RFC 4514 string: last RDN first, `+` inside an RDN, `#hex` for a value that is not a string. */
function rfc4514(nameDer: ArrayBuffer): string {
  return childrenOf(decodeDer(nameDer, 'Name'), 'Name')
    .map((rdn) =>
      childrenOf(rdn, 'RDN')
        .map((attribute) => {
          const [type, value] = childrenOf(attribute, 'AttributeTypeAndValue');
          const id = oidOf(type, 'AttributeType');
          const text = value instanceof asn1js.BaseStringBlock && DN_NAMES[id] ? escapeDnValue(value.getValue()) : `#${Buffer.from(value?.toBER(false) ?? new ArrayBuffer(0)).toString('hex')}`;
          return `${DN_NAMES[id] ?? id}=${text}`;
        })
        .join('+'),
    )
    .reverse()
    .join(',');
}

function dnValueOf(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.startsWith('#')) {
    try {
      const node = decodeDer(Buffer.from(trimmed.slice(1), 'hex'), 'value');
      if (node instanceof asn1js.BaseStringBlock) return node.getValue();
    } catch {
      // Not BER: compare the hex itself.
    }
    return trimmed.toLowerCase();
  }
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

/** Splits an RFC 4514 (or RFC 2253/1779, Java, OpenSSL) DN string into `oid=value` pairs, values case-folded. */
function dnAttributes(dn: string): string[] {
  const attributes: string[] = [];
  let type = '';
  let bytes: number[] = [];
  let inType = true;
  let quoted = false;
  const flush = () => {
    const rawType = type.trim().replace(/^oid\./i, '');
    const id = /^\d+(\.\d+)+$/.test(rawType) ? rawType : (DN_OIDS[rawType.toLowerCase()] ?? rawType.toLowerCase());
    const value = dnValueOf(Buffer.from(bytes).toString('utf8')).replace(/\s+/g, ' ').toLowerCase();
    if (id) attributes.push(`${id}=${value}`);
    type = '';
    bytes = [];
    inType = true;
  };
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i] as string;
    if (inType) {
      if (c === '=') inType = false;
      else type += c;
    } else if (c === '\\' && i + 1 < dn.length) {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(dn[++i] as string, 'utf8'));
      }
    } else if (c === '"') {
      quoted = !quoted;
      bytes.push(0x22);
    } else if (!quoted && (c === ',' || c === '+' || c === ';')) {
      flush();
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  if (type.trim() || bytes.length) flush();
  return attributes.sort();
}

/**
 * Whether two DN strings name the same entity, whatever the order of their RDNs (RFC 4514 is last-first,
 * OpenSSL first-last), their spacing, case or `#hex` form. The Berlin Group `keyId` `CA=` is compared this way.
 */
export function sameDistinguishedName(a: string, b: string): boolean {
  const left = dnAttributes(a);
  const right = dnAttributes(b);
  return left.length > 0 && left.length === right.length && left.every((attribute, i) => attribute === right[i]);
}

// --- Issuing -----------------------------------------------------------------------------------------------------

const SUBJECT_KEYS = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
} as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** Imports the issuer's PEM private key and picks the matching SHA-256 signature algorithm. */
async function issuerKeyOf(keyPem: string): Promise<{ key: CryptoKey; algorithm: typeof ECDSA_SHA256 | typeof RSA_SHA256 }> {
  const keyObject = createPrivateKey(keyPem);
  const der = keyObject.export({ format: 'der', type: 'pkcs8' });
  if (keyObject.asymmetricKeyType === 'rsa') {
    return { key: await provider.subtle.importKey('pkcs8', der, RSA_SHA256, false, ['sign']), algorithm: RSA_SHA256 };
  }
  if (keyObject.asymmetricKeyType === 'ec' && keyObject.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return { key: await provider.subtle.importKey('pkcs8', der, SUBJECT_KEYS.ES256, false, ['sign']), algorithm: ECDSA_SHA256 };
  }
  throw new RangeError('issuer.keyPem: expected an RSA or ECDSA P-256 key');
}

const ORGANIZATION_IDENTIFIER = /^PSD([A-Z]{2})-[A-Z]{2,8}-.+$/;

function checkParams(params: Omit<IssuePsd2CertificateParams, 'keyAlgorithm'>): string {
  const orgId = ORGANIZATION_IDENTIFIER.exec(params.organizationIdentifier);
  if (!orgId) throw new RangeError(`organizationIdentifier: expected PSD<country>-<NCA>-<id> (ETSI TS 119 495 §5.2.1), got '${params.organizationIdentifier}'`);
  if (params.roles.length === 0) throw new RangeError('roles: at least one PSD2 role is needed');
  const unknown = params.roles.find((role) => !PSD2_ROLES.includes(role));
  if (unknown) throw new RangeError(`roles: unknown role '${unknown}'`);
  if (!params.ncaName || !params.ncaId) throw new RangeError('ncaName, ncaId: both are required');
  return params.country ?? (orgId[1] as string);
}

/** What `certifyPsd2PublicKey` needs: the issuing parameters without a key algorithm, and the key to certify. */
export interface CertifyPsd2PublicKeyParams extends Omit<IssuePsd2CertificateParams, 'keyAlgorithm'> {
  /** The subject's public key (a CSR's, whose proof of possession the caller checked). */
  publicKey: x509.PublicKey | CryptoKey;
  /** Hex serial number; a random one by default. */
  serialNumber?: string;
}

/** Issues a QWAC or QSealC for a given public key, signed by `issuer`, carrying the PSD2 qcStatement; returns its PEM. */
export async function certifyPsd2PublicKey(params: CertifyPsd2PublicKeyParams): Promise<string> {
  const country = checkParams(params);
  const issuerCert = new x509.X509Certificate(new NodeX509Certificate(params.issuer.certPem).raw);
  const signing = await issuerKeyOf(params.issuer.keyPem);
  const now = Date.now();
  const notAfter = Math.min(now + params.validityDays * DAY_MS, issuerCert.notAfter.getTime());
  const issuerKeyId = issuerCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const usage =
    params.kind === 'qwac' ? x509.KeyUsageFlags.digitalSignature : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  const cert = await x509.X509CertificateGenerator.create(
    {
      ...(params.serialNumber && { serialNumber: params.serialNumber }),
      subject: [{ C: [country] }, { O: [params.organization] }, { [OID.organizationIdentifier]: [params.organizationIdentifier] }, { CN: [params.commonName] }],
      issuer: issuerCert.subjectName,
      publicKey: params.publicKey,
      signingKey: signing.key,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(notAfter),
      signingAlgorithm: signing.algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usage, true),
        ...(params.kind === 'qwac' ? [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])] : []),
        new x509.CertificatePolicyExtension([POLICIES[params.kind]]),
        qcStatementsExtension(params),
        await x509.SubjectKeyIdentifierExtension.create(params.publicKey, false, provider),
        issuerKeyId ? new x509.AuthorityKeyIdentifierExtension(issuerKeyId) : await x509.AuthorityKeyIdentifierExtension.create(issuerCert.publicKey, false, provider),
      ],
    },
    provider,
  );
  return cert.toString('pem');
}

/** Issues a QWAC or QSealC with a fresh key, signed by `issuer`, carrying the PSD2 qcStatement. */
export async function issuePsd2Certificate(params: IssuePsd2CertificateParams): Promise<CertificateAndKey> {
  const { keyAlgorithm, ...rest } = params;
  const keys = (await provider.subtle.generateKey(SUBJECT_KEYS[keyAlgorithm ?? 'ES256'], true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const certPem = await certifyPsd2PublicKey({ ...rest, publicKey: keys.publicKey });
  const keyPem = x509.PemConverter.encode(await provider.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  return { certPem, keyPem };
}

// --- Reading and checking ----------------------------------------------------------------------------------------

function parse(pem: string): x509.X509Certificate {
  try {
    return new x509.X509Certificate(pem);
  } catch (cause) {
    throw new CertificateUnreadable('not an X.509 certificate', { cause });
  }
}

/** Reads the PSD2 attributes of a PEM certificate; one without the PSD2 statement gives `roles: []`. */
export function readPsd2Certificate(pem: string): Psd2CertificateInfo {
  const cert = parse(pem);
  try {
    const qcStatements = cert.getExtension(OID.qcStatements);
    const qc = qcStatements ? readQcStatements(qcStatements.value) : { roles: [], ncaName: undefined, ncaId: undefined, kind: undefined };
    return {
      ...qc,
      organizationIdentifier: cert.subjectName.getField(OID.organizationIdentifier)[0],
      organization: cert.subjectName.getField('O')[0],
      commonName: cert.subjectName.getField('CN')[0],
      serialNumber: cert.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
      issuerDn: rfc4514(cert.issuerName.toArrayBuffer()),
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      fingerprint256: createHash('sha256').update(Buffer.from(cert.rawData)).digest('base64url'),
    };
  } catch (cause) {
    if (cause instanceof CertificateUnreadable) throw cause;
    throw new CertificateUnreadable('the certificate cannot be decoded', { cause });
  }
}

function nodeCertificate(pem: string): { node: NodeX509Certificate; notBefore: number; notAfter: number } {
  const cert = parse(pem);
  return { node: new NodeX509Certificate(Buffer.from(cert.rawData)), notBefore: cert.notBefore.getTime(), notAfter: cert.notAfter.getTime() };
}

/**
 * Whether `pem` was issued and signed directly by one of `caPems` (a CA certificate, RFC 5280 §4.2.1.9) and is
 * within its validity period and the CA's at `now`. Revocation is not checked here. Throws CertificateUnreadable
 * when `pem` or one of `caPems` is not a certificate.
 */
export function verifyIssuedBy(pem: string, caPems: readonly string[], now: Date = new Date()): CertificateValidity {
  const cert = nodeCertificate(pem);
  const issuer = caPems.map(nodeCertificate).find((ca) => ca.node.ca && cert.node.checkIssued(ca.node) && cert.node.verify(ca.node.publicKey));
  if (!issuer) return 'untrusted';
  const at = now.getTime();
  if (at < Math.max(cert.notBefore, issuer.notBefore)) return 'not-yet-valid';
  if (at > Math.min(cert.notAfter, issuer.notAfter)) return 'expired';
  return 'valid';
}
