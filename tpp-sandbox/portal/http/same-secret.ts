// SPDX-License-Identifier: Apache-2.0
import { timingSafeEqual } from 'node:crypto';

/** Constant-time equality of two secrets. */
export function sameSecret(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}
