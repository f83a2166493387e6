// SPDX-License-Identifier: Apache-2.0
// The certificate subject and its NCA, decided by the CA from the portal's organisation record alone: nothing of
// a CSR's own subject is ever copied (a CSR could claim any organizationIdentifier).
import { OrganisationInvalidError } from './errors.js';

/** The National Competent Authorities the sandbox CA issues for, by ETSI TS 119 495 §5.2.3 nCAId. */
export const SANDBOX_NCAS = { 'TZ-BOT': 'Bank of Tanzania' } as const satisfies Record<string, string>;

export interface TestOrganisation {
  /** ETSI TS 119 495 §5.2.1: `PSD` + NCA country + `-` + NCA id + `-` + PSP id, e.g. `PSDTZ-BOT-HACK0042`. */
  organizationIdentifier: string;
  /** Legal name; the certificate's O and CN. */
  name: string;
  /** ISO 3166-1 alpha-2; defaults to the NCA's country in organizationIdentifier. */
  country?: string;
}

export interface CertificateSubject {
  country: string;
  organization: string;
  organizationIdentifier: string;
  ncaId: string;
  ncaName: string;
}

// §5.2.1: the NCA id is 2–8 capital letters; the PSP id is kept to characters every DN parser and log survives.
const ORGANIZATION_IDENTIFIER = /^PSD([A-Z]{2})-([A-Z]{2,8})-([A-Za-z0-9][A-Za-z0-9._-]*)$/;
// X.520 upper bounds: ub-organization-name and ub-common-name are 64 characters.
const MAX_NAME_LENGTH = 64;
const CONTROL_CHARACTERS = /\p{Cc}/u;

export function checkOrganisation(organisation: TestOrganisation): CertificateSubject {
  const { organizationIdentifier, name } = organisation;
  const match = ORGANIZATION_IDENTIFIER.exec(organizationIdentifier);
  if (!match || organizationIdentifier.length > MAX_NAME_LENGTH) {
    throw new OrganisationInvalidError(
      `The organisation identifier '${organizationIdentifier}' is not a PSD2 one. It must read PSD, the country, a dash, the authority and a dash, then your id, for example PSDTZ-BOT-HACK0042 (ETSI TS 119 495 §5.2.1), in at most ${MAX_NAME_LENGTH} characters.`,
      'organizationIdentifier',
    );
  }
  const ncaId = `${match[1]}-${match[2]}`;
  const ncaName = (SANDBOX_NCAS as Record<string, string>)[ncaId];
  if (!ncaName) {
    const known = Object.keys(SANDBOX_NCAS).map((id) => `PSD${id}-…`).join(', ');
    throw new OrganisationInvalidError(`The sandbox issues certificates only for organisations authorised by ${known}; '${organizationIdentifier}' names the authority ${ncaId}.`, 'organizationIdentifier');
  }
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > MAX_NAME_LENGTH || CONTROL_CHARACTERS.test(trimmed)) {
    throw new OrganisationInvalidError(`The organisation name must be 1 to ${MAX_NAME_LENGTH} characters without line breaks.`, 'name');
  }
  const country = organisation.country ?? (match[1] as string);
  if (!/^[A-Z]{2}$/.test(country)) {
    throw new OrganisationInvalidError(`The country '${country}' is not a two-letter ISO 3166 code such as TZ.`, 'country');
  }
  return { country, organization: trimmed, organizationIdentifier, ncaId, ncaName };
}
