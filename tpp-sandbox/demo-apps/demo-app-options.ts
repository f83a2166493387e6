// SPDX-License-Identifier: Apache-2.0
// What the demo apps are given, and where they live; apart from index.ts so the apps and the manifest import it
// without a cycle.

/** Where each demo app lives on the public listener (the manifest links them). */
export const DEMO_APP_PATHS = { aggregator: '/demo/aggregator/', wallet: '/demo/wallet/' } as const;

export interface DemoAppOptions {
  /** Read per request: URLs are known only once every listener has bound its port. */
  urls: () => Readonly<Record<string, string>>;
  /** PEM of the sandbox CA that signed the TLS listener's certificate (the aggregator calls /v1 over mTLS). */
  caCertificatePem: string | undefined;
}
