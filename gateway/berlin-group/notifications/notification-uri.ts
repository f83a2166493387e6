// SPDX-License-Identifier: Apache-2.0
// The TPP-Notification-URI header of a create call: an https URL (http only to the TPP's own machine, for local
// development), recorded for the new resource; the answer says notifications are supported and what they carry.
import type { BerlinGroupDeps } from '../deps.js';
import { tppUrlOf } from '../http/call-helpers.js';
import type { BgCall } from '../http/route-kit.js';

/** The notification URI of the call, checked; undefined when the TPP gave none. */
export function notificationUriOf(call: BgCall): string | undefined {
  return tppUrlOf(call, 'tpp-notification-uri', 'TPP-Notification-URI');
}

/** Records the target and returns the answer headers that say so. */
export async function subscribeNotifications(deps: BerlinGroupDeps, call: BgCall, resource: 'consent' | 'payment', resourceId: string, uri: string | undefined): Promise<Record<string, string>> {
  if (!uri) return {};
  await deps.notifications.subscribe({ resourceId, resource, clientId: call.tpp.clientId, uri });
  return { 'ASPSP-Notification-Support': 'true', 'ASPSP-Notification-Content': 'status=SCA,PROCESS,LAST' };
}
