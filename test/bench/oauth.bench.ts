// SPDX-License-Identifier: Apache-2.0
// Authorisation server throughput, next to a bare fastify hello-world in the same run and process:
// client_credentials grants with private_key_jwt, and introspection of a DPoP-bound token (the call the
// gateway makes on every resource request). Client assertions and DPoP proofs are signed before the clock
// starts, so the figures are the server's. Run with `npm run bench`.
import Fastify from 'fastify';
import { demoDpopKeys, startConsentHarness } from '../support/consent-harness.js';
import { CLIENT_ASSERTION_TYPE, clientAssertion, dpopProof } from '../support/oauth-requests.js';

const REQUESTS = Number(process.env.BENCH_OAUTH_REQUESTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_OAUTH_CONCURRENCY ?? 32);

/** Runs `requests` calls, `CONCURRENCY` at a time; every answer must be `expected` or the figure is refused. */
async function throughput(requests: (() => Promise<Response>)[], expected: number): Promise<number> {
  let next = 0;
  const begin = performance.now();
  const lane = async () => {
    for (let index = next++; index < requests.length; index = next++) {
      const response = await requests[index]!();
      if (response.status !== expected) throw new Error(`request ${index} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return requests.length / ((performance.now() - begin) / 1000);
}

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

const hello = Fastify();
hello.get('/hello', async () => ({ hello: 'world' }));
await hello.listen({ host: '127.0.0.1', port: 0 });
const helloUrl = `http://127.0.0.1:${(hello.server.address() as { port: number }).port}/hello`;

const harness = await startConsentHarness();
try {
  const metadata = (await (await fetch(`${harness.issuer}/.well-known/openid-configuration`)).json()) as { token_endpoint: string; introspection_endpoint: string };
  const app = harness.manifest.demoChannelApp;
  const assertions = async (count: number) => Promise.all(Array.from({ length: count }, () => clientAssertion(app.clientId, app.privateJwk, harness.issuer)));

  // Warm both servers (JIT, connection pool) before anything is timed.
  await throughput(Array.from({ length: 500 }, () => () => fetch(helloUrl)), 200);
  await throughput((await assertions(100)).map((assertion) => () => fetch(metadata.token_endpoint, form({
    grant_type: 'client_credentials', client_id: app.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion,
  }))), 200);
  const helloPerSecond = await throughput(Array.from({ length: REQUESTS * 5 }, () => () => fetch(helloUrl)), 200);

  const grantAssertions = await assertions(REQUESTS);
  const grantsPerSecond = await throughput(grantAssertions.map((assertion) => () => fetch(metadata.token_endpoint, form({
    grant_type: 'client_credentials', client_id: app.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion,
  }))), 200);

  const keys = await demoDpopKeys(harness.manifest.demoTpp);
  const bound = await fetch(metadata.token_endpoint, {
    ...form({ grant_type: 'client_credentials', client_id: app.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: (await assertions(1))[0]! }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await dpopProof(keys, 'POST', metadata.token_endpoint) },
  });
  const token = (await bound.json()) as { access_token: string; token_type: string };
  if (token.token_type !== 'DPoP') throw new Error(`expected a DPoP-bound token, got ${JSON.stringify(token)}`);
  const introspectAssertions = await assertions(REQUESTS);
  const introspectionsPerSecond = await throughput(introspectAssertions.map((assertion) => () => fetch(metadata.introspection_endpoint, form({
    token: token.access_token, client_id: app.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion,
  }))), 200);

  console.log(`authorisation server, ${REQUESTS} requests per figure, ${CONCURRENCY} concurrent, SQLite store, same process as the load`);
  console.log(`  bare fastify hello-world:                       ${helloPerSecond.toFixed(0).padStart(6)} req/s`);
  console.log(`  client_credentials + private_key_jwt grants:    ${grantsPerSecond.toFixed(0).padStart(6)} /s  (${(grantsPerSecond / helloPerSecond).toFixed(3)} of hello-world)`);
  console.log(`  DPoP-bound token introspection (private_key_jwt): ${introspectionsPerSecond.toFixed(0).padStart(6)} /s  (${(introspectionsPerSecond / helloPerSecond).toFixed(3)} of hello-world)`);
} finally {
  await harness.stop();
  await hello.close();
}
