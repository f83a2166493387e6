// SPDX-License-Identifier: Apache-2.0
// Berlin Group NextGenPSD2 Implementation Guidelines v1.3.x §12 "Signatures": a TPP seals a request with its QSealC
// following draft-cavage-http-signatures-10. `Digest` hashes the body (RFC 3230), `Signature` covers selected
// headers, and `TPP-Signature-Certificate` carries the certificate as base64 DER. Whether the certificate chains to
// a trusted QTSP and holds the PSD2 role the endpoint needs is the caller's check, not this file's.
import { X509Certificate, constants, createHash, createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';
import { readPsd2Certificate, sameDistinguishedName, type Psd2CertificateInfo } from '../../../platform/crypto/index.js';

/** Berlin Group wire codes (IG §14.11, status 401): the `code` of every refusal. */
export type SignatureRefusedCode = 'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'CERTIFICATE_MISSING' | 'CERTIFICATE_INVALID';

/** A request signature that cannot be accepted; `text` is safe to show the TPP (`tppMessages[].text`). */
export class SignatureRefused extends Error {
  constructor(
    readonly code: SignatureRefusedCode,
    readonly text: string,
    options?: { cause?: unknown },
  ) {
    super(text, options);
    this.name = 'SignatureRefused';
  }
}

interface SignatureScheme {
  key: 'rsa' | 'ec';
  hash: 'sha256' | 'sha512';
  pss?: true;
}
const RSA_SHA256: SignatureScheme = { key: 'rsa', hash: 'sha256' };
const RSA_SHA512: SignatureScheme = { key: 'rsa', hash: 'sha512' };
const RSA_PSS_SHA256: SignatureScheme = { key: 'rsa', hash: 'sha256', pss: true };
const ECDSA_SHA256: SignatureScheme = { key: 'ec', hash: 'sha256' };

/**
 * The `algorithm` values accepted, compared case-insensitively. The IG's own example uses the draft-cavage name
 * (`rsa-sha256`); TPPs built on Java send the JCA name (`SHA256withRSA`), others the BouncyCastle spelling
 * (`SHA-256withRSA`). ECDSA signatures are DER (as Java makes them) or 64-byte IEEE P1363.
 */
const SCHEMES = {
  'rsa-sha256': RSA_SHA256,
  SHA256withRSA: RSA_SHA256,
  'SHA-256withRSA': RSA_SHA256,
  'rsa-sha512': RSA_SHA512,
  SHA512withRSA: RSA_SHA512,
  'SHA-512withRSA': RSA_SHA512,
  'SHA256withRSA/PSS': RSA_PSS_SHA256,
  'SHA-256withRSA/PSS': RSA_PSS_SHA256,
  SHA256withRSAandMGF1: RSA_PSS_SHA256,
  'ecdsa-sha256': ECDSA_SHA256,
  SHA256withECDSA: ECDSA_SHA256,
  'SHA-256withECDSA': ECDSA_SHA256,
} as const satisfies Record<string, SignatureScheme>;
export type SignatureAlgorithm = keyof typeof SCHEMES;
const SCHEMES_BY_NAME = new Map<string, SignatureScheme>(Object.entries(SCHEMES).map(([name, scheme]) => [name.toLowerCase(), scheme]));

/** RFC 3230 / RFC 5843 digest algorithms the IG allows for `Digest`. */
const DIGESTS = { 'sha-256': 'sha256', 'sha-512': 'sha512' } as const;
export type DigestAlgorithm = 'SHA-256' | 'SHA-512';

/** IG §12.2: always signed. */
const ALWAYS_SIGNED = ['digest', 'x-request-id'] as const;
/** IG §12.2: signed whenever the request carries them. `date` was dropped from this list by the v1.3 errata; Lango keeps it. */
export const SIGNED_IF_PRESENT = ['psu-id', 'psu-corporate-id', 'tpp-redirect-uri', 'date'] as const;

/** draft-cavage-http-signatures-10 §2.3: `(request-target)` is `<lowercase method> <path and query>`. */
export interface RequestTarget {
  method: string;
  path: string;
}

export interface SignRequestParams {
  /** The request headers, any case; X-Request-ID is required. */
  headers: Record<string, string>;
  body: Uint8Array | string;
  /** The QSealC, PEM. */
  certificatePem: string;
  privateKeyPem: string;
  /** Defaults to `rsa-sha256` for an RSA key and `ecdsa-sha256` for an EC key. */
  algorithm?: SignatureAlgorithm;
  /** Defaults to SHA-256. */
  digestAlgorithm?: DigestAlgorithm;
  /** When given, `(request-target)` is signed too. */
  requestTarget?: RequestTarget;
}

export interface SignedRequest {
  /** Lowercase names, as node gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes as received; empty when there is none. */
  body: Buffer;
  /** Needed only if the TPP signed `(request-target)`. */
  requestTarget?: RequestTarget;
}

export interface VerifiedSignature {
  certificatePem: string;
  info: Psd2CertificateInfo;
}

// --- Shared pieces ---------------------------------------------------------------------------------------------

function digestHeaderOf(body: Uint8Array | string, algorithm: DigestAlgorithm): string {
  return `${algorithm}=${createHash(DIGESTS[algorithm.toLowerCase() as keyof typeof DIGESTS]).update(body).digest('base64')}`;
}

/** draft-cavage-http-signatures-10 §2.3: `name: value` lines, names lowercase, in the order of `headers`. */
function signingString(names: readonly string[], valueOf: (name: string) => string | undefined): string {
  return names
    .map((name) => {
      const value = valueOf(name);
      if (value === undefined) throw new SignatureRefused('SIGNATURE_INVALID', `The signed header '${name}' is not in the request.`);
      return `${name}: ${value}`;
    })
    .join('\n');
}

const targetOf = (target: RequestTarget | undefined): string | undefined => target && `${target.method.toLowerCase()} ${target.path}`;

function schemeFor(key: KeyObject, algorithm: string | undefined): SignatureScheme {
  if (algorithm === undefined) return key.asymmetricKeyType === 'ec' ? ECDSA_SHA256 : RSA_SHA256;
  const scheme = SCHEMES_BY_NAME.get(algorithm.toLowerCase());
  if (!scheme) throw new SignatureRefused('SIGNATURE_INVALID', `The signature algorithm '${algorithm}' is not supported.`);
  return scheme;
}

const pssOptions = { padding: constants.RSA_PKCS1_PSS_PADDING } as const;

// --- Signing (clients and tests) -------------------------------------------------------------------------------

/** Returns the `Digest`, `Signature` and `TPP-Signature-Certificate` headers to add to a request. */
export function signRequest(params: SignRequestParams): Record<string, string> {
  const headers = new Map(Object.entries(params.headers).map(([name, value]) => [name.toLowerCase(), value.trim()]));
  if (!headers.get('x-request-id')) throw new TypeError('headers: X-Request-ID is required for a signed request (IG §12.2)');
  const digest = digestHeaderOf(params.body, params.digestAlgorithm ?? 'SHA-256');
  headers.set('digest', digest);
  const target = targetOf(params.requestTarget);
  const covered = [...(target ? ['(request-target)'] : []), ...ALWAYS_SIGNED, ...SIGNED_IF_PRESENT.filter((name) => headers.has(name))];
  const data = signingString(covered, (name) => (name === '(request-target)' ? target : headers.get(name)));

  const key = createPrivateKey(params.privateKeyPem);
  const algorithm = params.algorithm ?? (key.asymmetricKeyType === 'ec' ? 'ecdsa-sha256' : 'rsa-sha256');
  const scheme: SignatureScheme = SCHEMES[algorithm];
  const signature = sign(scheme.hash, Buffer.from(data), scheme.pss ? { key, ...pssOptions, saltLength: 32 } : { key, dsaEncoding: 'der' });

  const info = readPsd2Certificate(params.certificatePem);
  // The CA DN sits inside a quoted string: `"` and `%` are percent-encoded, as in the IG's own example (`%20`).
  const ca = info.issuerDn.replace(/[%"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return {
    Digest: digest,
    Signature: `keyId="SN=${info.serialNumber},CA=${ca}",algorithm="${algorithm}",headers="${covered.join(' ')}",signature="${signature.toString('base64')}"`,
    'TPP-Signature-Certificate': new X509Certificate(params.certificatePem).raw.toString('base64'),
  };
}

// --- Verifying -------------------------------------------------------------------------------------------------

function headerOf(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  // draft-cavage-http-signatures-10 §2.3: repeated fields are joined with `, `.
  return Array.isArray(value) ? value.map((part) => part.trim()).join(', ') : value?.trim();
}

interface SignatureParams {
  keyId: string;
  algorithm: string | undefined;
  headers: string[];
  signature: Buffer;
}

function parseSignatureHeader(value: string): SignatureParams {
  const params = new Map<string, string>();
  const pattern = /\s*([A-Za-z]+)\s*=\s*(?:"([^"]*)"|([^",\s]*))\s*(?:,|$)/y;
  const text = value.replace(/^Signature\s+/i, '');
  while (pattern.lastIndex < text.length) {
    const match = pattern.exec(text);
    const name = match?.[1];
    if (!match || !name || params.has(name)) throw new SignatureRefused('SIGNATURE_INVALID', 'The Signature header is malformed.');
    params.set(name, match[2] ?? match[3] ?? '');
  }
  const keyId = params.get('keyId');
  const signature = params.get('signature')?.replace(/\s+/g, '');
  const headers = params.get('headers')?.trim().toLowerCase().split(/\s+/);
  if (!keyId || !signature || !headers) throw new SignatureRefused('SIGNATURE_INVALID', 'The Signature header needs keyId, headers and signature.');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) throw new SignatureRefused('SIGNATURE_INVALID', 'The signature is not base64.');
  return { keyId, algorithm: params.get('algorithm'), headers, signature: Buffer.from(signature, 'base64') };
}

interface ParsedCertificate extends VerifiedSignature {
  publicKey: KeyObject;
}

/** Parsed certificates by their header value, so a TPP's steady stream of requests parses its QSealC once. */
const certificates = new Map<string, ParsedCertificate>();
const CERTIFICATE_CACHE_SIZE = 256;

/**
 * The header holds base64 DER (IG §12.1). PEM armour and whitespace, and base64 of a whole PEM file, which some
 * TPPs send, are tolerated.
 */
function parseCertificateHeader(value: string, depth = 0): ParsedCertificate {
  const base64 = value.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new SignatureRefused('CERTIFICATE_INVALID', 'TPP-Signature-Certificate is not base64.');
  const der = Buffer.from(base64, 'base64');
  if (depth === 0 && der.subarray(0, 10).toString('latin1') === '-----BEGIN') return parseCertificateHeader(der.toString('latin1'), 1);
  const certificatePem = `-----BEGIN CERTIFICATE-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
  try {
    return { certificatePem, info: readPsd2Certificate(certificatePem), publicKey: new X509Certificate(certificatePem).publicKey };
  } catch (cause) {
    // CertificateUnreadable from the reader, or node's own parse error: either way not a certificate.
    throw new SignatureRefused('CERTIFICATE_INVALID', 'TPP-Signature-Certificate is not a readable X.509 certificate.', { cause });
  }
}

function certificateOf(value: string): ParsedCertificate {
  const cached = certificates.get(value);
  if (cached) {
    certificates.delete(value);
    certificates.set(value, cached);
    return cached;
  }
  const parsed = parseCertificateHeader(value);
  if (certificates.size >= CERTIFICATE_CACHE_SIZE) certificates.delete(certificates.keys().next().value as string);
  certificates.set(value, parsed);
  return parsed;
}

/** IG §12.2: digest and x-request-id are always covered; PSU-ID, PSU-Corporate-ID, TPP-Redirect-URI, Date when sent. */
function checkCoverage(covered: readonly string[], headers: SignedRequest['headers']): void {
  const missing = [...ALWAYS_SIGNED, ...SIGNED_IF_PRESENT.filter((name) => headerOf(headers, name) !== undefined)].find((name) => !covered.includes(name));
  if (missing) throw new SignatureRefused('SIGNATURE_INVALID', `The signature does not cover the '${missing}' header.`);
}

/** RFC 3230 §4.3.2: every listed instance-digest this side knows must match the body; at least one must be known. */
function checkDigest(value: string | undefined, body: Buffer): void {
  const known = (value ?? '')
    .split(',')
    .map((part) => [part.slice(0, part.indexOf('=')).trim().toLowerCase(), part.slice(part.indexOf('=') + 1).trim()] as const)
    .filter(([algorithm]) => algorithm in DIGESTS);
  if (known.length === 0) throw new SignatureRefused('SIGNATURE_INVALID', 'The Digest header is missing or uses neither SHA-256 nor SHA-512.');
  for (const [algorithm, digest] of known) {
    const expected = createHash(DIGESTS[algorithm as keyof typeof DIGESTS]).update(body).digest();
    if (!expected.equals(Buffer.from(digest, 'base64'))) throw new SignatureRefused('SIGNATURE_INVALID', 'The Digest header does not match the body.');
  }
}

function decodePercent(value: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** IG §12.2: keyId is `SN=<serial number, hex>,CA=<issuer distinguished name>` of the signing certificate. */
function checkKeyId(keyId: string, info: Psd2CertificateInfo): void {
  const match = /^\s*SN\s*=\s*(?:0x)?([0-9A-Fa-f]+)\s*,\s*CA\s*=\s*(.+)$/is.exec(keyId);
  if (!match) throw new SignatureRefused('SIGNATURE_INVALID', 'keyId is not of the form SN=<serial>,CA=<issuer>.');
  const sameSerial = BigInt(`0x${match[1]}`) === BigInt(`0x${info.serialNumber}`);
  if (!sameSerial || !sameDistinguishedName(decodePercent(match[2] as string), info.issuerDn)) {
    throw new SignatureRefused('SIGNATURE_INVALID', 'keyId does not name the certificate in TPP-Signature-Certificate.');
  }
}

function signatureMatches(scheme: SignatureScheme, key: KeyObject, data: Buffer, signature: Buffer): boolean {
  const keyType = key.asymmetricKeyType;
  const fits = scheme.key === 'ec' ? keyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' : keyType === 'rsa' || (scheme.pss && keyType === 'rsa-pss');
  if (!fits) throw new SignatureRefused('SIGNATURE_INVALID', "The signature algorithm does not fit the certificate's key.");
  if (scheme.key === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new SignatureRefused('SIGNATURE_INVALID', "The certificate's RSA key is shorter than 2048 bits.");
  }
  try {
    if (scheme.key === 'rsa') {
      const options = scheme.pss ? { key, ...pssOptions, saltLength: constants.RSA_PSS_SALTLEN_AUTO } : { key, padding: constants.RSA_PKCS1_PADDING };
      return verify(scheme.hash, data, options, signature);
    }
    return verify(scheme.hash, data, { key, dsaEncoding: 'der' }, signature) || (signature.length === 64 && verify(scheme.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature));
  } catch {
    return false;
  }
}

/**
 * Checks the Berlin Group signature of a request: Digest against the body, the covered headers, keyId against the
 * certificate, and the signature itself. Returns the QSealC; throws `SignatureRefused` with the wire code.
 */
export function verifyRequestSignature(request: SignedRequest): VerifiedSignature {
  const signatureHeader = headerOf(request.headers, 'signature');
  if (!signatureHeader) throw new SignatureRefused('SIGNATURE_MISSING', 'The request has no Signature header.');
  const certificateHeader = headerOf(request.headers, 'tpp-signature-certificate');
  if (!certificateHeader) throw new SignatureRefused('CERTIFICATE_MISSING', 'The request has no TPP-Signature-Certificate header.');

  const params = parseSignatureHeader(signatureHeader);
  checkCoverage(params.headers, request.headers);
  checkDigest(headerOf(request.headers, 'digest'), request.body);
  const certificate = certificateOf(certificateHeader);
  checkKeyId(params.keyId, certificate.info);

  const target = targetOf(request.requestTarget);
  const data = signingString(params.headers, (name) => (name === '(request-target)' ? target : headerOf(request.headers, name)));
  const scheme = schemeFor(certificate.publicKey, params.algorithm);
  if (!signatureMatches(scheme, certificate.publicKey, Buffer.from(data), params.signature)) {
    throw new SignatureRefused('SIGNATURE_INVALID', 'The signature does not verify.');
  }
  return { certificatePem: certificate.certificatePem, info: certificate.info };
}
