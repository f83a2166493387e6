// SPDX-License-Identifier: Apache-2.0
// The audit trail (port): an append-only, hash-chained record of what operators did, how consents changed and
// which API calls were made. Each entry's hash covers its content, its seq and the hash before it, so an entry
// changed, removed or inserted after the fact breaks the chain at that point and `verify()` names it.
import { createHash } from 'node:crypto';
import { ValidationError } from '../../../platform/errors/index.js';

export const AUDIT_KINDS = ['operator-action', 'consent', 'api-call'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export interface NewAuditEntry {
  /** Epoch ms the audited thing happened. */
  at: number;
  kind: AuditKind;
  /** The tenant (bank) it concerns; absent for what concerns no single tenant. */
  tenantId?: string;
  /** Who did it: `operator:ops.operator`, a TPP client id, `psu:<psuId>`, `system`. */
  actor: string;
  /** What was done: `force-fail`, `consent.revokedByPsu`, `GET /v1/accounts`. */
  action: string;
  /** What it was done to: a transferId, processInstanceKey, consentId or paymentId. */
  subject?: string;
  /** Why, in the actor's words (an operator's justification). */
  reason?: string;
  /** The state before and after, as JSON values. */
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends NewAuditEntry {
  /** 1, 2, 3, … without gaps, in append order. */
  seq: number;
  /** The previous entry's hash; GENESIS_HASH for seq 1. */
  prevHash: string;
  /** sha256 hex of `prevHash + '\n' + canonicalJson(every other field)`; see entryHash. */
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Entries checked (all of them when ok). */
  entries: number;
  /** The first seq at which the chain is broken. */
  brokenAt?: number;
  reason?: string;
  /** The last entry's hash when ok (GENESIS_HASH for an empty trail): note it elsewhere to detect a truncated tail later. */
  head?: string;
}

/** Where a batch of entries comes from (an event-log topic and offset), so a redelivered batch is appended once. */
export interface AuditSource {
  name: string;
  /** The batch's last position; a batch whose position is at or below the stored one adds nothing. */
  position: number;
  /**
   * The position of each entry (ascending, one per entry): when given, a batch that overlaps what is stored only
   * adds the entries past the stored position (a redelivery that starts at the same record but runs further).
   */
  entryPositions?: readonly number[];
}

export interface AuditQuery {
  /** Only these tenants (the operator's); every entry when absent. An empty list finds nothing. */
  tenantIds?: readonly string[];
  kind?: AuditKind;
  subject?: string;
  /** at ≥ from and at < to, epoch ms. */
  from?: number;
  to?: number;
  limit: number;
  offset?: number;
}

export interface AuditTrail {
  /**
   * Appends the entries in order, chained after the last one, and resolves with them as stored. With a `source`,
   * a position already appended (same name, position ≤ the stored one) adds nothing and resolves with [].
   * VALIDATION_FAILED for an entry without a valid kind, actor, action or `at`.
   */
  append(entries: readonly NewAuditEntry[], source?: AuditSource): Promise<AuditEntry[]>;
  /** The page of matching entries, newest (highest seq) first, and how many match in all. */
  list(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }>;
  /** Every entry in seq order (ascending) in the range, for export. */
  entries(query: { from?: number; to?: number; tenantIds?: readonly string[] }): AsyncIterable<AuditEntry>;
  /** Walks every entry in seq order and recomputes the chain; reports the first seq where it breaks. */
  verify(): Promise<AuditVerification>;
}

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted (by UTF-16 code unit, recursively) and no whitespace. Otherwise as JSON.stringify:
 * toJSON is called, undefined / functions / symbols are dropped from objects and become null in arrays,
 * non-finite numbers become null. Throws a TypeError for a top-level value with no JSON form, a bigint or a cycle.
 */
export function canonicalJson(value: unknown): string {
  const text = writeCanonical(value, '', []);
  if (text === undefined) throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  return text;
}

function writeCanonical(input: unknown, key: string, ancestors: object[]): string | undefined {
  let value = input;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint has no JSON form');
    case 'object': {
      if (value === null) return 'null';
      if (ancestors.includes(value)) throw new TypeError('canonicalJson: the value has a cycle');
      const inner = [...ancestors, value];
      if (Array.isArray(value)) return `[${value.map((item, index) => writeCanonical(item, String(index), inner) ?? 'null').join(',')}]`;
      const record = value as Record<string, unknown>;
      const members = Object.keys(record).sort().flatMap((name) => {
        const text = writeCanonical(record[name], name, inner);
        return text === undefined ? [] : [`${JSON.stringify(name)}:${text}`];
      });
      return `{${members.join(',')}}`;
    }
    default:
      return undefined;
  }
}

/** The hash an entry must carry: sha256 hex of `prevHash + '\n' + canonicalJson(the entry without hash)`. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...content } = entry;
  return createHash('sha256').update(`${entry.prevHash}\n${canonicalJson(content)}`).digest('hex');
}

/**
 * The stored form of new entries: validated, JSON values normalised (what canonicalJson keeps, so what is read
 * back hashes the same), numbered from `last.seq + 1` and chained from `last.hash`.
 */
export function chainEntries(entries: readonly NewAuditEntry[], last: { seq: number; hash: string }): AuditEntry[] {
  let { seq, hash: prevHash } = last;
  return entries.map((entry, index) => {
    const content = normalise(entry, index);
    seq += 1;
    const chained = { ...content, seq, prevHash };
    const stored: AuditEntry = { ...chained, hash: entryHash(chained) };
    prevHash = stored.hash;
    return stored;
  });
}

function normalise(entry: NewAuditEntry, index: number): NewAuditEntry {
  const invalid = (field: string, what: string) => new ValidationError(`audit entry ${index}: ${field} ${what}`, { path: `[${index}].${field}` });
  if (!Number.isSafeInteger(entry.at) || entry.at < 0) throw invalid('at', 'must be epoch milliseconds');
  if (!AUDIT_KINDS.includes(entry.kind)) throw invalid('kind', `must be one of ${AUDIT_KINDS.join(', ')}`);
  if (typeof entry.actor !== 'string' || entry.actor === '') throw invalid('actor', 'must be a non-empty string');
  if (typeof entry.action !== 'string' || entry.action === '') throw invalid('action', 'must be a non-empty string');
  for (const field of ['tenantId', 'subject', 'reason'] as const) {
    if (entry[field] !== undefined && typeof entry[field] !== 'string') throw invalid(field, 'must be a string');
  }
  if (entry.details !== undefined && (entry.details === null || typeof entry.details !== 'object' || Array.isArray(entry.details))) throw invalid('details', 'must be an object');
  const json = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(canonicalJson(value)));
  const normalised: NewAuditEntry = { at: entry.at, kind: entry.kind, actor: entry.actor, action: entry.action };
  if (entry.tenantId !== undefined) normalised.tenantId = entry.tenantId;
  if (entry.subject !== undefined) normalised.subject = entry.subject;
  if (entry.reason !== undefined) normalised.reason = entry.reason;
  if (entry.before !== undefined) normalised.before = json(entry.before);
  if (entry.after !== undefined) normalised.after = json(entry.after);
  if (entry.details !== undefined) normalised.details = json(entry.details) as Record<string, unknown>;
  return normalised;
}

/**
 * Checks entries in seq order against the chain, one at a time (the adapters stream them in). Returns the break,
 * or undefined while the chain holds; `head` is the last hash checked.
 */
export class ChainVerifier {
  entries = 0;
  head = GENESIS_HASH;
  #nextSeq = 1;

  check(entry: AuditEntry): Pick<AuditVerification, 'brokenAt' | 'reason'> | undefined {
    if (entry.seq !== this.#nextSeq) {
      const missing = entry.seq > this.#nextSeq ? `entry ${this.#nextSeq} is missing (the next one is ${entry.seq})` : `entry ${entry.seq} is out of order`;
      return { brokenAt: this.#nextSeq, reason: missing };
    }
    if (entry.prevHash !== this.head) return { brokenAt: entry.seq, reason: `its prevHash does not match the hash of entry ${entry.seq - 1}` };
    if (entryHash(entry) !== entry.hash) return { brokenAt: entry.seq, reason: 'its stored hash does not match its content' };
    this.entries += 1;
    this.head = entry.hash;
    this.#nextSeq += 1;
    return undefined;
  }
}
