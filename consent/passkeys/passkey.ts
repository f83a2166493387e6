// SPDX-License-Identifier: Apache-2.0
// A PSU's passkeys (WebAuthn credentials): the second element of SCA next to the one-time code.

export interface Passkey {
  /** The credential id, base64url. */
  credentialId: string;
  psuId: string;
  /** The COSE public key. */
  publicKey: Uint8Array;
  /** The signature counter last seen (0 for authenticators that keep none). */
  counter: number;
  /** How the browser may reach the authenticator (`internal`, `usb`, `hybrid`, …). */
  transports: string[];
  /** Epoch ms. */
  createdAt: number;
}

export type NewPasskey = Omit<Passkey, 'createdAt'>;

/** Where passkeys are kept; one adapter per database (SQLite, PostgreSQL). */
export interface PasskeyStore {
  /** Stores a new credential; false when that credential id is already registered (to anyone). */
  add(passkey: NewPasskey): Promise<boolean>;
  get(credentialId: string): Promise<Passkey | undefined>;
  /** The PSU's passkeys, oldest first. */
  listForPsu(psuId: string): Promise<Passkey[]>;
  /** Records the counter of a verified assertion; only moves forward, false when the stored one is not lower (a cloned authenticator). */
  updateCounter(credentialId: string, counter: number): Promise<boolean>;
}
