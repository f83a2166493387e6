// SPDX-License-Identifier: Apache-2.0
// RFC 8705 mutual TLS: client authentication (tls_client_auth, self_signed_tls_client_auth) and
// certificate-bound tokens, read from the TLS listener's socket. The handshake never fails over a client
// certificate (platform/crypto serverTlsOptions); these hooks decide what it is worth.
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { peerCertificateOf } from '../../platform/crypto/index.js';

interface TlsContext {
  req: { socket: Socket };
}

/** RFC 8705 §2.1.2: which registered subject property matches which part of the certificate. */
type SubjectProperty = 'tls_client_auth_subject_dn' | 'tls_client_auth_san_dns' | 'tls_client_auth_san_uri' | 'tls_client_auth_san_ip' | 'tls_client_auth_san_email';

const SAN_PREFIX: Record<Exclude<SubjectProperty, 'tls_client_auth_subject_dn'>, string> = {
  tls_client_auth_san_dns: 'DNS:',
  tls_client_auth_san_uri: 'URI:',
  tls_client_auth_san_ip: 'IP Address:',
  tls_client_auth_san_email: 'email:',
};

/** A distinguished name as a set of `type=value` with types upper-cased: order and spacing do not matter. */
function dnParts(dn: string): string[] {
  return dn.split(/[,\n+]/).map((part) => part.trim()).filter(Boolean).map((part) => {
    const [type = '', ...value] = part.split('=');
    return `${type.trim().toUpperCase()}=${value.join('=').trim()}`;
  }).sort();
}

export const mtlsHooks = {
  /** The client certificate (PEM) of this connection, or undefined on plain HTTP or without one. */
  getCertificate(ctx: TlsContext): string | undefined {
    return peerCertificateOf(ctx.req.socket)?.pem;
  },
  /** tls_client_auth (RFC 8705 §2.1) needs a chain to one of the listener's client CAs. */
  certificateAuthorized(ctx: TlsContext): boolean {
    return peerCertificateOf(ctx.req.socket)?.authorized === true;
  },
  certificateSubjectMatches(ctx: TlsContext, property: SubjectProperty, expected: string): boolean {
    const pem = peerCertificateOf(ctx.req.socket)?.pem;
    if (!pem) return false;
    const cert = new X509Certificate(pem);
    if (property === 'tls_client_auth_subject_dn') {
      const [actual, wanted] = [dnParts(cert.subject), dnParts(expected)];
      return actual.length === wanted.length && actual.every((part, index) => part === wanted[index]);
    }
    const prefix = SAN_PREFIX[property];
    return (cert.subjectAltName ?? '').split(', ').some((entry) => entry === `${prefix}${expected}`);
  },
};
