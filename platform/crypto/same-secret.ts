// SPDX-License-Identifier: Apache-2.0
import { timingSafeEqual } from 'node:crypto';

/** True when both are strings and equal, compared in constant time (CSRF tokens, codes, hashes). */
export function sameSecret(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}
