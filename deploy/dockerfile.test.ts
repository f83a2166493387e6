// SPDX-License-Identifier: Apache-2.0
// Static checks of deploy/Dockerfile and its ignore file: Node 20, a numeric non-root user, the `npm start`
// command, every listener port exposed, a node health check, and no secrets or local state in the build context.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LISTENERS } from '../platform/config/index.js';
import {
  LISTENER_NAMES, METRICS_PORT, PACKAGE, ROOT, assertOption, image, loadAs, loopbackUrl, read,
} from './static-checks.js';

/** The JSON (exec) form after an optional leading word, e.g. `CMD [...]`. */
function execForm(args: string, after = ''): string[] {
  const json = after ? args.slice(args.indexOf(after) + after.length).trim() : args;
  const parsed: unknown = JSON.parse(json);
  assert.ok(Array.isArray(parsed) && parsed.every((item) => typeof item === 'string'), `expected the exec form ["..."], got ${json}`);
  return parsed as string[];
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
