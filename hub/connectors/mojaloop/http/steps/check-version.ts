// SPDX-License-Identifier: Apache-2.0
// FSPIOP v1.1 §3.3.4: the version is in the media type; a receiver that cannot serve it answers 406 with 3001 and
// lists what it supports (§3.3.4.3, Listing 5: key = major, value = minor).
import { LangoError, fspiopError } from '../../../../../platform/errors/index.js';
import type { InboundStep } from './inbound-context.js';

const MEDIA_TYPE = /^application\/vnd\.interoperability\.[A-Za-z]+\+json\s*(?:;(.*))?$/i;
/** Major → minors served. Minors are backwards compatible, so the extension list names the highest per major. */
const SUPPORTED: Readonly<Record<string, readonly string[]>> = { '1': ['0', '1'] };

/** 406 / 3001 unless Content-Type names a served major.minor and Accept (GET, POST) a served version. */
export const checkVersion: InboundStep = (context) => {
  const contentType = context.headers['content-type'];
  // Absent Content-Type or Accept is a missing mandatory header, which validation reports with its name.
  if (contentType !== undefined) {
    const version = versionOf(contentType);
    if (version === null) throw new LangoError('MALFORMED_SYNTAX', `Content-Type ${contentType.slice(0, 80)} is not an FSPIOP media type`, { path: 'header.content-type' });
    if (!served(version, false)) throw unacceptable(`Content-Type version ${version ?? '(none)'}`);
  }
  const accept = context.headers['accept'];
  if (accept !== undefined && (context.method === 'GET' || context.method === 'POST')) {
    const versions = accept.split(',').map((entry) => versionOf(entry.trim()));
    if (!versions.some((version) => version !== null && served(version, true))) throw unacceptable(`Accept ${accept.slice(0, 80)}`);
  }
};

/** `version=1.1` of an FSPIOP media type; undefined when it has none, null when it is no FSPIOP media type. */
function versionOf(mediaType: string): string | undefined | null {
  const match = MEDIA_TYPE.exec(mediaType);
  if (!match) return null;
  const parameter = (match[1] ?? '').split(';').map((part) => part.trim().split('=')).find(([name]) => name?.toLowerCase() === 'version');
  return parameter?.[1]?.replace(/"/g, '');
}

/** Content-Type must name major.minor; Accept may name a major alone (`version=1`: any 1.x) or nothing at all. */
function served(version: string | undefined, acceptAny: boolean): boolean {
  if (version === undefined) return acceptAny;
  const [major = '', minor] = version.split('.');
  const minors = SUPPORTED[major];
  if (!minors) return false;
  return minor === undefined ? acceptAny : minors.includes(minor);
}

function unacceptable(what: string) {
  const extensions = Object.fromEntries(Object.entries(SUPPORTED).map(([major, minors]) => [major, minors[minors.length - 1]!]));
  return fspiopError('3001', `${what} is not served; supported versions are in the extension list`, { details: { fspiopExtensions: extensions } });
}
