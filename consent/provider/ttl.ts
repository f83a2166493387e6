// SPDX-License-Identifier: Apache-2.0
// Lifetimes of everything the authorisation server issues, in seconds (oidc-provider's unit).

export const TTL_SECONDS = {
  /** FAPI 2.0 Security Profile §5.3.2.2: authorisation codes live at most 60 s. */
  AuthorizationCode: 60,
  /** Sender-constrained and short: a resource server introspects; a revoked consent ends them at once anyway. */
  AccessToken: 300,
  ClientCredentials: 300,
  IdToken: 300,
  /** A refresh token lives as long as the consent may (PSD2 RTS Art. 10a: 180 days of AIS without SCA). */
  RefreshToken: 180 * 86_400,
  Grant: 180 * 86_400,
  /** The PSU's login, SCA and consent pages must be done within this. */
  Interaction: 10 * 60,
  /** The browser session at the server; no single sign-on across TPPs: every consent needs SCA (PSD2 Art. 97). */
  Session: 10 * 60,
  DeviceCode: 10 * 60,
  BackchannelAuthenticationRequest: 10 * 60,
  PreAuthorizedCode: 5 * 60,
} as const;
