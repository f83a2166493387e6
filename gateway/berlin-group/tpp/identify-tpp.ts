// SPDX-License-Identifier: Apache-2.0
// Identifies the TPP of a request (Implementation Guidelines §4 "TPP identification", §12 "Signatures"):
// on the TLS listener its QWAC, presented in the handshake; on the plain listener the QSealC of a verified
// request signature together with a DPoP-bound token. Either way the certificate must chain to a trusted CA
// and belong to the organisation of the token's OAuth client, and carry the PSD2 role of the service.
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { TokenRefused, type VerifiedToken } from '../../../consent/index.js';
import { peerCertificateOf, readPsd2Certificate, verifyIssuedBy, type Psd2CertificateInfo } from '../../../platform/crypto/index.js';
import { berlinGroupError } from '../../../platform/errors/index.js';
import { SignatureRefused, verifyRequestSignature } from '../signatures/http-signature.js';
import { SERVICE_ROLES, type Psd2Service, type Tpp } from './tpp.js';

export interface IdentifiedRequest {
  method: string;
  /** The URLs this request may have been addressed as, without query (DPoP `htu`). */
  urls: readonly string[];
  headers: Record<string, string | string[] | undefined>;
  socket: Socket;
  /** The body's bytes as received (the signature's Digest covers them). */
  rawBody: Buffer;
}

/** Checks an access token as a resource server does (port: the consent server's verifyAccessToken). */
export type TokenVerifier = (request: IdentifiedRequest, scopes: readonly string[]) => Promise<VerifiedToken>;

export interface TppIdentification {
  verifyToken: TokenVerifier;
  /** PEM certificates of the CAs whose QWACs and QSealCs are trusted (the sandbox CA in the sandbox). */
  trustedCas: () => readonly string[];
}

const certificates = new Map<string, Psd2CertificateInfo>();

/** readPsd2Certificate, remembered: a TPP presents the same certificate on every call. */
function certificateInfo(pem: string): Psd2CertificateInfo {
  let info = certificates.get(pem);
  if (!info) {
    try {
      info = readPsd2Certificate(pem);
    } catch {
      throw berlinGroupError('CERTIFICATE_INVALID', 'the certificate cannot be read');
    }
    if (certificates.size > 1000) certificates.clear();
    certificates.set(pem, info);
  }
  return info;
}

/** Trust verdicts by certificate: the chain is checked once a minute per certificate, not on every call. */
const verdicts = new Map<string, { verdict: ReturnType<typeof verifyIssuedBy>; until: number }>();
const VERDICT_TTL_MS = 60_000;

function trusted(pem: string, settings: TppIdentification): void {
  const now = Date.now();
  let entry = verdicts.get(pem);
  if (!entry || entry.until <= now) {
    let verdict: ReturnType<typeof verifyIssuedBy>;
    try {
      verdict = verifyIssuedBy(pem, [...settings.trustedCas()]);
    } catch {
      throw berlinGroupError('CERTIFICATE_INVALID', 'the certificate cannot be read');
    }
    if (verdicts.size > 1000) verdicts.clear();
    // Never past the certificate's own end, so expiry is seen on time.
    entry = { verdict, until: Math.min(now + VERDICT_TTL_MS, certificateInfo(pem).notAfter.getTime()) };
    verdicts.set(pem, entry);
  }
  const { verdict } = entry;
  if (verdict === 'expired') throw berlinGroupError('CERTIFICATE_EXPIRED', 'the certificate has expired');
  if (verdict !== 'valid') throw berlinGroupError('CERTIFICATE_INVALID', 'the certificate is not issued by a trusted CA or not valid now');
}

/** The QWAC of a TLS connection (the handshake already checked the chain), or undefined on the plain listener. */
function qwacOf(socket: Socket): Psd2CertificateInfo | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const peer = peerCertificateOf(socket);
  if (!peer) throw berlinGroupError('CERTIFICATE_MISSING', 'the TLS listener identifies TPPs by their QWAC: present it as the client certificate');
  if (!peer.authorized) {
    if (peer.authorizationError === 'CERT_HAS_EXPIRED') throw berlinGroupError('CERTIFICATE_EXPIRED', 'the client certificate has expired');
    throw berlinGroupError('CERTIFICATE_INVALID', 'the client certificate is not issued by a trusted CA');
  }
  return certificateInfo(peer.pem);
}

function qsealOf(request: IdentifiedRequest, settings: TppIdentification): Psd2CertificateInfo {
  let verified: { certificatePem: string };
  try {
    verified = verifyRequestSignature({ headers: request.headers, body: request.rawBody });
  } catch (error) {
    if (error instanceof SignatureRefused) throw berlinGroupError(error.code, error.text);
    throw error;
  }
  trusted(verified.certificatePem, settings);
  return certificateInfo(verified.certificatePem);
}

function tokenError(error: TokenRefused): Error {
  const details = { wwwAuthenticate: error.challenge };
  return berlinGroupError('TOKEN_INVALID', error.message, { details });
}

/** The TPP of the request, allowed to use `service` with a token carrying one of `scopes`; throws the NextGenPSD2 error otherwise. */
export async function identifyTpp(request: IdentifiedRequest, service: Psd2Service, scopes: readonly string[], settings: TppIdentification): Promise<Tpp> {
  const qwac = qwacOf(request.socket);
  const certificate = qwac ?? qsealOf(request, settings);
  const authorization = request.headers.authorization;
  // On the plain listener the token is the only binding to the caller: it must be DPoP-bound (RFC 9449).
  if (!qwac && !(typeof authorization === 'string' && /^dpop /i.test(authorization))) {
    throw berlinGroupError('TOKEN_INVALID', 'without a client certificate, a DPoP-bound access token is required', { details: { wwwAuthenticate: 'DPoP algs="ES256 PS256 EdDSA"' } });
  }
  let token: VerifiedToken;
  try {
    token = await settings.verifyToken(request, scopes);
  } catch (error) {
    if (error instanceof TokenRefused) throw tokenError(error);
    throw error;
  }
  if (!certificate.organizationIdentifier || certificate.organizationIdentifier !== token.organisationId) {
    throw berlinGroupError('CERTIFICATE_INVALID', 'the certificate names another organisation than the OAuth client of the token');
  }
  const role = SERVICE_ROLES[service];
  if (!certificate.roles.includes(role)) throw berlinGroupError('ROLE_INVALID', `the certificate does not carry the PSD2 role ${role} that ${service} needs`);
  return {
    clientId: token.clientId,
    organisationId: certificate.organizationIdentifier,
    organisationName: certificate.organization,
    roles: certificate.roles,
    via: qwac ? 'qwac' : 'qseal',
    scopes: new Set(token.scope.split(' ').filter(Boolean)),
    subject: token.subject,
    grantId: token.grantId,
  };
}
