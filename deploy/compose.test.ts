// SPDX-License-Identifier: Apache-2.0
// Static checks of deploy/compose (the minimal model): options, listener ports, health checks, dependencies and
// secrets of each service, read from compose.yaml interpolated with .env.example.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ROLES } from '../platform/config/index.js';
import {
  DEPLOY, METRICS_PORT, ROOT, SECRET_OPTIONS, assertOption, expectedListeners, image, isRecord, langoNames, lazy,
  loadAs, loopbackUrl, parseRoles, read, readYaml, record, type Json,
} from './static-checks.js';

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
  deploy?: { replicas?: number };
  scale?: number;
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

/** A service's mounts: `source:target[:mode]` or the long form; a source that is a path is a bind mount. */
function mountsOf(service: ComposeService): { type: string; source?: string; target: string }[] {
  return (service.volumes ?? []).map((volume) => {
    if (isRecord(volume)) return { type: String(volume.type ?? 'volume'), ...(typeof volume.source === 'string' && { source: volume.source }), target: String(volume.target) };
    const [first = '', second] = String(volume).split(':');
    if (second === undefined) return { type: 'volume', target: first };
    return { type: /^[./~]/.test(first) ? 'bind' : 'volume', source: first, target: second };
  });
}

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
      volumes: record(interpolated.volumes ?? {}, 'volumes'),
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

  // The hub runs Lango's embedded workflow engine, which keeps its state in a SQLite file in the data dir (one
  // writer). Until Lango can use Zeebe: one hub container, and a data dir that outlives it.
  it('runs one hub container, with its data dir on a named volume', () => {
    const { volumes, lango } = loaded();
    const hubs = lango.filter(([name]) => rolesOf(name).includes('hub'));
    assert.deepEqual(hubs.map(([name]) => name), ['hub'], 'exactly one compose service runs the hub role');
    const [name, service] = hubs[0]!;
    assert.equal(service.deploy?.replicas ?? 1, 1, `${name}: deploy.replicas must be 1 (the embedded workflow engine has a single writer)`);
    assert.equal(service.scale ?? 1, 1, `${name}: scale must be 1`);
    const dataDir = envOf(name).LANGO_DATA_DIR;
    const mount = mountsOf(service).find((entry) => entry.target === dataDir);
    assert.ok(mount?.type === 'volume' && mount.source, `${name}: mount a named volume at LANGO_DATA_DIR (${dataDir})`);
    assert.ok(mount.source in volumes, `${name}: volume ${mount.source} is not declared under volumes`);
    assert.ok(![service.tmpfs ?? []].flat().includes(dataDir ?? ''), `${name}: LANGO_DATA_DIR must not be a tmpfs`);
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
