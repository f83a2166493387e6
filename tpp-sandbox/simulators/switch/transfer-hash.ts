// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 hex of a prepare's content: central-ledger's duplicate check (FSPIOP v1.1 §3.2.5) compares it to tell a
 * resend (same hash: answer with the stored result) from a modified request (3106).
 */
export function prepareHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
