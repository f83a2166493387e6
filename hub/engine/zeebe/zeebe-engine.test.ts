// SPDX-License-Identifier: Apache-2.0
// The Zeebe adapter. The shared contract runs against a real gateway when ZEEBE_ADDRESS (`host:port` or
// `grpc://host:port`) is set, and is reported as skipped otherwise; its record-based cases also need the
// broker's records, which reach Lango through the Kafka exporter and the event log (the `records` option).
// The rest runs without a broker: start-up against a closed port in a child process with a hostile
// environment, and the adapter's wiring on a stand-in for the SDK's client.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { workflowEngineContract } from '../workflow-engine.contract.js';
import type { EngineRecord } from '../records.js';
import type { RecordListener } from '../workflow-engine.js';
import { openZeebeEngine, zeebeEngineOnClient, type ZeebeGateway } from './zeebe-engine.js';
import { loadFixture } from '../fixtures/index.js';

const address = process.env.ZEEBE_ADDRESS;
workflowEngineContract(
  'zeebe',
  async () => {
    const options = { address: address! };
    return { engine: await openZeebeEngine(options), reopen: () => openZeebeEngine(options) };
  },
  address ? undefined : 'ZEEBE_ADDRESS is not set',
);

const root = new URL('../../../', import.meta.url).pathname;

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs `code` as an ES module in a fresh Node with tsx, in `env` only (plus PATH and HOME). */
async function inChild(code: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  return promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, env: { ...base, ...env }, timeout: 30_000 });
}

describe('openZeebeEngine', () => {
  const started = (async () => {
    const gatewayPort = await closedPort();
    const tokenPort = await closedPort();
    // Each of these would send the client elsewhere, sign it in with OAuth, or make the SDK print: none may apply.
    const hostile = {
      ZEEBE_ADDRESS: 'zeebe-from-env.invalid:26500',
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      CAMUNDA_OAUTH_URL: `http://127.0.0.1:${tokenPort}/token`,
      ZEEBE_CLIENT_ID: 'from-env',
      ZEEBE_CLIENT_SECRET: 'from-env',
      CAMUNDA_TENANT_ID: 'from-env',
      ZEEBE_CLIENT_LOG_LEVEL: 'DEBUG',
      CAMUNDA_LOG_LEVEL: 'debug',
    };
    const child = await inChild(`
      import { createRequire } from 'node:module';
      const sdkModules = () => Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('@camunda8/sdk')).length;
      const { openZeebeEngine } = await import('./hub/engine/zeebe/zeebe-engine.ts');
      const loadedOnImport = sdkModules();
      const started = Date.now();
      const error = await openZeebeEngine({ address: '127.0.0.1:${gatewayPort}', maxRetries: 0 }).then(() => undefined, (thrown) => thrown);
      const result = { loadedOnImport, loadedOnOpen: sdkModules(), ms: Date.now() - started, code: error?.code, status: error?.status, message: error?.message };
      console.log('RESULT ' + JSON.stringify(result));
      // The SDK leaves gRPC timers (up to 10 s) behind a failed connection; they would only delay the exit.
      process.exit(0);
    `, hostile);
    const line = child.stdout.split('\n').find((text) => text.startsWith('RESULT ')) ?? assert.fail(`no result from the child:\n${child.stdout}${child.stderr}`);
    return { gatewayPort, line, stdout: child.stdout, stderr: child.stderr, result: JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown> };
  })();

  it('neither loads the SDK nor prints anything when its module is imported', async () => {
    const { result } = await started;
    assert.equal(result.loadedOnImport, 0);
    assert.ok(Number(result.loadedOnOpen) > 0, 'the SDK is loaded by openZeebeEngine');
  });

  it('stops start-up with UNAVAILABLE naming the gateway it was given, whatever the environment says', async () => {
    const { gatewayPort, result } = await started;
    assert.equal(result.code, 'UNAVAILABLE');
    assert.equal(result.status, 503);
    assert.match(String(result.message), new RegExp(`^the Zeebe gateway at grpc://127\\.0\\.0\\.1:${gatewayPort} did not answer: 14 UNAVAILABLE`));
    assert.ok(Number(result.ms) < 5_000, `gave up after ${String(result.ms)} ms`);
  });

  it('writes nothing to the console: the SDK\'s own loggers are off and no environment switches them on', async () => {
    const { line, stdout, stderr } = await started;
    assert.equal(stderr, '');
    assert.equal(stdout, `${line}\n`, 'stdout holds the result line only');
  });

  it('refuses an address that is not host:port before it loads anything', async () => {
    await assert.rejects(openZeebeEngine({ address: 'https://zeebe:26500' }), (error: unknown) => (error as { code?: string }).code === 'CONFIG_INVALID');
  });
});

/** Rejects like @grpc/grpc-js does. */
function grpcError(code: number, name: string, details: string): Error {
  return Object.assign(new Error(`${code} ${name}: ${details}`), { code, details });
}

/** A stand-in for the SDK's client: each call is recorded and answered by `answers`, or rejected. */
function gateway(answers: Record<string, (request: unknown) => unknown> = {}) {
  const calls: { method: string; request: unknown }[] = [];
  const call = (method: string) => async (request: unknown) => {
    calls.push({ method, request });
    const answer = answers[method];
    return answer ? answer(request) : {};
  };
  const client = {
    deployResources: call('deployResources'),
    createProcessInstance: call('createProcessInstance'),
    publishMessage: call('publishMessage'),
    cancelProcessInstance: call('cancelProcessInstance'),
    setVariables: call('setVariables'),
    updateJobRetries: call('updateJobRetries'),
    resolveIncident: call('resolveIncident'),
    completeJob: call('completeJob'),
    failJob: call('failJob'),
    throwError: call('throwError'),
    createWorker: () => assert.fail('not used here'),
    on: () => client,
    close: call('close'),
  };
  return { client: client as unknown as ZeebeGateway, calls };
}

describe('the Zeebe adapter on the gateway', () => {
  it('deploys the files and answers one deployed process per process', async () => {
    const { client, calls } = gateway({
      deployResources: () => ({ key: '1', tenantId: '<default>', deployments: [{ process: { bpmnProcessId: 'payer-transfer', version: 1, processDefinitionKey: '2251799813685251', resourceName: 'payer-transfer.bpmn' } }] }),
    });
    const engine = zeebeEngineOnClient(client);
    assert.deepEqual(await engine.deploy([{ name: 'payer-transfer.bpmn', xml: loadFixture('three-tasks').xml }]), [
      { bpmnProcessId: 'payer-transfer', version: 1, processDefinitionKey: '2251799813685251', resourceName: 'payer-transfer.bpmn' },
    ]);
    assert.equal(calls[0]?.method, 'deployResources');
  });

  it('rejects an invalid BPMN file with VALIDATION_FAILED and the broker\'s reason', async () => {
    const reason = "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': 'broken.bpmn': Element: Gateway_1 - ERROR: Must have at least one outgoing sequence flow";
    const { client } = gateway({ deployResources: () => Promise.reject(grpcError(3, 'INVALID_ARGUMENT', reason)) });
    await assert.rejects(zeebeEngineOnClient(client).deploy([{ name: 'broken.bpmn', xml: loadFixture('three-tasks').xml }]), { code: 'VALIDATION_FAILED', message: reason });
  });

  it('refuses what the embedded engine refuses, before calling the broker, so flows stay portable', async () => {
    const { client, calls } = gateway({});
    const userTask = loadFixture('three-tasks').xml.replace(/<bpmn:serviceTask id="([^"]+)"/, '<bpmn:userTask id="$1"').replace(/<\/bpmn:serviceTask>/, '</bpmn:userTask>');
    await assert.rejects(zeebeEngineOnClient(client).deploy([{ name: 'human.bpmn', xml: userTask }]), (error: Error & { code?: string }) => error.code === 'VALIDATION_FAILED' && /bpmn:UserTask/.test(error.message));
    assert.equal(calls.length, 0);
  });

  it('cancels an instance by key, and answers NOT_FOUND for a key the broker does not know', async () => {
    const { client, calls } = gateway({
      cancelProcessInstance: (key) => (key === '404' ? Promise.reject(grpcError(5, 'NOT_FOUND', "Expected to cancel a process instance with key '404', but no such process was found")) : {}),
    });
    const engine = zeebeEngineOnClient(client);
    await engine.cancelInstance('2251799813685260');
    assert.deepEqual(calls[0], { method: 'cancelProcessInstance', request: '2251799813685260' });
    await assert.rejects(engine.cancelInstance('404'), (error: unknown) => (error as { code?: string }).code === 'NOT_FOUND' && /'404'/.test((error as Error).message));
  });

  it('answers UNAVAILABLE when the gateway cannot be reached', async () => {
    const { client } = gateway({ createProcessInstance: () => Promise.reject(grpcError(14, 'UNAVAILABLE', 'No connection established')) });
    await assert.rejects(zeebeEngineOnClient(client).createInstance({ bpmnProcessId: 'payer-transfer' }), { code: 'UNAVAILABLE', status: 503 });
  });

  it('sends the operator actions with the keys it was given', async () => {
    const { client, calls } = gateway({ publishMessage: () => ({ key: '2251799813685270', tenantId: '<default>' }) });
    const engine = zeebeEngineOnClient(client);
    assert.deepEqual(await engine.publishMessage({ name: 'transfer-fulfilled', correlationKey: 't-1', timeToLive: 60_000 }), { messageKey: '2251799813685270' });
    await engine.setVariables({ elementInstanceKey: '2251799813685260', variables: { approved: true } });
    await engine.updateJobRetries({ jobKey: '2251799813685302', retries: 3 });
    await engine.resolveIncident('2251799813685310');
    assert.deepEqual(calls.slice(1), [
      { method: 'setVariables', request: { elementInstanceKey: '2251799813685260', variables: { approved: true }, local: false } },
      { method: 'updateJobRetries', request: { jobKey: '2251799813685302', retries: 3 } },
      { method: 'resolveIncident', request: { incidentKey: '2251799813685310' } },
    ]);
  });

  it('refuses calls once closed with UNAVAILABLE', async () => {
    const { client } = gateway();
    const engine = zeebeEngineOnClient(client);
    await engine.close();
    await assert.rejects(engine.resolveIncident('1'), { code: 'UNAVAILABLE', message: 'the Zeebe engine is closed' });
  });
});

describe('onRecords', () => {
  const record: EngineRecord = {
    position: 1, key: '2251799813685260', timestamp: 1_764_428_400_000, partitionId: 1,
    recordType: 'EVENT', valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATED', value: { bpmnProcessId: 'payer-transfer' },
  };

  it('delivers the records of the source wired to the event log, until unsubscribed or closed', async () => {
    const listeners = new Set<RecordListener>();
    const records = (listener: RecordListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
    const engine = zeebeEngineOnClient(gateway().client, { records });
    const seen: EngineRecord[] = [];
    const unsubscribe = engine.onRecords((batch) => seen.push(...batch));
    engine.onRecords(() => {});
    for (const listener of listeners) listener([record]);
    assert.deepEqual(seen, [record]);
    unsubscribe();
    unsubscribe();
    assert.equal(listeners.size, 1);
    await engine.close();
    assert.equal(listeners.size, 0, 'close ends the remaining subscriptions');
  });

  it('delivers nothing without a source: Zeebe\'s records come from its exporter, not the gateway', () => {
    const unsubscribe = zeebeEngineOnClient(gateway().client).onRecords(() => assert.fail('no records without a source'));
    assert.doesNotThrow(unsubscribe);
  });
});
