// SPDX-License-Identifier: Apache-2.0
import { X509Certificate, createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StartupError } from '../errors/lango-error.js';

/** Owner read/write only: private keys. */
export const PRIVATE_FILE_MODE = 0o600;
/** Certificates are public. */
export const PUBLIC_FILE_MODE = 0o644;

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Reads a file as text; `undefined` when it does not exist, StartupError naming it when it cannot be read. */
export async function readOptionalFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StartupError(`cannot read ${file}: ${reasonOf(error)}`, { cause: error });
  }
}

/** Reads a file that must exist. */
export async function readRequiredFile(file: string): Promise<string> {
  const text = await readOptionalFile(file);
  if (text === undefined) throw new StartupError(`cannot read ${file}: it does not exist`);
  return text;
}

/** Parses the first certificate of a PEM text; the error names the file it came from. */
export function parseCertificate(pem: string, file: string, hint?: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new StartupError(`${file} is not a valid PEM certificate (${reasonOf(error)})${hint ? `; ${hint}` : ''}`, { cause: error });
  }
}

/** Splits a PEM bundle into its certificates, each checked; the error names the file. */
export function parseCertificateBundle(pem: string, file: string): string[] {
  const blocks = pem.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) throw new StartupError(`${file} holds no PEM certificate`);
  for (const block of blocks) parseCertificate(block, file);
  return blocks.map((block) => `${block}\n`);
}

/**
 * Parses an unencrypted PEM private key. The message carries only the file name and an OpenSSL reason code,
 * never the key's text.
 */
export function parsePrivateKey(pem: string, file: string, hint?: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new StartupError(`${file} is not a valid unencrypted PEM private key (${reasonOf(error)})${hint ? `; ${hint}` : ''}`, { cause: error });
  }
}

/** True when `key` is the private half of the certificate's public key. */
export function keyMatchesCertificate(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false; // different key types (an RSA key against an EC certificate) throw rather than answer false
  }
}

/**
 * Writes a file so that readers see either the old content or the whole new one: a temporary file in the
 * same folder is written, flushed and given its mode, then renamed over the target (rename is atomic
 * within a file system). A crash therefore never leaves half a key behind, only at worst a stray `.tmp`.
 */
export async function writeFileAtomic(file: string, content: string, mode: number): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    // Created with the final mode, so a private key is never readable by others, not even for an instant.
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.chmod(mode); // the umask may have removed bits the caller asked for
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new StartupError(`cannot write ${file}: ${reasonOf(error)}`, { cause: error });
  }
  await syncDirectory(dirname(file));
}

// Makes the rename itself durable across a power loss; Windows cannot open a folder for fsync.
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
