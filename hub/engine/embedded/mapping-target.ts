// SPDX-License-Identifier: Apache-2.0
import type { Variables } from '../workflow-engine.js';

/**
 * Writes a mapping's value at its target: `fee` sets a variable, `quote.fee` sets a field inside the
 * variable `quote`, starting from its current value (or from an earlier mapping of the same element) so
 * sibling fields survive, as Zeebe's nested targets do.
 */
export function assignTarget(into: Variables, target: string, value: unknown, current: (name: string) => unknown): void {
  const [name, ...path] = target.split('.');
  if (path.length === 0) {
    into[name!] = value;
    return;
  }
  const existing = name! in into ? into[name!] : current(name!);
  const root: Record<string, unknown> = isObject(existing) ? structuredClone(existing) : {};
  let node = root;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    node = node[segment] = isObject(next) ? next : {};
  }
  node[path.at(-1)!] = value;
  into[name!] = root;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
