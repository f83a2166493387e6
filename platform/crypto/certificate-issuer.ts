// SPDX-License-Identifier: Apache-2.0
import { X509Certificate as NodeX509Certificate, createPrivateKey, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import { x509 } from './x509.js';

/**
 * Issues ECDSA P-256 certificates with WebCrypto. The provider is passed to every call instead of set with
 * `x509.cryptoProvider.set`, so this module changes no global state other contexts might rely on.
 */
const provider = webcrypto;
type CryptoKey = webcrypto.CryptoKey;
const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
// Validity starts five minutes back so a peer whose clock lags a little does not see "not yet valid".
const BACKDATE_MS = 5 * 60_000;

export interface CertificateAndKey {
  /** PEM `CERTIFICATE`. */
  certPem: string;
  /** PEM `PRIVATE KEY` (PKCS#8, unencrypted). */
  keyPem: string;
}

/** serverAuth for TLS servers, clientAuth for mTLS clients (RFC 5280 §4.2.1.12). */
export type CertificateUsage = 'server' | 'client';

export interface IssueCertificateParams {
  /** The signing CA; its key must be ECDSA P-256. */
  issuer: CertificateAndKey;
  commonName: string;
  organization?: string;
  usage: CertificateUsage;
  /** DNS names and IP literals for subjectAltName; clients match these, never the common name. */
  altNames?: readonly string[];
  /** Days from now; capped at the issuer's own expiry so the chain never outlives its root. */
  validityDays: number;
}

function subjectOf(commonName: string, organization: string | undefined): x509.JsonName {
  return organization ? [{ O: [organization] }, { CN: [commonName] }] : [{ CN: [commonName] }];
}

async function keyPemOf(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await provider.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** Imports a PEM private key (PKCS#8 or SEC1) for signing. */
async function signingKeyOf(keyPem: string): Promise<CryptoKey> {
  const der = createPrivateKey(keyPem).export({ format: 'der', type: 'pkcs8' });
  return provider.subtle.importKey('pkcs8', der, P256, false, ['sign']);
}

/** Creates a self-signed root CA: CA:true, keyCertSign and cRLSign, both critical (RFC 5280 §4.2.1.9, §4.2.1.3). */
export async function createRootCa(params: { commonName: string; organization?: string; validityDays: number }): Promise<CertificateAndKey> {
  const keys = await provider.subtle.generateKey(P256, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: subjectOf(params.commonName, params.organization),
      keys,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(now + params.validityDays * DAY_MS),
      signingAlgorithm: ECDSA_SHA256,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, provider),
      ],
    },
    provider,
  );
  return { certPem: cert.toString('pem'), keyPem: await keyPemOf(keys.privateKey) };
}

/** Issues an end-entity certificate with a fresh P-256 key, signed by `issuer`. */
export async function issueCertificate(params: IssueCertificateParams): Promise<CertificateAndKey> {
  const issuerCert = new x509.X509Certificate(new NodeX509Certificate(params.issuer.certPem).raw);
  const signingKey = await signingKeyOf(params.issuer.keyPem);
  const keys = await provider.subtle.generateKey(P256, true, ['sign', 'verify']);
  const now = Date.now();
  const notAfter = Math.min(now + params.validityDays * DAY_MS, issuerCert.notAfter.getTime());
  const altNames = (params.altNames ?? []).map((name) => ({ type: isIP(name) ? ('ip' as const) : ('dns' as const), value: name }));
  const issuerKeyId = issuerCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const cert = await x509.X509CertificateGenerator.create(
    {
      subject: subjectOf(params.commonName, params.organization),
      issuer: issuerCert.subjectName,
      publicKey: keys.publicKey,
      signingKey,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(notAfter),
      signingAlgorithm: ECDSA_SHA256,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        // ECDSA keys sign the handshake; keyEncipherment is an RSA key-transport usage and does not apply.
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([params.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
        ...(altNames.length > 0 ? [new x509.SubjectAlternativeNameExtension(altNames)] : []),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, provider),
        issuerKeyId ? new x509.AuthorityKeyIdentifierExtension(issuerKeyId) : await x509.AuthorityKeyIdentifierExtension.create(issuerCert.publicKey, false, provider),
      ],
    },
    provider,
  );
  return { certPem: cert.toString('pem'), keyPem: await keyPemOf(keys.privateKey) };
}
