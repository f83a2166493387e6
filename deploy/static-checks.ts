// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the static deploy checks (deploy/README.md, "What is checked"): reading the files, the option
// names, roles and listeners of platform/config/schema.ts, and the image the compose file and the chart run.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import {
  LISTENERS, OPTIONS, ROLES, ROLE_LISTENERS, TEST_ENV_PREFIX, loadConfig, type ListenerName, type Role,
} from '../platform/config/index.js';

export const DEPLOY = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(DEPLOY, '..');
export const read = (path: string): string => readFileSync(join(DEPLOY, path), 'utf8');
// Compose files use YAML merge keys (`<<: *anchor`), which YAML 1.2 leaves off unless asked.
export const readYaml = (path: string): unknown => parseYaml(read(path), { merge: true, prettyErrors: true });

export type Json = Record<string, unknown>;
/** Reads a file on first use, inside a test, so a file that does not parse fails named tests (not the suite set-up). */
export function lazy<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}

export const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const record = (value: unknown, what: string): Json => {
  assert.ok(isRecord(value), `${what} must be a mapping`);
  return value;
};

const SPECS = Object.values(OPTIONS) as readonly { env: string; secret?: boolean }[];
const OPTION_NAMES = new Set(SPECS.map((spec) => spec.env));
export const SECRET_OPTIONS = SPECS.filter((spec) => spec.secret).map((spec) => spec.env);
export const METRICS_PORT = LISTENERS.metrics.port;
export const LISTENER_NAMES = Object.keys(LISTENERS) as ListenerName[];
export const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };

export function assertOption(name: string, where: string): void {
  assert.ok(OPTION_NAMES.has(name), `${where}: ${name} is not an option of platform/config/schema.ts (Lango refuses to start)`);
}

/** The roles of a LANGO_ROLES value; fails on a name that is not a role. */
export function parseRoles(value: string | undefined, where: string): Role[] {
  assert.ok(value, `${where}: LANGO_ROLES must be set (unset means every role, sandbox included)`);
  const roles = value.split(',').map((role) => role.trim()).filter(Boolean);
  assert.ok(roles.length > 0, `${where}: LANGO_ROLES names no role`);
  for (const role of roles) assert.ok((ROLES as readonly string[]).includes(role), `${where}: LANGO_ROLES names "${role}", which is not one of ${ROLES.join(', ')}`);
  return roles as Role[];
}

/** Port of each listener a process with these roles and this environment binds (metrics always). */
export function expectedListeners(roles: readonly Role[], env: Readonly<Record<string, string>>): Map<ListenerName, number> {
  const names = new Set<ListenerName>(['metrics', ...roles.flatMap((role) => ROLE_LISTENERS[role])]);
  return new Map([...names].map((name) => {
    const override = env[`LANGO_${LISTENERS[name].env}_PORT`];
    return [name, override === undefined ? LISTENERS[name].port : Number(override)];
  }));
}

/** Loads the configuration exactly as Lango does at start, so invalid values fail here too. */
export function loadAs(env: Readonly<Record<string, string>>, where: string) {
  try {
    return loadConfig({ ...env }, '/app');
  } catch (error) {
    assert.fail(`${where}: Lango would not start: ${(error as Error).message}`);
  }
}

/** Every `LANGO_` word in a text. `LANGO_TEST_*` belongs to the test suites. */
export function langoNames(text: string): string[] {
  return [...text.matchAll(/\bLANGO_[A-Z0-9_]*[A-Z0-9]\b/g)].map((match) => match[0]).filter((name) => !name.startsWith(TEST_ENV_PREFIX));
}

export function filesUnder(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).flatMap((entry) => filesUnder(join(path, entry)));
}

// ---------------------------------------------------------------------------------------------------------------
// The image: the compose services and the Helm roles start from its ENV.

interface Instruction { keyword: string; args: string; stage: number }

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function dockerInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let stage = -1;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && pending === '')) continue;
    const continued = trimmed.endsWith('\\');
    pending += `${continued ? trimmed.slice(0, -1) : trimmed} `;
    if (continued) continue;
    const [keyword = '', ...rest] = pending.trim().split(/\s+/);
    pending = '';
    if (keyword.toUpperCase() === 'FROM') stage += 1;
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), stage });
  }
  return instructions;
}

export const image = lazy(() => {
  const instructions = dockerInstructions(read('Dockerfile'));
  const last = Math.max(...instructions.map((instruction) => instruction.stage));
  const finalStage = (keyword: string) => instructions.filter((instruction) => instruction.stage === last && instruction.keyword === keyword);
  /** LANGO_* variables the image sets (ENV of the final stage). */
  const env: Record<string, string> = Object.fromEntries(finalStage('ENV').flatMap((instruction) => (
    [...instruction.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)].map((match) => [match[1]!, match[2]!.replace(/^"|"$/g, '')] as const)
  )).filter(([name]) => name.startsWith('LANGO_')));
  const user = finalStage('USER').at(-1)?.args ?? 'root';
  return { instructions, finalStage, env, user, uid: user.split(':')[0]! };
});

/** Health-check URL on the loopback address in a command: its port and path. */
export function loopbackUrl(command: string, where: string): { port: number; path: string } {
  const match = /https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)(\/[^\s'"`)]*)/.exec(command);
  assert.ok(match, `${where}: the health check calls no http://127.0.0.1:<port>/... URL: ${command}`);
  return { port: Number(match[1]), path: match[2]! };
}
