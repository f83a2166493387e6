// SPDX-License-Identifier: Apache-2.0
// Passkeys (WebAuthn, through @simplewebauthn/server) as the SCA element next to the one-time code: the PSU
// registers one on the dashboard once signed in, then may use it instead of the code. Every ceremony gets a
// server challenge kept in the PSU flow, used once and for 2 minutes.
import { createHash, randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type AuthenticationResponseJSON, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON, type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { PasskeyStore } from '../../passkeys/passkey.js';
import type { Messages } from '../i18n/index.js';
import type { FieldError } from '../layout.js';
import type { PsuFlow } from '../psu-flow.js';
import type { StepOutcome } from './authenticate.js';

/** How long a challenge is accepted, in ms. */
export const PASSKEY_CHALLENGE_TTL_MS = 2 * 60_000;
/** The field the page's errors link to: the passkey button. */
export const USE_PASSKEY_FIELD = 'use-passkey';
export const ADD_PASSKEY_FIELD = 'add-passkey';

/** The relying party: rpID is the public URL's host name, the origins those of the public listeners. */
export interface RelyingParty {
  id: string;
  name: string;
  origins: string[];
}

export interface PasskeyDeps {
  store: PasskeyStore;
  /** Known once the listeners are bound. */
  relyingParty(): RelyingParty;
  now: () => number;
}

/** 256 random bits for the options (as bytes: a string would be taken as UTF-8), kept base64url in the flow as the browser echoes it. */
function newChallenge(deps: PasskeyDeps, flow: PsuFlow): Uint8Array<ArrayBuffer> {
  const challenge = new Uint8Array(randomBytes(32));
  flow.passkeyChallenge = Buffer.from(challenge).toString('base64url');
  flow.passkeyChallengeExpiresAt = deps.now() + PASSKEY_CHALLENGE_TTL_MS;
  return challenge;
}

/** The challenge handed out, if still fresh; it is gone from the flow either way (single use). */
function takeChallenge(deps: PasskeyDeps, flow: PsuFlow): string | undefined {
  const { passkeyChallenge: challenge, passkeyChallengeExpiresAt: expiresAt } = flow;
  delete flow.passkeyChallenge;
  delete flow.passkeyChallengeExpiresAt;
  return challenge && deps.now() <= (expiresAt ?? 0) ? challenge : undefined;
}

/** The browser's credential as JSON, when it is one (the script posts `credential` as a JSON string). */
function parseCredential<T extends { id: string; response: object }>(credential: string | undefined): T | undefined {
  if (!credential || credential.length > 64 * 1024) return undefined;
  try {
    const parsed = JSON.parse(credential) as Partial<T> | null;
    return parsed && typeof parsed.id === 'string' && typeof parsed.response === 'object' && parsed.response !== null ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

/** An opaque, stable WebAuthn user handle for the PSU (no PSU id on the authenticator). */
function userHandle(psuId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(`lango-psu:${psuId}`).digest());
}

/** Options for `navigator.credentials.create` for the signed-in PSU; keeps the challenge in the flow. */
export async function registrationOptions(deps: PasskeyDeps, flow: PsuFlow): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = deps.relyingParty();
  const existing = await deps.store.listForPsu(flow.psuId!);
  return generateRegistrationOptions({
    rpName: rp.name, rpID: rp.id,
    userName: flow.psuId!, userDisplayName: flow.psuName ?? flow.psuId!, userID: userHandle(flow.psuId!),
    challenge: newChallenge(deps, flow),
    timeout: PASSKEY_CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

/** Verifies the new credential against the flow's challenge and stores it for the PSU. */
export async function submitRegistration(deps: PasskeyDeps, flow: PsuFlow, credential: string | undefined, messages: Messages): Promise<{ kind: 'added' } | { kind: 'invalid'; errors: FieldError[] }> {
  const failed = { kind: 'invalid' as const, errors: [{ field: ADD_PASSKEY_FIELD, message: messages.passkeyNotAdded }] };
  const challenge = takeChallenge(deps, flow);
  const response = parseCredential<RegistrationResponseJSON>(credential);
  if (!challenge || !response || !flow.psuId) return failed;
  const rp = deps.relyingParty();
  try {
    const verified = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origins, expectedRPID: rp.id, requireUserVerification: false });
    if (!verified.verified) return failed;
    const { credential: created } = verified.registrationInfo;
    const added = await deps.store.add({
      credentialId: created.id, psuId: flow.psuId, publicKey: created.publicKey, counter: created.counter,
      transports: created.transports ?? response.response.transports ?? [],
    });
    return added ? { kind: 'added' } : failed;
  } catch {
    return failed;
  }
}

/** Options for `navigator.credentials.get` naming the PSU's passkeys, or undefined when the PSU has none. */
export async function authenticationOptions(deps: PasskeyDeps, flow: PsuFlow): Promise<PublicKeyCredentialRequestOptionsJSON | undefined> {
  if (flow.stage !== 'sca' || !flow.psuId) return undefined;
  const passkeys = await deps.store.listForPsu(flow.psuId);
  if (passkeys.length === 0) return undefined;
  return generateAuthenticationOptions({
    rpID: deps.relyingParty().id,
    challenge: newChallenge(deps, flow),
    timeout: PASSKEY_CHALLENGE_TTL_MS,
    userVerification: 'preferred',
    allowCredentials: passkeys.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
  });
}

/** Whether the PSU of the flow has a passkey (the SCA page offers it then). */
export async function hasPasskey(deps: PasskeyDeps, flow: PsuFlow): Promise<boolean> {
  return flow.psuId !== undefined && (await deps.store.listForPsu(flow.psuId)).length > 0;
}

/**
 * Verifies an assertion against the flow's challenge with a passkey of this PSU (another PSU's passkey is
 * refused like an unknown one), records the counter, and moves the flow to `next` as a correct code does.
 * A failure leaves the flow at `sca`, the one-time code still usable.
 */
export async function submitPasskey(deps: PasskeyDeps, flow: PsuFlow, credential: string | undefined, next: PsuFlow['stage'], messages: Messages): Promise<StepOutcome> {
  if (flow.stage !== 'sca' || !flow.psuId) return { kind: 'locked' };
  const failed: StepOutcome = { kind: 'invalid', errors: [{ field: USE_PASSKEY_FIELD, message: messages.passkeyFailed }] };
  const challenge = takeChallenge(deps, flow);
  const response = parseCredential<AuthenticationResponseJSON>(credential);
  if (!challenge || !response) return failed;
  const passkey = await deps.store.get(response.id);
  if (!passkey || passkey.psuId !== flow.psuId) return failed;
  const rp = deps.relyingParty();
  try {
    const verified = await verifyAuthenticationResponse({
      response, expectedChallenge: challenge, expectedOrigin: rp.origins, expectedRPID: rp.id, requireUserVerification: false,
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter, transports: passkey.transports },
    });
    if (!verified.verified) return failed;
    if (!(await deps.store.updateCounter(passkey.credentialId, verified.authenticationInfo.newCounter))) return failed;
  } catch {
    return failed;
  }
  Object.assign(flow, { stage: next, otpHash: undefined, otpExpiresAt: undefined, scaMethod: 'passkey' });
  return { kind: 'next' };
}
