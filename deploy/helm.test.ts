// SPDX-License-Identifier: Apache-2.0
// Static checks of deploy/helm/lango (the fully scaled model): one entry per role that starts with its listeners,
// probes, pod security, ingress and network policy, and templates that read only values which exist.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROLES, type Role } from '../platform/config/index.js';
import {
  DEPLOY, METRICS_PORT, PACKAGE, SECRET_OPTIONS, assertOption, expectedListeners, image, isRecord, langoNames, lazy,
  loadAs, parseRoles, readYaml, record,
} from './static-checks.js';

interface RoleValues {
  enabled: boolean;
  replicas: number;
  strategy: string;
  persistence: { enabled: boolean; size: string; storageClass: string };
  env: Record<string, unknown>;
  listeners: Record<string, number>;
  ingress: { paths: string[] };
  autoscaling: { enabled: boolean };
  pdb: { enabled: boolean; maxUnavailable: number | string };
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

  // The hub runs Lango's embedded workflow engine, which keeps its state in a SQLite file in the pod's data dir (one
  // writer). Until Lango can use Zeebe: one pod, never two at once, and a data dir that outlives the pod.
  it('runs the hub as one pod, replaced with Recreate, with its data dir on a PersistentVolumeClaim', () => {
    const { roles, deployment, templates } = loaded();
    const hub = roles.hub!;
    assert.equal(hub.replicas, 1, 'values.roles.hub.replicas: the embedded workflow engine has a single writer');
    assert.equal(hub.autoscaling.enabled, false, 'values.roles.hub.autoscaling: no HPA for the hub');
    assert.equal(hub.strategy, 'Recreate', 'values.roles.hub.strategy: a rolling update would run two engines at once');
    assert.equal(hub.persistence.enabled, true, 'values.roles.hub.persistence: its data dir must not be an emptyDir');
    assert.match(hub.persistence.size, /^\d+(?:[KMGTP]i)$/, 'values.roles.hub.persistence.size: a quantity such as 1Gi');
    assert.equal(typeof hub.persistence.storageClass, 'string', 'values.roles.hub.persistence.storageClass: "" for the default class');
    // The templates take strategy and the claim from values, and refuse to render a hub that breaks the above.
    assert.match(deployment, /strategy:\s+type: \{\{ \$role\.strategy \}\}/);
    assert.match(deployment, /\{\{- if \$role\.persistence\.enabled \}\}\s+- name: data\s+persistentVolumeClaim:\s+claimName: \{\{ include "lango\.dataClaimName" \$ctx \}\}/);
    assert.match(deployment, /\{\{- if and \(or \(eq \$name "hub"\) \$role\.persistence\.enabled\) \(or \$role\.autoscaling\.enabled \(gt \(int \$role\.replicas\) 1\) \(ne \$role\.strategy "Recreate"\)\) \}\}\s+\{\{- fail /);
    const claim = templates.get('pvc.yaml') ?? '';
    assert.match(claim, /kind: PersistentVolumeClaim\s+metadata:\s+name: \{\{ include "lango\.dataClaimName" \$ctx \}\}/);
    assert.match(claim, /accessModes:\s+- ReadWriteOnce/);
    assert.match(claim, /storage: \{\{ \$role\.persistence\.size \}\}/);
  });

  it('never lets a PodDisruptionBudget block the eviction of a role, single-replica ones included', () => {
    const { roles, templates } = loaded();
    for (const [name, role] of Object.entries(roles)) {
      if (!role.pdb.enabled) continue;
      assert.ok(Number(role.pdb.maxUnavailable) >= 1, `values.roles.${name}.pdb.maxUnavailable: 0 blocks every eviction of its pods`);
    }
    const pdb = templates.get('pdb.yaml') ?? '';
    assert.match(pdb, /maxUnavailable: \{\{ \$role\.pdb\.maxUnavailable \}\}/);
    assert.doesNotMatch(pdb, /minAvailable/, 'pdb.yaml: minAvailable 1 on a single-replica role blocks a node drain forever');
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
