// SPDX-License-Identifier: Apache-2.0
// The Berlin Group gateway's authenticated read, GET /v1/accounts/{id}/balances, against its yardsticks in one run:
// a bare fastify hello-world (plain, and TLS with a client certificate) and the cryptographic floor of a FAPI call
// (a bare route that checks one DPoP proof: dpop-verifier.ts). The read is measured on the plain listener (DPoP +
// QSealC request signature), on the TLS listener with the QWAC (DPoP), and with a certificate-bound token (mTLS, no
// DPoP). Proofs, signatures and tokens are made before each clock starts; the load comes from a worker thread over
// keep-alive connections; every answer must be 200 or the figure is refused. It prints figures, never verdicts.
// Run with `node --import tsx test/bench/gateway.bench.ts`; BENCH_GATEWAY_REQUESTS, BENCH_GATEWAY_CONCURRENCY.
import { createPublicKey, randomUUID, verify, type webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { EmbeddedJWK, calculateJwkThumbprint, generateKeyPair, jwtVerify, type JWK } from 'jose';
import { signRequest } from '../../gateway/index.js';
import { SANDBOX_PKI_FILES, serverTlsOptions } from '../../platform/crypto/index.js';
import { startBerlinGroupStage } from '../support/berlin-group-stage.js';
import { FLOOR_PATH, HELLO_PATH, startBareServers, type BareServers } from './bare-servers.js';
import { DPOP_ALGS, SIGNATURE_SCHEMES, dpopKey, signProofs, type DpopAlg, type DpopKey } from './dpop-proofs.js';
import { DpopVerifier } from './dpop-verifier.js';
import { PSU_IP_ADDRESS, dpopConsent, mtlsConsent, type AuthorisedConsent } from './gateway-consents.js';
import { startLoadGenerator, type Figures, type LoadGenerator, type LoadRequest, type LoadTarget } from './load-generator.js';

const REQUESTS = Number(process.env.BENCH_GATEWAY_REQUESTS ?? 3_000);
const CONCURRENCY = Number(process.env.BENCH_GATEWAY_CONCURRENCY ?? 32);
/** The yardsticks answer faster: a longer run gives them as steady a figure as the gateway's. */
const YARDSTICK_REQUESTS = REQUESTS * 3;
/** Untimed requests before each figure (JIT, caches, connections). */
const WARMUP = Math.max(200, Math.ceil(REQUESTS / 5));
/** How long each single-core loop runs, in ms. */
const SINGLE_CORE_MS = 1_000;

type Build = (count: number) => LoadRequest[] | Promise<LoadRequest[]>;
const results = new Map<string, Figures>();
const column = (value: number, digits = 0, width = 9) => value.toFixed(digits).padStart(width);

/** Warms up, then times `count` requests from `build`; the first answer's body goes through `check`. */
async function measure(load: LoadGenerator, label: string, target: LoadTarget, count: number, build: Build, check: (sample: string) => void): Promise<void> {
  const warm = await build(WARMUP);
  const timed = await build(count);
  await load.run({ target, concurrency: CONCURRENCY, requests: warm, expected: 200 });
  const figures = await load.run({ target, concurrency: CONCURRENCY, requests: timed, expected: 200 });
  check(figures.sample);
  results.set(label, figures);
  const limit = figures.clientBusy > 0.9 ? '  client-bound' : '';
  console.log(`  ${label.padEnd(32)}${column(figures.perSecond)}${column(figures.p50Ms, 2)}${column(figures.p99Ms, 2)}${column(figures.serverUsPerRequest, 0, 11)}${column(figures.clientBusy, 2, 8)}${limit}`);
}

/** Calls per second of `call` on this thread, over about SINGLE_CORE_MS. */
async function perSecond(call: () => unknown): Promise<number> {
  let count = 0;
  const begin = performance.now();
  while (performance.now() - begin < SINGLE_CORE_MS) {
    for (let i = 0; i < 100; i++) await call();
    count += 100;
  }
  return count / ((performance.now() - begin) / 1000);
}

const rateLine = (label: string, rate: number) => console.log(`  ${label.padEnd(50)}${column(rate)} /s ${column(1e6 / rate, 1, 7)} µs`);

/** Raw verifications per second on one core, before the sandbox starts: the cost the floor cannot go under. */
async function singleCore(keys: Record<DpopAlg, DpopKey>): Promise<void> {
  console.log('single core, this thread, one proof at a time');
  const htu = 'https://bank.example/v1/accounts/a/balances';
  for (const alg of DPOP_ALGS) {
    const [encodedHeader, encodedClaims, signature] = signProofs(keys[alg], { htm: 'GET', htu, accessToken: 'token' }, 1)[0]!.split('.');
    const input = Buffer.from(`${encodedHeader}.${encodedClaims}`);
    const raw = Buffer.from(signature!, 'base64url');
    const { digest, options } = SIGNATURE_SCHEMES[alg];
    const key = { key: createPublicKey(keys[alg].privateKey), ...options };
    rateLine(`crypto.verify ${alg} (KeyObject cached)`, await perSecond(() => {
      if (!verify(digest, input, key, raw)) throw new Error(`${alg}: the signature does not verify`);
    }));
  }
  const proofs = signProofs(keys.ES256, { htm: 'GET', htu, accessToken: 'token' }, 20_000);
  const verifier = new DpopVerifier(DPOP_ALGS);
  let next = 0;
  // Each proof once (jti): with 20 000 proofs and about 10 µs a check, the loop does not run out.
  rateLine('floor verifier ES256, every RFC 9449 check', await perSecond(() => verifier.verify(proofs[next++]!, { method: 'GET', urls: [htu], accessToken: 'token' })));
  rateLine('jose jwtVerify + EmbeddedJWK ES256 (sig, typ)', await perSecond(() => jwtVerify(proofs[next++ % proofs.length]!, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] })));
}

const pairs = Object.fromEntries(await Promise.all(DPOP_ALGS.map(async (alg) => [alg, await generateKeyPair(alg, { extractable: true })] as const))) as Record<DpopAlg, webcrypto.CryptoKeyPair>;
const keys = Object.fromEntries(DPOP_ALGS.map((alg) => [alg, dpopKey(alg, pairs[alg])])) as Record<DpopAlg, DpopKey>;
const undiciVersion = (createRequire(import.meta.url)('undici/package.json') as { version: string }).version;
console.log(`gateway read path: node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'}); `
  + `${REQUESTS} requests per gateway figure, ${YARDSTICK_REQUESTS} per yardstick, ${WARMUP} warm-up, ${CONCURRENCY} concurrent keep-alive connections`);
await singleCore(keys);

const stage = await startBerlinGroupStage();
let bare: BareServers | undefined;
let load: LoadGenerator | undefined;
try {
  const urls = stage.sandbox.lango.urls as Record<string, string>;
  const john = stage.psu('buffalo', 'john.smith');
  const { demo } = stage.tpp;
  const tlsDir = join(stage.sandbox.dataDir, 'tls');
  // The gateway's TLS listener's own certificate and options: the yardstick differs from it only in what it serves.
  bare = await startBareServers(serverTlsOptions({
    certPem: await readFile(join(tlsDir, SANDBOX_PKI_FILES.serverCert), 'utf8'),
    keyPem: await readFile(join(tlsDir, SANDBOX_PKI_FILES.serverKey), 'utf8'),
    clientCaPems: [stage.caPem],
  }));

  // Every consent is authorised before anything is timed; chromium is closed before the first figure.
  const dpopConsents = new Map<DpopAlg, AuthorisedConsent>();
  const refused = new Map<DpopAlg, string>();
  for (const alg of DPOP_ALGS) {
    try {
      dpopConsents.set(alg, await dpopConsent(stage, john, pairs[alg]));
    } catch (error) {
      refused.set(alg, error instanceof Error ? error.message : String(error));
    }
  }
  if (!dpopConsents.has('ES256')) throw new Error(`no ES256 DPoP-bound token: ${refused.get('ES256')}`);
  const mtls = await mtlsConsent(stage, john);
  await stage.browser.close();

  load = startLoadGenerator();
  const withCertificate = (certificate: { certPem: string; keyPem: string }) => ({ caPem: stage.caPem, certPem: certificate.certPem, keyPem: certificate.keyPem });
  const targets = {
    barePlain: { origin: bare.plain },
    bareTls: { origin: bare.tls, tls: withCertificate(demo.qwac) },
    plain: { origin: urls.public! },
    tls: { origin: urls.publicTls!, tls: withCertificate(demo.qwac) },
    mtls: { origin: urls.publicTls!, tls: withCertificate(mtls.qwac) },
  } satisfies Record<string, LoadTarget>;

  const hello: Build = (count) => Array.from({ length: count }, () => ({ path: HELLO_PATH, headers: {} }));
  const floor = (alg: DpopAlg, origin: string): Build => async (count) => {
    const token = bare!.bindToken(await calculateJwkThumbprint(keys[alg].publicJwk as JWK));
    return signProofs(keys[alg], { htm: 'GET', htu: `${origin}${FLOOR_PATH}`, accessToken: token }, count)
      .map((dpop) => ({ path: FLOOR_PATH, headers: { authorization: `DPoP ${token}`, dpop } }));
  };
  const verified = (sample: string) => {
    if (!(JSON.parse(sample) as { verified?: string }).verified) throw new Error(`the floor did not verify: ${sample}`);
  };
  const balances = (sample: string) => {
    const body = JSON.parse(sample) as { balances?: unknown[] };
    if (!Array.isArray(body.balances) || body.balances.length === 0) throw new Error(`not a balances answer: ${sample}`);
  };
  const readHeaders = (consent: AuthorisedConsent) => ({ 'x-request-id': randomUUID(), 'consent-id': consent.consentId, 'psu-ip-address': PSU_IP_ADDRESS });
  const pathOf = (consent: AuthorisedConsent) => `/v1/accounts/${consent.accountId}/balances`;
  /** DPoP reads; `signed`: with the QSealC request signature the plain listener needs (a new X-Request-ID each). */
  const dpopRead = (alg: DpopAlg, consent: AuthorisedConsent, token: string, origin: string, signed: boolean): Build => (count) => {
    const path = pathOf(consent);
    return signProofs(keys[alg], { htm: 'GET', htu: `${origin}${path}`, accessToken: token }, count).map((dpop) => {
      const headers = { ...readHeaders(consent), authorization: `DPoP ${token}`, dpop };
      if (!signed) return { path, headers };
      return { path, headers: { ...headers, ...signRequest({ headers, body: '', certificatePem: demo.qseal.certPem, privateKeyPem: demo.qseal.keyPem }) } };
    });
  };
  const bearerRead = (consent: AuthorisedConsent, token: string): Build => (count) =>
    Array.from({ length: count }, () => ({ path: pathOf(consent), headers: { ...readHeaders(consent), authorization: `Bearer ${token}` } }));

  console.log(`\nover loopback, load from a worker thread (undici ${undiciVersion}) on keep-alive connections. HTTP: plain listener;`);
  console.log('TLS+cert / TLS+QWAC: the gateway\'s TLS options with the demo TPP\'s QWAC (or the mTLS TPP\'s) as client certificate.');
  console.log('floor: a bare route checking one DPoP proof; read: GET /v1/accounts/{id}/balances of the sandbox gateway (PSU present).');
  console.log('server µs: CPU time of the process less the load generator\'s thread, per request; client: the load thread\'s CPU ÷ wall time.');
  console.log(`  ${''.padEnd(32)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'server µs'.padStart(11)}${'client'.padStart(8)}`);
  await measure(load, 'hello-world HTTP', targets.barePlain, YARDSTICK_REQUESTS, hello, () => undefined);
  await measure(load, 'hello-world TLS+cert', targets.bareTls, YARDSTICK_REQUESTS, hello, () => undefined);
  for (const alg of DPOP_ALGS) {
    await measure(load, `floor ${alg} HTTP`, targets.barePlain, YARDSTICK_REQUESTS, floor(alg, bare.plain), verified);
    await measure(load, `floor ${alg} TLS+cert`, targets.bareTls, YARDSTICK_REQUESTS, floor(alg, bare.tls), verified);
  }
  for (const [alg, consent] of dpopConsents) {
    await measure(load, `read ${alg} DPoP+QSealC HTTP`, targets.plain, REQUESTS, dpopRead(alg, consent, await consent.freshToken(), urls.public!, true), balances);
    await measure(load, `read ${alg} DPoP TLS+QWAC`, targets.tls, REQUESTS, dpopRead(alg, consent, await consent.freshToken(), urls.publicTls!, false), balances);
  }
  await measure(load, 'read mTLS-bound TLS+QWAC', targets.mtls, REQUESTS, bearerRead(mtls, await mtls.freshToken()), balances);
  for (const [alg, reason] of refused) console.log(`  read ${alg}: not measured, the authorisation server refused a DPoP key of this alg (${reason})`);
  console.log(`  TLS negotiated: ${bare.tlsSession()}`);

  console.log('\nratios: by req/s, and by server time per request (yardstick µs ÷ read µs); the aims are the issue\'s');
  const ratio = (read: string, yardstick: string, aim: string) => {
    const [a, b] = [results.get(read), results.get(yardstick)];
    if (!a || !b) return;
    console.log(`  ${`${read} ÷ ${yardstick}`.padEnd(56)}${column(a.perSecond / b.perSecond, 2, 6)}${column(b.serverUsPerRequest / a.serverUsPerRequest, 2, 7)}  ${aim}`);
  };
  for (const alg of DPOP_ALGS) {
    ratio(`read ${alg} DPoP+QSealC HTTP`, `floor ${alg} HTTP`, 'aim ≥ 0.80');
    ratio(`read ${alg} DPoP TLS+QWAC`, `floor ${alg} TLS+cert`, 'aim ≥ 0.80');
  }
  ratio('read mTLS-bound TLS+QWAC', 'hello-world TLS+cert', 'aim ≥ 0.40');
} finally {
  await load?.close();
  await bare?.close();
  await stage.stop();
}
