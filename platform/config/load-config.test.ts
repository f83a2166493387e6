// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../errors/lango-error.js';
import { tempDir } from '../../test/support/temp-dir.js';
import { loadConfig } from './load-config.js';

const rejects = (env: NodeJS.ProcessEnv, option: string, text: RegExp) =>
  assert.throws(() => loadConfig(env, '/srv'), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.option, option);
    assert.match(error.message, text);
    return true;
  });

describe('configuration', () => {
  it('runs every role with the documented listeners and defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv');
    assert.deepEqual(config.roles, ['gateway', 'consent', 'hub', 'operations', 'sandbox']);
    assert.deepEqual(
      Object.fromEntries(Object.values(config.listeners).map((listener) => [listener.name, listener.port])),
      { public: 8080, publicTls: 8443, channel: 8081, scheme: 8082, operations: 8083, metrics: 9464, simulators: 8090 },
    );
    assert.equal(config.listeners.public?.host, '127.0.0.1');
    assert.equal(config.dataDir, '/srv/data');
    assert.equal(config.eventLog.kind, 'store');
    assert.ok(Object.isFrozen(config.listeners.public));
  });

  it('binds only the listeners of the selected roles, metrics always', () => {
    const config = loadConfig({ LANGO_ROLES: 'hub,operations', LANGO_SIMULATORS_URL: 'http://sandbox:8090' }, '/srv');
    assert.deepEqual(Object.keys(config.listeners).sort(), ['channel', 'metrics', 'operations', 'scheme']);
  });

  it('needs the switch and Fineract of a hub that runs without the sandbox', () => {
    assert.throws(() => loadConfig({ LANGO_ROLES: 'hub' }, '/srv'), /LANGO_SWITCH_URL: is required when the hub runs without the sandbox role/);
    assert.throws(() => loadConfig({ LANGO_ROLES: 'hub', LANGO_SWITCH_URL: 'https://switch.example' }, '/srv'), /LANGO_FINERACT_URL: is required/);
    const config = loadConfig({ LANGO_ROLES: 'hub', LANGO_SWITCH_URL: 'https://switch.example/', LANGO_FINERACT_URL: 'https://fineract.example/fineract-provider/api/v1' }, '/srv');
    assert.equal(config.hub.switchUrl, 'https://switch.example');
  });

  it('lets one listener bind elsewhere while the others follow LANGO_HOST', () => {
    const config = loadConfig({ LANGO_HOST: '0.0.0.0', LANGO_METRICS_HOST: '127.0.0.1', LANGO_CHANNEL_PORT: '18081' }, '/srv');
    assert.equal(config.listeners.public?.host, '0.0.0.0');
    assert.equal(config.listeners.metrics?.host, '127.0.0.1');
    assert.equal(config.listeners.channel?.port, 18081);
  });

  it('names the option and what is allowed when a value is invalid', () => {
    rejects({ LANGO_PUBLIC_PORT: '80x' }, 'LANGO_PUBLIC_PORT', /"80x" is not an integer \(allowed: a TCP port from 0 to 65535/);
    rejects({ LANGO_PUBLIC_PORT: '70000' }, 'LANGO_PUBLIC_PORT', /out of range/);
    rejects({ LANGO_ROLES: 'gateway,payments' }, 'LANGO_ROLES', /unknown "payments".*any of gateway, consent, hub, operations, sandbox/);
    rejects({ LANGO_LOG_LEVEL: 'loud' }, 'LANGO_LOG_LEVEL', /one of fatal, error, warn, info, debug, trace, silent/);
    rejects({ LANGO_DATABASE_URL: 'mysql://x@y/z' }, 'LANGO_DATABASE_URL', /protocol mysql: is not allowed/);
  });

  it('rejects an unknown LANGO_ variable and suggests the option it resembles', () => {
    rejects({ LANGO_PUBLIC_PROT: '8080' }, 'LANGO_PUBLIC_PROT', /is not a Lango option \(did you mean LANGO_PUBLIC_PORT\?\)/);
    assert.doesNotThrow(() => loadConfig({ LANGO_TEST_DATABASE_URL: 'postgres://x', PATH: '/bin' }, '/srv'));
  });

  it('never repeats a secret value in its error message', () => {
    assert.throws(() => loadConfig({ LANGO_DATABASE_URL: 'not a url s3cret' }, '/srv'), (error: Error) => !error.message.includes('s3cret'));
  });

  it('refuses two listeners on one port and kafka without brokers', () => {
    rejects({ LANGO_CHANNEL_PORT: '8080' }, 'LANGO_CHANNEL_PORT', /already the port of the public listener/);
    rejects({ LANGO_EVENT_LOG: 'kafka' }, 'LANGO_KAFKA_BROKERS', /required when LANGO_EVENT_LOG=kafka/);
    rejects({ LANGO_ENGINE: 'zeebe' }, 'LANGO_ZEEBE_ADDRESS', /required when LANGO_ENGINE=zeebe/);
  });

  it('reads a YAML config file by file key, with the environment taking precedence', () => {
    const dir = tempDir('config');
    const file = join(dir, 'lango.yaml');
    writeFileSync(file, 'publicPort: 9080\nroles: [gateway, consent]\nlogLevel: debug\n');
    const config = loadConfig({ LANGO_CONFIG_FILE: file, LANGO_LOG_LEVEL: 'warn' }, dir);
    assert.equal(config.listeners.public?.port, 9080);
    assert.deepEqual(config.roles, ['gateway', 'consent']);
    assert.equal(config.logLevel, 'warn');
  });

  it('names an unknown key of the config file', () => {
    const dir = tempDir('config');
    writeFileSync(join(dir, 'lango.yaml'), 'publicPrt: 9080\n');
    rejects({ LANGO_CONFIG_FILE: join(dir, 'lango.yaml') }, `${join(dir, 'lango.yaml')}: publicPrt`, /did you mean publicPort/);
    rejects({ LANGO_CONFIG_FILE: join(dir, 'missing.yaml') }, 'LANGO_CONFIG_FILE', /cannot read .*ENOENT/);
  });
});
