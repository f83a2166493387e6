// SPDX-License-Identifier: Apache-2.0
// The TPP-Notification-URI header of a create call: an https URL (http only to the TPP's own machine, for local
// development), recorded for the new resource; the answer says notifications are supported and what they carry.
import { berlinGroupError } from '../../../platform/errors/index.js';
import type { BerlinGroupDeps } from '../deps.js';
import type { BgCall } from '../http/route-kit.js';

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** The notification URI of the call, checked; undefined when the TPP gave none. */
export function notificationUriOf(call: BgCall): string | undefined {
  const value = call.header('tpp-notification-uri');
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw berlinGroupError('FORMAT_ERROR', 'TPP-Notification-URI must be an absolute URL', { path: 'TPP-Notification-URI' });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.includes(url.hostname))) {
    throw berlinGroupError('FORMAT_ERROR', 'TPP-Notification-URI must be https', { path: 'TPP-Notification-URI' });
  }
  return url.href;
}

/** Records the target and returns the answer headers that say so. */
export async function subscribeNotifications(deps: BerlinGroupDeps, call: BgCall, resource: 'consent' | 'payment', resourceId: string, uri: string | undefined): Promise<Record<string, string>> {
  if (!uri) return {};
  await deps.notifications.subscribe({ resourceId, resource, clientId: call.tpp.clientId, uri });
  return { 'ASPSP-Notification-Support': 'true', 'ASPSP-Notification-Content': 'status=SCA,PROCESS,LAST' };
}
