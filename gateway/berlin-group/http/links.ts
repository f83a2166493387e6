// SPDX-License-Identifier: Apache-2.0
// `_links` of NextGenPSD2 answers: hrefs relative to the listener for Lango's own resources, absolute for the
// authorisation server's metadata (the OAuth SCA approach's `scaOAuth`, RFC 8414 §3).

export type Links = Record<string, { href: string }>;

export const href = (path: string) => ({ href: path });

/** RFC 8414 metadata URL of the issuer, e.g. `https://bank/.well-known/oauth-authorization-server/oauth`. */
export function scaOAuthLink(issuer: string | undefined): Links {
  if (!issuer) return {};
  const url = new URL(issuer);
  return { scaOAuth: href(`${url.origin}/.well-known/oauth-authorization-server${url.pathname.replace(/\/$/, '')}`) };
}

/** The answer header of the SCA approach: OAuth is a kind of REDIRECT in NextGenPSD2 (§4.6). */
export const SCA_APPROACH_HEADER = { 'ASPSP-SCA-Approach': 'REDIRECT' } as const;
/** The answer header when the PSU approves on the bank's own pages without being sent there (§4.6.3). */
export const DECOUPLED_APPROACH_HEADER = { 'ASPSP-SCA-Approach': 'DECOUPLED' } as const;
