// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../platform/errors/index.js';
import { createLogger } from '../../../platform/log/index.js';
import { grpcAddress, toSdkConfiguration, toSdkLogger } from './map-config.js';

const silent = toSdkLogger(createLogger({ level: 'silent' }));

describe('grpcAddress', () => {
  it('adds the scheme that says whether the gateway is reached over TLS', () => {
    assert.equal(grpcAddress('zeebe-gateway:26500'), 'grpc://zeebe-gateway:26500');
    assert.equal(grpcAddress('zeebe-gateway:443', true), 'grpcs://zeebe-gateway:443');
    assert.equal(grpcAddress('grpcs://abc.bru-2.zeebe.camunda.io:443'), 'grpcs://abc.bru-2.zeebe.camunda.io:443');
    assert.equal(grpcAddress('[::1]:26500'), 'grpc://[::1]:26500');
  });

  it('names the option at fault', () => {
    assert.throws(() => grpcAddress('http://zeebe:26500'), (error: unknown) => error instanceof ConfigError && error.option === 'address');
    assert.throws(() => grpcAddress('zeebe'), (error: unknown) => error instanceof ConfigError && error.option === 'address');
    assert.throws(
      () => grpcAddress('grpc://zeebe:26500', true),
      (error: unknown) => error instanceof ConfigError && error.message === 'secure: is true but the address "grpc://zeebe:26500" says grpc://',
    );
  });
});

describe('toSdkConfiguration', () => {
  it('states where to connect, as whom and for which tenant, so the environment cannot say otherwise', () => {
    const configuration = toSdkConfiguration({ address: 'zeebe:26500' }, silent);
    assert.equal(configuration.ZEEBE_GRPC_ADDRESS, 'grpc://zeebe:26500');
    assert.equal(configuration.ZEEBE_ADDRESS, '');
    assert.equal(configuration.CAMUNDA_TENANT_ID, '<default>');
    assert.equal(configuration.CAMUNDA_AUTH_STRATEGY, 'NONE');
    assert.equal(configuration.CAMUNDA_OAUTH_DISABLED, true);
    assert.equal(configuration.ZEEBE_CLIENT_ID, '');
    assert.equal(configuration.CAMUNDA_CUSTOM_ROOT_CERT_PATH, '');
    assert.equal(configuration.CAMUNDA_SUPPORT_LOG_ENABLED, false);
    assert.equal(configuration.logger, silent);
    assert.deepEqual(configuration.zeebeGrpcSettings, {
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
      ZEEBE_GRPC_CLIENT_RETRY: true,
      ZEEBE_GRPC_CLIENT_MAX_RETRIES: 3,
      ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 10,
    });
  });

  it('uses OAuth client credentials, TLS files and the tenant when given', () => {
    const configuration = toSdkConfiguration({
      address: 'grpcs://zeebe.example:443',
      tenantId: 'buffalo',
      oauth: { url: 'https://idp.example/token', clientId: 'lango', clientSecret: 's3cret', audience: 'zeebe-api', scope: 'zeebe' },
      tls: { rootCertPath: '/etc/lango/ca.pem' },
      maxRetries: 0,
    }, silent);
    assert.equal(configuration.CAMUNDA_AUTH_STRATEGY, 'OAUTH');
    assert.equal(configuration.CAMUNDA_OAUTH_DISABLED, false);
    assert.equal(configuration.CAMUNDA_OAUTH_URL, 'https://idp.example/token');
    assert.equal(configuration.ZEEBE_CLIENT_ID, 'lango');
    assert.equal(configuration.ZEEBE_CLIENT_SECRET, 's3cret');
    assert.equal(configuration.CAMUNDA_ZEEBE_OAUTH_AUDIENCE, 'zeebe-api');
    assert.equal(configuration.ZEEBE_TOKEN_AUDIENCE, 'zeebe-api');
    assert.equal(configuration.CAMUNDA_TOKEN_SCOPE, 'zeebe');
    assert.equal(configuration.CAMUNDA_TOKEN_DISK_CACHE_DISABLE, true);
    assert.equal(configuration.CAMUNDA_TENANT_ID, 'buffalo');
    assert.equal(configuration.CAMUNDA_CUSTOM_ROOT_CERT_PATH, '/etc/lango/ca.pem');
    assert.equal(configuration.zeebeGrpcSettings?.ZEEBE_GRPC_CLIENT_MAX_RETRIES, 0);
  });

  it('refuses retries that are not a count', () => {
    assert.throws(() => toSdkConfiguration({ address: 'zeebe:26500', maxRetries: -1 }, silent), (error: unknown) => error instanceof ConfigError && error.option === 'maxRetries');
  });
});

describe('toSdkLogger', () => {
  it('writes the SDK\'s lines to Lango\'s logger, routine info as debug, without the SDK\'s meta objects', () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new PassThrough().on('data', (chunk: Buffer) => lines.push(JSON.parse(String(chunk)) as Record<string, unknown>));
    const logger = toSdkLogger(createLogger({ level: 'trace', destination }));
    logger.info('Using supplied logger');
    logger.warn('token request failed', { headers: { authorization: 'Bearer abc' } }, new Error('401 Unauthorized'));
    assert.deepEqual(lines.map(({ level, msg, component, error }) => ({ level, msg, component, error })), [
      { level: 'debug', msg: 'Using supplied logger', component: 'camunda8-sdk', error: undefined },
      { level: 'warn', msg: 'token request failed', component: 'camunda8-sdk', error: '401 Unauthorized' },
    ]);
    assert.doesNotMatch(JSON.stringify(lines), /Bearer/);
  });
});
