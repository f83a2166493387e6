// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { x509 } from './x509.js';

export interface ServerTlsSettings {
  /** The server certificate, optionally followed by its intermediates. */
  certPem: string;
  keyPem: string;
  /** CAs whose client certificates count as verified; empty trusts none (not the public web roots). */
  clientCaPems: readonly string[];
}

/** Options for `https.createServer` and fastify's `https`; assignable to both. */
export interface ServerTlsOptions {
  cert: string;
  key: string;
  ca: string[];
  requestCert: true;
  rejectUnauthorized: false;
  minVersion: 'TLSv1.2';
}

/**
 * TLS with optional client certificates. The handshake asks for a certificate but never fails over it:
 * the gateway decides per route what a missing or unverified one means (RFC 8705 token binding, Berlin Group
 * TPP roles), and answers in the API's own error model instead of a bare handshake alert.
 */
export function serverTlsOptions(settings: ServerTlsSettings): ServerTlsOptions {
  return {
    cert: settings.certPem,
    key: settings.keyPem,
    // Always an array: without `ca` Node verifies client certificates against the public web roots.
    ca: [...settings.clientCaPems],
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2',
  };
}

export interface PeerCertificate {
  /** The client's leaf certificate as PEM. */
  pem: string;
  /** True when it chains to one of the listener's client CAs. */
  authorized: boolean;
  /** Why it did not verify (`UNABLE_TO_GET_ISSUER_CERT_LOCALLY`, `CERT_HAS_EXPIRED`…); absent when authorized. */
  authorizationError?: string;
  /** Distinguished name in the certificate's RDN order: `O=Bank, CN=tpp.example`. */
  subject: string;
  /** SHA-256 of the DER, colon-separated upper-case hex (Node's format). */
  fingerprint256: string;
  /** SHA-256 of the DER, base64url: the `x5t#S256` confirmation of a certificate-bound token (RFC 8705 §3.1). */
  x5tS256: string;
}

// A connection keeps its certificate for life: parse it once, not on every request over it.
const cache = new WeakMap<TLSSocket, PeerCertificate>();

/** The client certificate of a TLS connection (a socket, or a request with `.socket`); undefined when none. */
export function peerCertificateOf(source: Socket | { readonly socket: Socket }): PeerCertificate | undefined {
  const socket = source instanceof Socket ? source : source.socket;
  if (!(socket instanceof TLSSocket)) return undefined;
  const cached = cache.get(socket);
  if (cached) return cached;
  const peer = readPeerCertificate(socket);
  if (peer) cache.set(socket, peer);
  return peer;
}

function readPeerCertificate(socket: TLSSocket): PeerCertificate | undefined {
  const raw = socket.getPeerCertificate(false)?.raw;
  if (!raw || raw.length === 0) return undefined;
  const cert = new x509.X509Certificate(raw);
  const digest = createHash('sha256').update(raw).digest();
  // Node's typings say Error, but a server socket holds OpenSSL's code as a string.
  const error = socket.authorizationError as unknown as string | Error | undefined;
  return {
    pem: cert.toString('pem'),
    authorized: socket.authorized,
    ...(error && !socket.authorized && { authorizationError: typeof error === 'string' ? error : error.message }),
    subject: cert.subject,
    fingerprint256: [...digest].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':'),
    x5tS256: digest.toString('base64url'),
  };
}
