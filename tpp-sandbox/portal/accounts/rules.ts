// SPDX-License-Identifier: Apache-2.0
// What the portal accepts as an e-mail address, a password and a name, and how its single-use link tokens are made.
import { createHash, randomBytes } from 'node:crypto';
import { EmailInvalidError, FieldInvalidError, PasswordWeakError } from './errors.js';
import { MEMBER_ROLES, type MemberRole } from './model.js';

/** NIST SP 800-63B §5.1.1.2 asks for at least 8; a sandbox with API keys behind it asks for 12. */
export const PASSWORD_MIN_LENGTH = 12;
/** Bounds the work of hashing (scrypt reads the whole input). */
export const PASSWORD_MAX_LENGTH = 1024;
export const NAME_MAX_LENGTH = 200;

// A pragmatic address: a local part without spaces, quotes or brackets (RFC 5321 §4.5.3.1.1: at most 64 octets),
// and a host name of dot-separated LDH labels with at least one dot (internationalised domains in punycode).
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const EMAIL_PATTERN = new RegExp(`^[^\\s@<>()\\[\\],;:"\\\\]{1,64}@(?=.{1,253}$)${LABEL}(?:\\.${LABEL})+$`);

/** The address as stored and compared: trimmed and lower case (so Ada@Example.com and ada@example.com are one account). */
export function normaliseEmail(input: unknown): string {
  const email = typeof input === 'string' ? input.trim().toLowerCase() : '';
  if (email.length > 254 || !EMAIL_PATTERN.test(email)) throw new EmailInvalidError();
  return email;
}

/** Length is counted in characters (code points), not bytes; compared to the address case-insensitively. */
export function checkPassword(password: unknown, email: string): string {
  if (typeof password !== 'string') throw new PasswordWeakError(`use at least ${PASSWORD_MIN_LENGTH} characters`);
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) throw new PasswordWeakError(`use at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) throw new PasswordWeakError(`use at most ${PASSWORD_MAX_LENGTH} characters`);
  if (password.trim().toLowerCase() === email) throw new PasswordWeakError('it must not be your e-mail address');
  return password;
}

/** A display name: trimmed, 1 to 200 characters, no control characters. */
export function checkName(input: unknown, path: string): string {
  const name = typeof input === 'string' ? input.trim() : '';
  // eslint-disable-next-line no-control-regex
  if (!name || [...name].length > NAME_MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new FieldInvalidError(path, `must be 1 to ${NAME_MAX_LENGTH} characters without control characters`);
  }
  return name;
}

export function checkRole(input: unknown): MemberRole {
  if (!(MEMBER_ROLES as readonly unknown[]).includes(input)) throw new FieldInvalidError('role', `must be one of ${MEMBER_ROLES.join(', ')}`);
  return input as MemberRole;
}

/** A link's secret: 32 random bytes (256 bits), base64url, 43 characters. Only its hash is stored. */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * SHA-256, hex. A fast hash is enough here (unlike passwords): the secret has 256 bits of entropy, so a stolen
 * table cannot be reversed by guessing, and lookups by hash need no per-row salt.
 */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
