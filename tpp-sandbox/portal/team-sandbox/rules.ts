// SPDX-License-Identifier: Apache-2.0
// What the team sandbox accepts, and how it names what it creates: team-namespaced usernames, generated passwords,
// account ids and numbers that cannot meet the seed's.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ValidationError } from '../../../platform/errors/index.js';
import { formatMinorUnits, toMinorUnits } from '../../../platform/money/index.js';
import {
  AccountNameInvalidError, AmountInvalidError, FullNameInvalidError, OrganisationInvalidError, ProductInvalidError, UsernameInvalidError,
} from './errors.js';
import type { AccountProduct, NewTeamPsu, OrganisationId } from './model.js';

/** PSUs per team, all banks together: enough for any test matrix, few enough to keep a shared sandbox small. */
export const MAX_TEAM_PSUS = 25;
export const USERNAME_MAX_LENGTH = 32;
export const NAME_MAX_LENGTH = 128;
/** Opening balances up to 10^12 major units: far beyond any test, well inside Fineract's and FSPIOP's limits. */
export const MAX_OPENING_BALANCE_DIGITS = 12;
const PRODUCTS: readonly AccountProduct[] = ['Current', 'Savings'];

const USERNAME = /^[a-z](?:[a-z0-9._-]*[a-z0-9])?$/;
// Control characters (C0, DEL, C1) would break the PSU pages' layout and the logs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The owner as given, checked: the portal passes the signed-in team's organisation id. */
export function checkOwner(owner: OrganisationId): OrganisationId {
  if (typeof owner !== 'string' || !owner || owner.length > 128 || CONTROL.test(owner)) throw new OrganisationInvalidError();
  return owner;
}

/**
 * The team's suffix: the organisation id's last `-` part in lower case (letters and digits, 12 at most) and 6 hex
 * digits of its SHA-256, so `PSDTZ-BOT-TEAMA1` gives `teama1-` plus a hash, and two teams never share one in practice.
 */
export function teamSuffix(owner: OrganisationId): string {
  const tail = (owner.split('-').pop() ?? '').toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12) || 'team';
  return `${tail}-${createHash('sha256').update(owner).digest('hex').slice(0, 6)}`;
}

/** The login name of a team's PSU: `<given>.<team suffix>`, e.g. `amina.teama1-4f0c2e`. */
export function teamUsername(given: string, owner: OrganisationId): string {
  return `${given}.${teamSuffix(owner)}`;
}

export interface CheckedTeamPsu {
  tenantId: string;
  username: string;
  fullName: string;
  product: AccountProduct;
  accountName: string;
}

/** The request checked field by field, the first fault thrown; the amount is checked against the bank (checkAmount). */
export function checkNewPsu(input: NewTeamPsu): CheckedTeamPsu {
  const username = input.username;
  if (typeof username !== 'string' || !username) throw new UsernameInvalidError('is required');
  if (username.length > USERNAME_MAX_LENGTH) throw new UsernameInvalidError(`is longer than ${USERNAME_MAX_LENGTH} characters`);
  if (!USERNAME.test(username)) throw new UsernameInvalidError('must start with a lower-case letter, end with a letter or digit, and use only a-z, 0-9, ".", "_" and "-"');
  const fullName = checkName(input.fullName, (why) => new FullNameInvalidError(why));
  const product = input.product ?? 'Current';
  if (!PRODUCTS.includes(product)) throw new ProductInvalidError();
  const accountName = input.accountName === undefined ? product : checkName(input.accountName, (why) => new AccountNameInvalidError(why));
  return { tenantId: String(input.tenantId ?? ''), username, fullName, product, accountName };
}

function checkName(value: unknown, error: (why: string) => ValidationError): string {
  if (typeof value !== 'string' || !value.trim()) throw error('is required');
  const trimmed = value.trim();
  if (trimmed.length > NAME_MAX_LENGTH) throw error(`is longer than ${NAME_MAX_LENGTH} characters`);
  if (CONTROL.test(trimmed)) throw error('contains control characters');
  return trimmed;
}

/** The opening balance with the currency's fixed minor digits ("250000" → "250000.00" in TZS), or AMOUNT_INVALID. */
export function checkAmount(amount: unknown, currency: string): string {
  if (typeof amount !== 'string') throw new AmountInvalidError('must be a decimal string such as "250000.00"');
  let minor: bigint;
  try {
    minor = toMinorUnits(amount, currency);
  } catch (error) {
    if (error instanceof ValidationError) throw new AmountInvalidError(`must be a decimal string with at most the decimals of ${currency}, without sign or exponent`);
    throw error;
  }
  const formatted = formatMinorUnits(minor, currency);
  if (formatted.split('.')[0]!.length > MAX_OPENING_BALANCE_DIGITS) throw new AmountInvalidError(`must be below 10^${MAX_OPENING_BALANCE_DIGITS} ${currency}`);
  return formatted;
}

/** The login password handed to the team once: 16 characters of base64url, 96 random bits. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * A new account's ids: resource id `<tenant>-t<8 hex>`; interop id 22 hex (the seed's shape); number = the bank's
 * two digits, a `9` (seeded serials start with 0) and 7 random digits. Collisions are caught by the store's keys.
 */
export function newAccountIds(tenantId: string, bankPosition: number): { id: string; externalId: string; number: string } {
  return {
    id: `${tenantId}-t${randomBytes(4).toString('hex')}`,
    externalId: randomBytes(11).toString('hex'),
    number: `${String(bankPosition + 1).padStart(2, '0')}9${String(randomInt(0, 10_000_000)).padStart(7, '0')}`,
  };
}
