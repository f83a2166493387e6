// SPDX-License-Identifier: Apache-2.0
// The starter kit a participant downloads from the developer portal (issue 8): its client's keys, its test
// certificates, a client configuration without secrets and a small runnable TypeScript example that performs the
// Berlin Group consent flow with openid-client and prints balances. Built in memory; `zip()` for the download.
import { readFileSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';

export interface StarterKitCertificate {
  certPem: string;
  keyPem: string;
}

export interface StarterKitInput {
  client: { clientId: string; privateJwk: object; dpopPrivateJwk: object; redirectUri: string };
  certificates: { qwac: StarterKitCertificate; qseal?: StarterKitCertificate };
  /** The sandbox CA: it signed the TLS listener's certificate, so the example trusts it. */
  caPem: string;
  urls: { public: string; publicTls: string };
  /** The bank (tenant id) the example asks a consent at. */
  bank: string;
  /** A sandbox PSU the README suggests (e.g. `john.smith`). */
  psuHint?: string;
}

export interface StarterKit {
  /** Path inside the kit → content. */
  files: Map<string, string>;
  zip(): Uint8Array;
}

/** The example program, copied into the kit as it is in the repository (it typechecks and lints with the repo). */
export const EXAMPLE_FILE = 'consent-and-balances.ts';
const EXAMPLE_SOURCE = new URL(`./example/${EXAMPLE_FILE}`, import.meta.url);
/** The repository's installed packages: the kit pins the versions it was tested with. */
const NODE_MODULES = new URL('../../../node_modules/', import.meta.url);
const KIT_PACKAGES = ['openid-client', 'jose', 'undici', 'tsx'] as const;

function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(new URL(`${name}/package.json`, NODE_MODULES), 'utf8')) as { version: string }).version;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const trimBase = (url: string) => url.replace(/\/+$/, '');

function readme(input: StarterKitInput, config: Record<string, string>): string {
  const psu = input.psuHint ? ` (for example \`${input.psuHint}\` at \`${input.bank}\`; the sandbox manifest lists PSUs, passwords and the one-time code)` : '';
  return `# Lango starter kit

Client \`${input.client.clientId}\` at bank \`${input.bank}\`, against the sandbox at ${config.publicUrl}.

## Run

    npm install
    npm start

The example (\`${EXAMPLE_FILE}\`):

1. creates an AIS consent (\`POST /v1/consents\`) on the TLS listener (${config.publicTlsUrl}) with your QWAC as client
   certificate and a DPoP-bound client-credentials token (scope \`accounts\`);
2. pushes the authorisation request (PAR, PKCE, DPoP, \`scope=AIS:<consentId>\`, \`bank=${input.bank}\`) and prints
   \`AUTHORIZE <url>\`. Open it in a browser, sign in as a sandbox PSU${psu} and allow;
3. the browser is sent to your redirect URI (${input.client.redirectUri}); paste that whole URL into the terminal;
4. exchanges the code and prints one \`BALANCE <account> <amount> <currency> <type>\` line per balance of each account.

On an error it prints the bank's Berlin Group \`tppMessages\` and exits 1.

## Files

| file | what |
|---|---|
| \`config.json\` | URLs, client id, bank, redirect URI (no secrets) |
| \`keys/client-private.jwk.json\` | private key of the OAuth client (private_key_jwt) — **secret** |
| \`keys/dpop-private.jwk.json\` | private key DPoP proofs are signed with — **secret** |
| \`certs/qwac.pem\`, \`certs/qwac.key\` | QWAC test certificate and its key (TLS client certificate) — the key is **secret** |
${input.certificates.qseal ? '| `certs/qseal.pem`, `certs/qseal.key` | QSealC test certificate and its key (request signatures on the plain listener) — the key is **secret** |\n' : ''}| \`certs/sandbox-ca.pem\` | the sandbox CA, to trust the bank's TLS listener |

These are sandbox credentials: never reuse them in production.
`;
}

export function buildStarterKit(input: StarterKitInput): StarterKit {
  const config = {
    issuer: `${trimBase(input.urls.public)}/oauth`,
    publicUrl: trimBase(input.urls.public),
    publicTlsUrl: trimBase(input.urls.publicTls),
    clientId: input.client.clientId,
    redirectUri: input.client.redirectUri,
    bank: input.bank,
  };
  const dependencies = Object.fromEntries(KIT_PACKAGES.map((name) => [name, installedVersion(name)]));
  const packageJson = {
    name: `lango-starter-kit-${input.client.clientId.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`.slice(0, 214),
    private: true,
    type: 'module',
    engines: { node: '>=20.12' },
    scripts: { start: `node --import tsx ${EXAMPLE_FILE}` },
    dependencies,
  };
  const files = new Map<string, string>([
    ['README.md', readme(input, config)],
    ['config.json', json(config)],
    ['package.json', json(packageJson)],
    [EXAMPLE_FILE, readFileSync(EXAMPLE_SOURCE, 'utf8')],
    ['keys/client-private.jwk.json', json(input.client.privateJwk)],
    ['keys/dpop-private.jwk.json', json(input.client.dpopPrivateJwk)],
    ['certs/qwac.pem', input.certificates.qwac.certPem],
    ['certs/qwac.key', input.certificates.qwac.keyPem],
    ['certs/sandbox-ca.pem', input.caPem],
  ]);
  if (input.certificates.qseal) {
    files.set('certs/qseal.pem', input.certificates.qseal.certPem);
    files.set('certs/qseal.key', input.certificates.qseal.keyPem);
  }
  return {
    files,
    zip() {
      return zipSync(Object.fromEntries([...files].map(([path, content]) => [path, strToU8(content)])), { level: 6 });
    },
  };
}
