// SPDX-License-Identifier: Apache-2.0
// FSPIOP v1.1 shapes the flows build and read (API Definition v1.1 §7.4), and the small conversions between them
// and the hub's own records.
import type { PartyRef } from '../payments/payment-records.js';

export interface PartyIdInfo {
  partyIdType: string;
  partyIdentifier: string;
  partySubIdOrType?: string;
  fspId?: string;
}

export interface FspiopParty {
  partyIdInfo: PartyIdInfo;
  name?: string;
  personalInfo?: { complexName?: { firstName?: string; middleName?: string; lastName?: string }; dateOfBirth?: string };
}

export interface ErrorInformation {
  errorCode: string;
  errorDescription: string;
}

export function partyIdInfoOf(party: PartyRef, fspId?: string): PartyIdInfo {
  return {
    partyIdType: party.idType,
    partyIdentifier: party.idValue,
    ...(party.subId && { partySubIdOrType: party.subId }),
    ...((fspId ?? party.fspId) && { fspId: (fspId ?? party.fspId)! }),
  };
}

/** `/parties/MSISDN/27710101999[/sub]` (also for /participants with `resource`). */
export function partyPath(party: Pick<PartyRef, 'idType' | 'idValue' | 'subId'>, resource: 'parties' | 'participants' = 'parties'): string {
  return `/${resource}/${encodeURIComponent(party.idType)}/${encodeURIComponent(party.idValue)}${party.subId ? `/${encodeURIComponent(party.subId)}` : ''}`;
}

/** The key a PUT /parties answer is matched to the lookups waiting for it with. */
export function lookupKey(fspId: string, party: Pick<PartyRef, 'idType' | 'idValue' | 'subId'>): string {
  return `${fspId}|${party.idType}|${party.idValue}|${party.subId ?? ''}`;
}

/** The display name of an FSPIOP party: its name, or its complex name joined. */
export function displayName(party: FspiopParty | undefined): string | undefined {
  if (!party) return undefined;
  if (party.name) return party.name;
  const name = party.personalInfo?.complexName;
  const joined = [name?.firstName, name?.middleName, name?.lastName].filter(Boolean).join(' ');
  return joined || undefined;
}

/** FSPIOP complexName parts of a full name (first word, last word, the rest in the middle), each at most 128 characters. */
export function complexNameOf(fullName: string): { firstName: string; middleName?: string; lastName?: string } {
  // FSPIOP's name pattern allows letters, spaces, apostrophes, hyphens, dots and commas.
  const words = fullName.replace(/[^\p{L}\p{Nd} .,'-]/gu, '').split(/\s+/).filter(Boolean).map((word) => word.slice(0, 128));
  if (words.length <= 1) return { firstName: words[0] ?? 'Unknown' };
  const middle = words.slice(1, -1).join(' ');
  return { firstName: words[0]!, ...(middle && { middleName: middle.slice(0, 128) }), lastName: words.at(-1)! };
}

export function errorBody(errorCode: string, errorDescription: string): { errorInformation: ErrorInformation } {
  return { errorInformation: { errorCode, errorDescription: (errorDescription || errorCode).slice(0, 128) } };
}
