// SPDX-License-Identifier: Apache-2.0
// FSPIOP JWS keys on disk. `jws/<fspId>.pem` is the layout sdk-scheme-adapter reads from
// JWS_VERIFICATION_KEYS_DIRECTORY, so a peer, the switch simulator and Lango can share one directory in the sandbox.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LangoError } from '../../../platform/errors/index.js';
import type { FspiopKeys } from './fspiop.js';

/** The key directory: FspiopKeys plus where the files are, for peers configured by path. */
export interface FspiopKeyDirectory extends FspiopKeys {
  /** `<dir>/jws`: give it to sdk-scheme-adapter as JWS_VERIFICATION_KEYS_DIRECTORY. */
  readonly verificationKeysDirectory: string;
  /** `<dir>/private/<fspId>.key` (PKCS#8 PEM). */
  signingKeyPath(fspId: string): string;
}

// FSPIOP FspId is String(1..32) (§7.3); ids reach file names from the FSPIOP-Source header, so nothing else passes.
const FSP_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
// A flood of messages from an unknown source must not turn into one disk read each.
const MISSING_KEY_RECHECK_MS = 1000;

export interface FspiopKeyDirectoryOptions {
  /** FSP ids that get a key pair when they have none (this deployment's tenants, the switch in the sandbox). */
  generate: readonly string[];
  /** Milliseconds before a public key found missing is looked for again; default 1000. */
  missingKeyRecheckMs?: number;
}

/**
 * Opens (and creates) a key directory: every id in `generate` gets an EC P-256 pair when it has none, existing
 * keys are kept. Private keys are PKCS#8 PEM, mode 0600, published atomically (no reader ever sees half a key).
 */
export async function openFspiopKeyDirectory(dir: string, options: FspiopKeyDirectoryOptions): Promise<FspiopKeyDirectory> {
  const recheckMs = options.missingKeyRecheckMs ?? MISSING_KEY_RECHECK_MS;
  const privateDir = join(dir, 'private');
  const jwsDir = join(dir, 'jws');
  await mkdir(privateDir, { recursive: true, mode: 0o700 });
  await mkdir(jwsDir, { recursive: true });
  for (const fspId of options.generate) await ensureKeyPair(privateDir, jwsDir, checkedFspId(fspId));

  const signing = new Map<string, string>();
  const verification = new Map<string, string>();
  const missingSince = new Map<string, number>();

  const readKey = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };

  return {
    verificationKeysDirectory: jwsDir,
    signingKeyPath: (fspId) => join(privateDir, `${checkedFspId(fspId)}.key`),
    signingKey(fspId) {
      const cached = signing.get(fspId);
      if (cached) return cached;
      const pem = FSP_ID.test(fspId) ? readKey(join(privateDir, `${fspId}.key`)) : undefined;
      if (!pem) throw new LangoError('CONFIG_INVALID', `no FSPIOP signing key for FSP "${fspId}" in ${privateDir} (list it in the generated ids or place ${fspId}.key there)`);
      signing.set(fspId, pem);
      return pem;
    },
    verificationKey(fspId) {
      const cached = verification.get(fspId);
      if (cached) return cached;
      if (!FSP_ID.test(fspId)) return undefined;
      const lastMiss = missingSince.get(fspId);
      if (lastMiss !== undefined && Date.now() - lastMiss < recheckMs) return undefined;
      const pem = readKey(join(jwsDir, `${fspId}.pem`));
      if (!pem) {
        missingSince.set(fspId, Date.now());
        return undefined;
      }
      missingSince.delete(fspId);
      verification.set(fspId, pem);
      return pem;
    },
  };
}

function checkedFspId(fspId: string): string {
  if (!FSP_ID.test(fspId)) throw new LangoError('CONFIG_INVALID', `"${fspId}" is not a usable FSP id (1-32 letters, digits, '.', '_' or '-')`);
  return fspId;
}

async function ensureKeyPair(privateDir: string, jwsDir: string, fspId: string): Promise<void> {
  const keyPath = join(privateDir, `${fspId}.key`);
  if ((await readIfPresent(keyPath)) === undefined) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    // link() refuses an existing name: of two processes opening the directory at once, exactly one key wins.
    await publishOnce(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
  }
  const publicPem = createPublicKey(createPrivateKey(await readFile(keyPath, 'utf8'))).export({ type: 'spki', format: 'pem' }) as string;
  const pemPath = join(jwsDir, `${fspId}.pem`);
  const existing = await readIfPresent(pemPath);
  if (existing === undefined) {
    await replaceAtomically(pemPath, publicPem, 0o644);
  } else if (createPublicKey(existing).export({ type: 'spki', format: 'pem' }) !== publicPem) {
    // Peers would refuse every message this FSP signs; better to stop at start than to fail each payment.
    throw new LangoError('CONFIG_INVALID', `${pemPath} is not the public key of ${keyPath}; remove one of them`);
  }
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function tempPath(path: string): string {
  return `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

async function publishOnce(path: string, content: string, mode: number): Promise<void> {
  const temp = tempPath(path);
  await writeFile(temp, content, { mode, flag: 'wx' });
  // writeFile's mode is filtered by the umask; the key must be 0600 whatever the umask.
  await chmod(temp, mode);
  try {
    await link(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temp);
  }
}

async function replaceAtomically(path: string, content: string, mode: number): Promise<void> {
  const temp = tempPath(path);
  await writeFile(temp, content, { mode, flag: 'wx' });
  await chmod(temp, mode);
  await rename(temp, path);
}
