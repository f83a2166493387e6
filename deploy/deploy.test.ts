// SPDX-License-Identifier: Apache-2.0
// Static checks of the deployment models (deploy/README.md, "What is checked"). No Docker engine and no helm run
// on the development machines, so these tests read the files and hold them against the configuration schema:
// option names, roles, listener ports, health checks, secrets, and the values the Helm templates read.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import {
  LISTENERS, OPTIONS, ROLES, ROLE_LISTENERS, TEST_ENV_PREFIX, loadConfig, type ListenerName, type Role,
} from '../platform/config/index.js';

const DEPLOY = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(DEPLOY, '..');
const read = (path: string): string => readFileSync(join(DEPLOY, path), 'utf8');
// Compose files use YAML merge keys (`<<: *anchor`), which YAML 1.2 leaves off unless asked.
const readYaml = (path: string): unknown => parseYaml(read(path), { merge: true, prettyErrors: true });

type Json = Record<string, unknown>;
/** Reads a file on first use, inside a test, so a file that does not parse fails named tests (not the suite set-up). */
function lazy<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const record = (value: unknown, what: string): Json => {
  assert.ok(isRecord(value), `${what} must be a mapping`);
  return value;
};

const SPECS = Object.values(OPTIONS) as readonly { env: string; secret?: boolean }[];
const OPTION_NAMES = new Set(SPECS.map((spec) => spec.env));
const SECRET_OPTIONS = SPECS.filter((spec) => spec.secret).map((spec) => spec.env);
const METRICS_PORT = LISTENERS.metrics.port;
const LISTENER_NAMES = Object.keys(LISTENERS) as ListenerName[];
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };

function assertOption(name: string, where: string): void {
  assert.ok(OPTION_NAMES.has(name), `${where}: ${name} is not an option of platform/config/schema.ts (Lango refuses to start)`);
}

/** The roles of a LANGO_ROLES value; fails on a name that is not a role. */
function parseRoles(value: string | undefined, where: string): Role[] {
  assert.ok(value, `${where}: LANGO_ROLES must be set (unset means every role, sandbox included)`);
  const roles = value.split(',').map((role) => role.trim()).filter(Boolean);
  assert.ok(roles.length > 0, `${where}: LANGO_ROLES names no role`);
  for (const role of roles) assert.ok((ROLES as readonly string[]).includes(role), `${where}: LANGO_ROLES names "${role}", which is not one of ${ROLES.join(', ')}`);
  return roles as Role[];
}

/** Port of each listener a process with these roles and this environment binds (metrics always). */
function expectedListeners(roles: readonly Role[], env: Readonly<Record<string, string>>): Map<ListenerName, number> {
  const names = new Set<ListenerName>(['metrics', ...roles.flatMap((role) => ROLE_LISTENERS[role])]);
  return new Map([...names].map((name) => {
    const override = env[`LANGO_${LISTENERS[name].env}_PORT`];
    return [name, override === undefined ? LISTENERS[name].port : Number(override)];
  }));
}

/** Loads the configuration exactly as Lango does at start, so invalid values fail here too. */
function loadAs(env: Readonly<Record<string, string>>, where: string) {
  try {
    return loadConfig({ ...env }, '/app');
  } catch (error) {
    assert.fail(`${where}: Lango would not start: ${(error as Error).message}`);
  }
}

/** Every `LANGO_` word in a text. `LANGO_TEST_*` belongs to the test suites. */
function langoNames(text: string): string[] {
  return [...text.matchAll(/\bLANGO_[A-Z0-9_]*[A-Z0-9]\b/g)].map((match) => match[0]).filter((name) => !name.startsWith(TEST_ENV_PREFIX));
}

function filesUnder(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).flatMap((entry) => filesUnder(join(path, entry)));
}

// ---------------------------------------------------------------------------------------------------------------
// Dockerfile

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

/** The JSON (exec) form after an optional leading word, e.g. `CMD [...]`. */
function execForm(args: string, after = ''): string[] {
  const json = after ? args.slice(args.indexOf(after) + after.length).trim() : args;
  const parsed: unknown = JSON.parse(json);
  assert.ok(Array.isArray(parsed) && parsed.every((item) => typeof item === 'string'), `expected the exec form ["..."], got ${json}`);
  return parsed as string[];
}

const image = lazy(() => {
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
function loopbackUrl(command: string, where: string): { port: number; path: string } {
  const match = /https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)(\/[^\s'"`)]*)/.exec(command);
  assert.ok(match, `${where}: the health check calls no http://127.0.0.1:<port>/... URL: ${command}`);
  return { port: Number(match[1]), path: match[2]! };
}

/** A .dockerignore matcher (Docker's rules: patterns from the context root, `**`, last match wins, `!` re-includes). */
function dockerIgnore(text: string): (path: string) => boolean {
  const rules = text.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#')).map((line) => {
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
    let source = '';
    for (let index = 0; index < pattern.length; index += 1) {
      const char = pattern[index]!;
      if (pattern.startsWith('**/', index)) { source += '(?:.*/)?'; index += 2; }
      else if (pattern.startsWith('**', index)) { source += '.*'; index += 1; }
      else if (char === '*') source += '[^/]*';
      else if (char === '?') source += '[^/]';
      else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    return { negated, regex: new RegExp(`^${source}$`) };
  });
  return (path) => {
    const parts = path.split('/');
    const candidates = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
    let ignored = false;
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = !rule.negated;
    }
    return ignored;
  };
}

describe('deploy/Dockerfile', () => {
  it('builds and runs on Node 20 in every stage', () => {
    const froms = image().instructions.filter((instruction) => instruction.keyword === 'FROM');
    assert.ok(froms.length >= 2, 'expected a multi-stage build (dependencies, then runtime)');
    for (const from of froms) assert.match(from.args, /^node:20(?:[.-]|\s|$)/, `FROM ${from.args}: use a node:20 image (package.json engines)`);
    assert.match(froms.at(-1)!.args, /^node:20-bookworm-slim\b/);
  });

  it('installs with npm ci from files that exist', () => {
    const { instructions } = image();
    assert.ok(instructions.some((instruction) => instruction.keyword === 'RUN' && /\bnpm ci\b/.test(instruction.args)), 'no RUN npm ci');
    for (const copy of instructions.filter((instruction) => instruction.keyword === 'COPY' && !instruction.args.includes('--from'))) {
      const sources = copy.args.split(/\s+/).filter((word) => !word.startsWith('--')).slice(0, -1);
      for (const source of sources.filter((word) => word !== '.')) assert.ok(existsSync(join(ROOT, source)), `COPY ${source}: no such file in the repository root`);
    }
  });

  it('runs as a numeric non-root user, which Kubernetes runAsNonRoot can verify', () => {
    const { user, uid } = image();
    assert.notEqual(user, 'root', 'the final stage has no USER: the container would run as root');
    assert.match(uid, /^[1-9]\d*$/, `USER ${user}: use a numeric, non-zero uid`);
  });

  it('starts the way `npm start` does', () => {
    const command = execForm(image().finalStage('CMD').at(-1)?.args ?? 'null');
    assert.deepEqual(command, PACKAGE.scripts.start!.split(/\s+/), 'CMD differs from package.json scripts.start');
  });

  it('binds every address in the container and keeps state in a fixed data dir', () => {
    const { env } = image();
    for (const name of Object.keys(env)) assertOption(name, 'Dockerfile ENV');
    assert.equal(env.LANGO_HOST, '0.0.0.0');
    assert.equal(env.LANGO_DATA_DIR, '/var/lib/lango');
    loadAs(env, 'Dockerfile ENV');
  });

  it('exposes every listener port', () => {
    const exposed = new Set(image().finalStage('EXPOSE').flatMap((instruction) => instruction.args.split(/\s+/)).map((port) => Number(port.replace(/\/tcp$/, ''))));
    for (const name of LISTENER_NAMES) assert.ok(exposed.has(LISTENERS[name].port), `EXPOSE lacks ${LISTENERS[name].port} (${name} listener)`);
  });

  it('checks health with node on the metrics listener, not curl', () => {
    const healthcheck = image().finalStage('HEALTHCHECK').at(-1);
    assert.ok(healthcheck, 'no HEALTHCHECK');
    const command = execForm(healthcheck.args, 'CMD');
    assert.equal(command[0], 'node');
    assert.doesNotMatch(healthcheck.args, /\b(curl|wget)\b/);
    assert.deepEqual(loopbackUrl(command.join(' '), 'HEALTHCHECK'), { port: METRICS_PORT, path: '/health/ready' });
  });

  it('has an ignore file that keeps secrets and local state out and what the runtime needs in', () => {
    const ignored = dockerIgnore(read('Dockerfile.dockerignore'));
    for (const path of ['node_modules/fastify/package.json', '.git/HEAD', 'data/lango.sqlite', 'deploy/compose/.env', '.env', 'platform/config/schema.test.ts']) {
      assert.ok(ignored(path), `Dockerfile.dockerignore lets ${path} into the build context`);
    }
    const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { exclude: string[] };
    const runtimeFolders = tsconfig.include.filter((folder) => !build.exclude.includes(folder));
    const needed = ['package.json', 'package-lock.json', '.npmrc', 'tsconfig.json', ...runtimeFolders.map((folder) => `${folder}/index.ts`), 'app/main.ts'];
    for (const path of needed) assert.ok(!ignored(path), `Dockerfile.dockerignore keeps ${path} out of the image`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// docker compose (minimal model)

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string } | string;
  environment?: Json | string[];
  ports?: (string | number | Json)[];
  expose?: (string | number)[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  profiles?: string[];
  read_only?: boolean;
  tmpfs?: string | string[];
  volumes?: (string | Json)[];
}

/** A .env file: KEY=VALUE lines, # comments, optional quotes. */
function dotenv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(trimmed);
    assert.ok(match, `.env.example: cannot read "${trimmed}"`);
    values.set(match[1]!, match[2]!.trim().replace(/^(['"])(.*)\1$/, '$2'));
  }
  return values;
}

/** Compose interpolation: $$, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $VAR. */
function interpolate(text: string, vars: ReadonlyMap<string, string>, used: Set<string>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare)!;
    used.add(name);
    const value = vars.get(name);
    const missing = op?.startsWith(':') ? !value : value === undefined;
    if (!missing) return value!;
    if (op?.endsWith('?')) assert.fail(`compose.yaml needs ${name}, which .env.example does not set (${arg})`);
    return op?.endsWith('-') ? arg ?? '' : '';
  });
}

function interpolateDeep(value: unknown, vars: ReadonlyMap<string, string>, used: Set<string>): unknown {
  if (typeof value === 'string') return interpolate(value, vars, used);
  if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, vars, used));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateDeep(item, vars, used)]));
  return value;
}

function environmentOf(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  const entries: [string, unknown][] = Array.isArray(environment)
    ? environment.map((item) => { const at = item.indexOf('='); return at < 0 ? [item, undefined] : [item.slice(0, at), item.slice(at + 1)]; })
    : Object.entries(environment);
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined && value !== null).map(([name, value]) => [name, String(value)]));
}

/** Container ports a service publishes on the host (target ports) and exposes to the network only. */
function portsOf(service: ComposeService, where: string): { published: { target: number; hostIp?: string }[]; exposed: number[] } {
  const published = (service.ports ?? []).map((entry) => {
    if (isRecord(entry)) return { target: Number(entry.target), ...(typeof entry.host_ip === 'string' && { hostIp: entry.host_ip }) };
    const spec = String(entry).replace(/\/(tcp|udp)$/, '');
    const match = /^(?:(?:(\[[^\]]+\]|[\d.]+):)?(\d+):)?(\d+)$/.exec(spec);
    assert.ok(match, `${where}: cannot read port "${spec}" (ranges are not used here)`);
    return { target: Number(match[3]), ...(match[1] && { hostIp: match[1] }) };
  });
  const exposed = (service.expose ?? []).map((entry) => Number(String(entry).replace(/\/(tcp|udp)$/, '')));
  return { published, exposed };
}

function dependsOn(service: ComposeService): Record<string, { condition?: string }> {
  const dependencies = service.depends_on ?? {};
  return Array.isArray(dependencies) ? Object.fromEntries(dependencies.map((name) => [name, { condition: 'service_started' }])) : dependencies;
}

const healthCommand = (test: string | string[] | undefined): string => (Array.isArray(test) ? test.join(' ') : test ?? '');

describe('deploy/compose (minimal model)', () => {
  const loaded = lazy(() => {
    const raw = record(readYaml('compose/compose.yaml'), 'compose.yaml');
    const envExample = dotenv(read('compose/.env.example'));
    const usedVars = new Set<string>();
    const interpolated = record(interpolateDeep(raw, envExample, usedVars), 'compose.yaml');
    const services = record(interpolated.services, 'services') as Record<string, ComposeService>;
    const builtFromDockerfile = (service: ComposeService) => typeof service.build === 'object' && service.build.dockerfile === 'deploy/Dockerfile';
    return {
      envExample,
      usedVars,
      rawServices: record(raw.services, 'services') as Record<string, ComposeService>,
      services,
      lango: Object.entries(services).filter(([, service]) => builtFromDockerfile(service) || /^lango\b/.test(service.image ?? '')),
    };
  });
  const envOf = (name: string) => ({ ...image().env, ...environmentOf(loaded().services[name]!) });
  const rolesOf = (name: string) => parseRoles(envOf(name).LANGO_ROLES, `compose service ${name}`);

  it('parses, and interpolates with the variables of .env.example alone', () => {
    loaded();
  });

  it('has Lango services built from deploy/Dockerfile with the repository root as context', () => {
    const { lango } = loaded();
    assert.ok(lango.length >= 2, 'expected Lango split into several processes');
    for (const [name, service] of lango) {
      assert.ok(typeof service.build === 'object', `${name}: no build section`);
      assert.equal(service.build.dockerfile, 'deploy/Dockerfile', `${name}: build.dockerfile`);
      assert.equal(resolve(DEPLOY, 'compose', service.build.context ?? '.'), ROOT, `${name}: build.context must be the repository root`);
    }
  });

  it('sets only Lango options, in compose.yaml and in .env.example', () => {
    const { envExample, services } = loaded();
    for (const name of langoNames(read('compose/compose.yaml'))) assertOption(name, 'compose.yaml');
    for (const name of envExample.keys()) if (name.startsWith('LANGO_')) assertOption(name, '.env.example');
    for (const [name, service] of Object.entries(services)) {
      for (const variable of Object.keys(environmentOf(service))) if (variable.startsWith('LANGO_')) assertOption(variable, `compose service ${name}`);
    }
  });

  it('interpolates from .env.example alone, and .env.example holds nothing compose.yaml does not use', () => {
    const { envExample, usedVars } = loaded();
    // interpolateDeep above already failed on a required variable .env.example lacks.
    const unused = [...envExample.keys()].filter((name) => !usedVars.has(name));
    assert.deepEqual(unused, [], `.env.example sets variables compose.yaml never reads: ${unused.join(', ')}`);
  });

  it('gives every Lango process a configuration it starts with', () => {
    const { lango } = loaded();
    for (const [name] of lango) {
      const env = envOf(name);
      const config = loadAs(env, `compose service ${name}`);
      const expected = expectedListeners(rolesOf(name), env);
      assert.deepEqual(
        new Map(Object.values(config.listeners).map((listener) => [listener.name, listener.port])),
        expected,
        `${name}: the loader and ROLE_LISTENERS disagree`,
      );
    }
  });

  it('runs every role in some process', () => {
    const { lango } = loaded();
    const running = new Set(lango.flatMap(([name]) => rolesOf(name)));
    assert.deepEqual(ROLES.filter((role) => !running.has(role)), [], 'roles no compose service runs');
  });

  it('publishes or exposes exactly the listeners of each process, metrics internal only', () => {
    const { lango } = loaded();
    for (const [name, service] of lango) {
      const expected = expectedListeners(rolesOf(name), envOf(name));
      const byPort = new Map([...expected].map(([listener, port]) => [port, listener]));
      const { published, exposed } = portsOf(service, name);
      for (const { target } of published) {
        assert.ok(byPort.has(target), `${name} publishes ${target}, which none of its listeners (${[...expected.keys()].join(', ')}) uses`);
        assert.notEqual(byPort.get(target), 'metrics', `${name} publishes the metrics port ${target}: keep it internal (expose)`);
      }
      for (const port of exposed) assert.ok(byPort.has(port), `${name} exposes ${port}, which none of its listeners uses`);
      const reachable = new Set([...published.map((entry) => entry.target), ...exposed]);
      for (const [listener, port] of expected) assert.ok(reachable.has(port), `${name}: the ${listener} listener (${port}) is neither published nor exposed`);
    }
  });

  it('keeps back-office and loopback listeners off the host network', () => {
    const { lango } = loaded();
    for (const [name, service] of lango) {
      const expected = expectedListeners(rolesOf(name), envOf(name));
      for (const { target, hostIp } of portsOf(service, name).published) {
        if (target === expected.get('operations') || target === expected.get('simulators')) {
          assert.equal(hostIp, '127.0.0.1', `${name}: publish ${target} on 127.0.0.1 only (README "who may reach it")`);
        }
      }
    }
  });

  it('checks readiness of each Lango process on its metrics listener', () => {
    const { lango } = loaded();
    for (const [name, service] of lango) {
      assert.ok(service.healthcheck && !service.healthcheck.disable, `${name}: no healthcheck`);
      const command = healthCommand(service.healthcheck.test);
      assert.doesNotMatch(command, /\b(curl|wget)\b/, `${name}: the image has neither curl nor wget`);
      const metricsPort = expectedListeners(rolesOf(name), envOf(name)).get('metrics');
      assert.equal(metricsPort, METRICS_PORT);
      assert.deepEqual(loopbackUrl(command, name), { port: metricsPort, path: '/health/ready' }, `${name}: healthcheck`);
    }
  });

  it('starts Lango only once PostgreSQL, Redis and Kafka are healthy, and each dependency can be', () => {
    const { services, lango } = loaded();
    for (const [name] of lango) {
      const env = envOf(name);
      const dependencies = dependsOn(services[name]!);
      const needed = ['postgres', 'redis', ...(env.LANGO_EVENT_LOG === 'kafka' ? ['kafka'] : [])];
      for (const dependency of needed) assert.equal(dependencies[dependency]?.condition, 'service_healthy', `${name}: depends_on ${dependency} with condition service_healthy`);
    }
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(dependsOn(service))) {
        const target = services[dependency];
        assert.ok(target, `${name} depends on ${dependency}, which is not a service`);
        if (condition === 'service_healthy') assert.ok(target.healthcheck?.test, `${name} waits for ${dependency} to be healthy, but it has no healthcheck`);
        if (!service.profiles?.length) assert.ok(!target.profiles?.length, `${name} always starts but depends on ${dependency}, which only starts with a profile`);
      }
    }
  });

  it('points Lango at the backing services of this file', () => {
    const { services, lango } = loaded();
    assert.match(services.postgres?.image ?? '', /^postgres:16\b/);
    assert.match(services.redis?.image ?? '', /^redis:7\b/);
    assert.match(services.kafka?.image ?? '', /^apache\/kafka:/);
    assert.match(services.zeebe?.image ?? '', /^camunda\/zeebe:/);
    for (const [name] of lango) {
      const env = envOf(name);
      assert.equal(new URL(env.LANGO_DATABASE_URL ?? 'missing:').hostname, 'postgres', `${name}: LANGO_DATABASE_URL`);
      assert.equal(new URL(env.LANGO_REDIS_URL ?? 'missing:').hostname, 'redis', `${name}: LANGO_REDIS_URL`);
      assert.equal(env.LANGO_EVENT_LOG, 'kafka', `${name}: LANGO_EVENT_LOG`);
      for (const broker of (env.LANGO_KAFKA_BROKERS ?? '').split(',')) {
        const [host = '', port = ''] = broker.trim().split(':');
        assert.ok(services[host], `${name}: Kafka broker ${broker} is not a compose service`);
        assert.ok(portsOf(services[host]!, host).exposed.includes(Number(port)), `${name}: ${host} does not expose ${port}`);
      }
    }
  });

  it('gives each read-only Lango container a writable data dir and /tmp', () => {
    const { lango } = loaded();
    for (const [name, service] of lango) {
      if (!service.read_only) continue;
      const targets = (service.volumes ?? []).map((volume) => (isRecord(volume) ? String(volume.target) : String(volume).split(':')[1]));
      assert.ok(targets.includes(envOf(name).LANGO_DATA_DIR), `${name}: mount a volume at LANGO_DATA_DIR (${envOf(name).LANGO_DATA_DIR})`);
      assert.ok([service.tmpfs ?? []].flat().includes('/tmp'), `${name}: tmpfs /tmp (tsx caches compiled modules there)`);
    }
  });

  it('takes secrets from .env, never from compose.yaml, and keeps .env out of git', () => {
    const { envExample, rawServices, lango } = loaded();
    for (const [name] of lango) {
      const environment = environmentOf(rawServices[name]!);
      for (const secret of SECRET_OPTIONS) {
        if (environment[secret] !== undefined) assert.match(environment[secret]!, /\$\{[A-Z_]+/, `${name}: ${secret} must take its credentials from .env`);
      }
    }
    assert.match(environmentOf(rawServices.postgres!).POSTGRES_PASSWORD ?? '', /^\$\{[A-Z_]+/, 'postgres: POSTGRES_PASSWORD must come from .env');
    for (const [name, value] of envExample) {
      if (/PASSWORD|SECRET|TOKEN/.test(name)) assert.equal(value, 'change-me', `.env.example: ${name} must be a placeholder`);
    }
    assert.ok(read('compose/.gitignore').split('\n').map((line) => line.trim()).includes('.env'), 'deploy/compose/.gitignore must list .env');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Helm chart (fully scaled model)

interface RoleValues {
  enabled: boolean;
  replicas: number;
  env: Record<string, unknown>;
  listeners: Record<string, number>;
  ingress: { paths: string[] };
}

const CHART = join('helm', 'lango');
const TEMPLATES = join(DEPLOY, CHART, 'templates');

/** Template actions ({{ ... }}) of a file, comments removed, trim markers stripped. */
function templateActions(text: string): string[] {
  return [...text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '').matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)].map((match) => match[1]!.trim());
}

function hasPath(node: unknown, path: readonly string[]): boolean {
  let current = node;
  for (const key of path) {
    if (!isRecord(current) || !(key in current)) return false;
    current = current[key];
  }
  return true;
}

function entriesOf(collection: unknown): unknown[] {
  if (Array.isArray(collection)) return collection;
  return isRecord(collection) ? Object.values(collection) : [];
}

describe('deploy/helm/lango (fully scaled model)', () => {
  const loaded = lazy(() => {
    const values = record(readYaml(join(CHART, 'values.yaml')), 'values.yaml');
    const templates = new Map(readdirSync(TEMPLATES).sort().map((file) => [file, readFileSync(join(TEMPLATES, file), 'utf8')]));
    const deployment = templates.get('deployment.yaml') ?? '';
    return {
      chart: record(readYaml(join(CHART, 'Chart.yaml')), 'Chart.yaml'),
      values,
      roles: record(values.roles, 'values.roles') as Record<string, RoleValues>,
      config: record(values.config, 'values.config'),
      templates,
      deployment,
      /** LANGO_* variables the Deployment template sets itself. */
      templateEnv: new Set([...deployment.matchAll(/- name: (LANGO_[A-Z0-9_]+)/g)].map((match) => match[1]!)),
    };
  });
  const placeholderSecrets: Record<string, string> = { LANGO_DATABASE_URL: 'postgres://lango:secret@postgres:5432/lango', LANGO_REDIS_URL: 'redis://:secret@redis:6379' };
  const roleEnv = (role: RoleValues): Record<string, string> => {
    const { values, config } = loaded();
    return {
    ...image().env,
    ...Object.fromEntries(Object.entries(config).map(([name, value]) => [name, String(value)])),
    LANGO_DATA_DIR: String(record(values.dataDir, 'dataDir').path),
    LANGO_METRICS_PORT: String(values.metricsPort),
    ...placeholderSecrets,
    ...Object.fromEntries(Object.entries(role.env).map(([name, value]) => [name, String(value)])),
    };
  };

  it('parses Chart.yaml and values.yaml', () => {
    loaded();
  });

  it('is a Helm 3 chart whose appVersion is the package version', () => {
    const { chart } = loaded();
    assert.equal(chart.apiVersion, 'v2');
    assert.equal(chart.name, 'lango');
    assert.match(String(chart.version), /^\d+\.\d+\.\d+/);
    assert.equal(String(chart.appVersion), PACKAGE.version, 'appVersion is the default image tag: keep it at package.json version');
  });

  it('sets only Lango options, and no secret option in values', () => {
    const { values, templates, deployment } = loaded();
    const visit = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((item, index) => visit(item, `${path}[${index}]`));
      if (!isRecord(node)) return;
      for (const [key, item] of Object.entries(node)) {
        if (key.startsWith('LANGO_')) {
          assertOption(key, `values.yaml ${path}`);
          assert.ok(!SECRET_OPTIONS.includes(key), `values.yaml ${path}.${key}: secrets come from secrets.existingSecret`);
        }
        visit(item, `${path}.${key}`);
      }
    };
    visit(values, 'values');
    for (const [file, text] of templates) for (const name of langoNames(text)) assertOption(name, `templates/${file}`);
    for (const secret of SECRET_OPTIONS) {
      assert.match(deployment, new RegExp(`- name: ${secret}\\s+valueFrom:\\s+secretKeyRef:`), `deployment.yaml: ${secret} must come from a secretKeyRef`);
    }
  });

  it('has one entry per role, each running exactly that role; only the sandbox is off by default', () => {
    const { roles } = loaded();
    assert.deepEqual(Object.keys(roles).sort(), [...ROLES].sort(), 'values.roles must have one entry per role of the schema');
    for (const [name, role] of Object.entries(roles)) {
      assert.deepEqual(parseRoles(String(role.env.LANGO_ROLES), `values.roles.${name}`), [name], `values.roles.${name}: LANGO_ROLES`);
      assert.equal(role.enabled, name !== 'sandbox', `values.roles.${name}.enabled`);
    }
  });

  it('gives every role a configuration it starts with, and the listeners that configuration binds', () => {
    const { roles, config, templateEnv } = loaded();
    for (const [name, role] of Object.entries(roles)) {
      const env = roleEnv(role);
      for (const variable of Object.keys(role.env)) {
        assert.ok(!templateEnv.has(variable), `values.roles.${name}.env.${variable} is set by the template too`);
      }
      const loaded = loadAs(env, `values.roles.${name}`);
      const expected = expectedListeners([name as Role], env);
      assert.deepEqual(new Map(Object.values(loaded.listeners).map((listener) => [listener.name, listener.port])), expected, `values.roles.${name}: loader and ROLE_LISTENERS disagree`);
      expected.delete('metrics');
      assert.deepEqual(new Map(Object.entries(role.listeners)), expected, `values.roles.${name}.listeners must be its listeners (ROLE_LISTENERS) with their ports`);
    }
    for (const name of Object.keys(config)) assert.ok(!templateEnv.has(name), `values.config.${name} is set by the template too`);
  });

  it('probes liveness and readiness on the metrics listener', () => {
    const { values, deployment } = loaded();
    assert.equal(values.metricsPort, METRICS_PORT);
    assert.match(deployment, /- name: metrics\s+containerPort: \{\{ \$root\.Values\.metricsPort \}\}/);
    assert.match(deployment, /- name: LANGO_METRICS_PORT\s+value: \{\{ \$root\.Values\.metricsPort \| quote \}\}/);
    assert.match(deployment, /livenessProbe:\s+httpGet:\s+path: \/health\/live\s+port: metrics/);
    assert.match(deployment, /readinessProbe:\s+httpGet:\s+path: \/health\/ready\s+port: metrics/);
  });

  it('runs non-root with a read-only root filesystem, an emptyDir data dir and no service-link variables', () => {
    const { values, deployment } = loaded();
    const pod = record(values.podSecurityContext, 'podSecurityContext');
    const container = record(values.securityContext, 'securityContext');
    assert.equal(pod.runAsNonRoot, true);
    assert.equal(String(pod.runAsUser), image().uid, 'podSecurityContext.runAsUser must be the image USER');
    assert.equal(container.readOnlyRootFilesystem, true);
    assert.equal(container.allowPrivilegeEscalation, false);
    assert.equal(record(values.dataDir, 'dataDir').path, image().env.LANGO_DATA_DIR);
    assert.match(deployment, /- name: data\s+emptyDir:/);
    assert.match(deployment, /- name: data\s+mountPath: \{\{ \$root\.Values\.dataDir\.path \}\}/);
    assert.match(deployment, /- name: tmp\s+mountPath: \/tmp/);
    // <SERVICE>_PORT=tcp://... for a Service named lango-operations is LANGO_OPERATIONS_PORT: Lango would not start.
    assert.match(deployment, /^\s+enableServiceLinks: false$/m);
  });

  it('routes only public roles through the ingress, each path to one role', () => {
    const { roles } = loaded();
    const seen = new Map<string, string>();
    for (const [name, role] of Object.entries(roles)) {
      if (role.ingress.paths.length) assert.ok('public' in role.listeners, `values.roles.${name} has ingress paths but no public listener`);
      for (const path of role.ingress.paths) {
        assert.ok(!seen.has(path), `ingress path ${path} is claimed by ${seen.get(path)} and ${name}`);
        seen.set(path, name);
      }
    }
    assert.deepEqual(roles.operations?.ingress.paths, [], 'the operations listener is back office only');
  });

  it('lets only the back office reach the operations listener', () => {
    const { values, templates } = loaded();
    const policy = record(values.networkPolicy, 'networkPolicy');
    const backOffice = record(policy.backOffice, 'networkPolicy.backOffice');
    assert.equal(policy.enabled, true);
    const cidrs = (backOffice.cidrs ?? []) as string[];
    assert.ok(isRecord(backOffice.namespaceSelector) || cidrs.length > 0, 'networkPolicy.backOffice needs a namespaceSelector or cidrs');
    for (const cidr of cidrs) assert.match(cidr, /^[\d.]+\/\d{1,2}$|^[0-9a-f:]+\/\d{1,3}$/i, `networkPolicy.backOffice.cidrs: ${cidr}`);
    const text = templates.get('networkpolicy.yaml') ?? '';
    assert.match(text, /"role" "operations"/);
    assert.match(text, /- port: operations/);
    assert.match(text, /\bfail\b/, 'networkpolicy.yaml must refuse an empty source list, which would admit everyone');
  });

  it('has balanced template blocks', () => {
    const { templates } = loaded();
    for (const [file, text] of templates) {
      let depth = 0;
      for (const action of templateActions(text)) {
        if (/^(if|range|with|define|block)\b/.test(action)) depth += 1;
        if (/^end\b/.test(action)) depth -= 1;
        assert.ok(depth >= 0, `templates/${file}: {{ end }} without a block`);
      }
      assert.equal(depth, 0, `templates/${file}: a block is not closed`);
    }
  });

  it('reads only values that exist in values.yaml', () => {
    const { values, templates } = loaded();
    let checked = 0;
    for (const [file, text] of templates) {
      const actions = templateActions(text);
      const ranges = new Map<string, string[]>();
      for (const action of actions) {
        const binding = /^range\s+(?:\$\w+\s*,\s*)?\$(\w+)\s*:=\s*\$?\.Values((?:\.\w+)+)\s*$/.exec(action);
        if (binding) ranges.set(binding[1]!, binding[2]!.slice(1).split('.'));
      }
      for (const action of actions) {
        for (const match of action.matchAll(/\.Values((?:\.[A-Za-z_]\w*)+)/g)) {
          const path = match[1]!.slice(1).split('.');
          assert.ok(hasPath(values, path), `templates/${file}: .Values.${path.join('.')} is not in values.yaml`);
          checked += 1;
        }
        // Fields of a range variable over .Values: every entry must have them, since the templates read them unguarded.
        for (const match of action.matchAll(/\$(\w+)((?:\.[A-Za-z_]\w*)+)/g)) {
          const collection = ranges.get(match[1]!);
          if (!collection || match[2]!.startsWith('.Values')) continue;
          const path = match[2]!.slice(1).split('.');
          const entries = entriesOf(collection.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), values));
          assert.ok(entries.length > 0, `templates/${file}: ranges over .Values.${collection.join('.')}, which is empty`);
          for (const entry of entries) assert.ok(hasPath(entry, path), `templates/${file}: $${match[1]}.${path.join('.')}: an entry of .Values.${collection.join('.')} lacks it`);
          checked += 1;
        }
      }
    }
    assert.ok(checked > 40, `only ${checked} value references found: the scan is not reading the templates`);
  });

  it('uses every top-level key of values.yaml', () => {
    const { values, templates } = loaded();
    const all = [...templates.values()].join('\n');
    const unused = Object.keys(values).filter((key) => !new RegExp(`\\.Values\\.${key}\\b`).test(all));
    assert.deepEqual(unused, [], 'values no template reads');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('deploy/ as a whole', () => {
  it('names only Lango options, in every file', () => {
    const self = fileURLToPath(import.meta.url);
    for (const file of filesUnder(DEPLOY).filter((path) => path !== self)) {
      for (const name of langoNames(readFileSync(file, 'utf8'))) assertOption(name, relative(ROOT, file));
    }
  });
});
