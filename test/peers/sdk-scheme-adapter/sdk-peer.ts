// SPDX-License-Identifier: Apache-2.0
// @mojaloop/sdk-scheme-adapter 18.0.2 as a running DFSP: `node src/index.js` in its package folder (installed
// here with its own package.json: it compiles grpc and needs Node 16-era dependencies), its own redis-server, and
// its configuration from the environment (src/config.js of the package lists every variable).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis } from './redis-instance.js';
import { freePort, listening, stopChild } from './processes.js';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'node_modules', '@mojaloop', 'sdk-scheme-adapter');

/** True when `npm ci` has run in test/peers/sdk-scheme-adapter. */
export function sdkPeerInstalled(): boolean {
  return existsSync(join(PACKAGE_DIR, 'src', 'index.js'));
}

export interface SdkPeerOptions {
  /** DFSP_ID: the peer's FSPIOP FspId. */
  dfspId: string;
  /** The switch's FSPIOP base as `host:port[/path]` (PEER_ENDPOINT takes no scheme; a path is kept). */
  switchEndpoint: string;
  /** BACKEND_ENDPOINT, `host:port`. */
  backendEndpoint: string;
  /** PEM private key the peer signs with: the sdk's JWS is RS256 only, so an RSA key. */
  signingKeyPath: string;
  /** Folder of `<fspId>.pem` public keys the peer verifies inbound messages with. */
  verificationKeysDirectory: string;
  /** Where the peer's stdout and stderr go. */
  logFile: string;
}

export interface SdkPeer {
  /** `http://127.0.0.1:<port>`: the FSPIOP API the switch calls back on. */
  inboundUrl: string;
  /** `http://127.0.0.1:<port>`: the peer's simple outbound API (POST /transfers ...). */
  outboundUrl: string;
  /** The last `lines` lines of the peer's log (default 20, each cut at 1500 characters), for failure messages. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/** Starts redis and the sdk, resolving once both of its APIs accept connections (at most `timeoutMs`, default 60 s). */
export async function startSdkPeer(options: SdkPeerOptions, timeoutMs = 60_000): Promise<SdkPeer> {
  const redis = await startRedis();
  const [inbound, outbound, metrics, test] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'production',
    DFSP_ID: options.dfspId,
    PEER_ENDPOINT: options.switchEndpoint,
    BACKEND_ENDPOINT: options.backendEndpoint,
    CACHE_URL: redis.url,
    INBOUND_LISTEN_PORT: String(inbound),
    OUTBOUND_LISTEN_PORT: String(outbound),
    METRICS_SERVER_LISTEN_PORT: String(metrics),
    TEST_LISTEN_PORT: String(test),
    ILP_SECRET: `interop-${process.pid}-${Date.now()}`,
    CHECK_ILP: 'true',
    JWS_SIGN: 'true',
    JWS_SIGN_PUT_PARTIES: 'true',
    VALIDATE_INBOUND_JWS: 'true',
    VALIDATE_INBOUND_PUT_PARTIES_JWS: 'true',
    JWS_SIGNING_KEY_PATH: options.signingKeyPath,
    JWS_VERIFICATION_KEYS_DIRECTORY: options.verificationKeysDirectory,
    // Without it the sdk sends FSPIOP 1.0 content types.
    RESOURCE_VERSIONS: 'parties=1.1,participants=1.1,quotes=1.1,transfers=1.1',
    AUTO_ACCEPT_PARTY: 'true',
    AUTO_ACCEPT_QUOTES: 'true',
    // The sdk keeps an inbound quote under its transactionId and expects transferId to equal it; Lango's payer
    // uses a fresh transferId (FSPIOP v1.1 does not tie them), so the sdk must read the transactionId from the
    // ILP packet instead.
    ALLOW_DIFFERENT_TRANSFER_TRANSACTION_ID: 'true',
    // How long its outbound API waits for each callback (party, quote, fulfil), in seconds; default 30.
    REQUEST_PROCESSING_TIMEOUT_SECONDS: '15',
    LOG_INDENT: '0',
  };
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['src/index.js'], { cwd: PACKAGE_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  // The sdk logs whole requests on one line: a tail of short lines is what fits a failure message.
  const logTail = (lines = 20) => (existsSync(options.logFile) ? readFileSync(options.logFile, 'utf8').split('\n').slice(-lines).map((line) => line.slice(0, 1500)).join('\n') : '');
  const stop = async () => {
    await stopChild(child);
    await redis.stop();
    log.end();
  };

  const deadline = Date.now() + timeoutMs;
  while (!((await listening(inbound)) && (await listening(outbound)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`sdk-scheme-adapter did not start (exit code ${child.exitCode}); its log:\n${logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { inboundUrl: `http://127.0.0.1:${inbound}`, outboundUrl: `http://127.0.0.1:${outbound}`, logTail, stop };
}
