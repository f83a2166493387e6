// SPDX-License-Identifier: Apache-2.0
import { PSD2_ROLES, type Psd2Role } from '../../../platform/crypto/index.js';
import { RoleNotAllowedError } from './errors.js';

const ROLE_NAMES: Record<Psd2Role, string> = {
  PSP_AS: 'account servicing (PSP_AS)',
  PSP_PI: 'payment initiation (PSP_PI)',
  PSP_AI: 'account information (PSP_AI)',
  PSP_IC: 'card-based payment instrument issuing (PSP_IC)',
};

const list = (roles: readonly Psd2Role[]) => roles.map((role) => ROLE_NAMES[role]).join(', ') || 'none';

/**
 * The roles for the PSD2 qcStatement (ETSI TS 119 495 §5.1): at least one, each a PSD2 role the application may
 * hold. Returned without duplicates, in the order of PSD2_ROLES, so equal requests give equal certificates.
 */
export function checkRoles(requested: readonly string[], allowed: readonly Psd2Role[]): Psd2Role[] {
  if (requested.length === 0) {
    throw new RoleNotAllowedError(`Choose at least one role. This application may hold: ${list(allowed)}.`, []);
  }
  const unknown = requested.filter((role) => !(PSD2_ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) {
    const named = unknown.map((role) => `'${role}'`).join(', ');
    throw new RoleNotAllowedError(`${named} ${unknown.length === 1 ? 'is not a PSD2 role' : 'are not PSD2 roles'}. The roles are ${PSD2_ROLES.join(', ')}.`, unknown);
  }
  const refused = PSD2_ROLES.filter((role) => requested.includes(role)).filter((role) => !(allowed as readonly string[]).includes(role));
  if (refused.length > 0) {
    throw new RoleNotAllowedError(
      `This application may not hold ${list(refused)}. It may hold: ${list(allowed)}; change the application's roles first.`,
      refused,
    );
  }
  return PSD2_ROLES.filter((role) => requested.includes(role));
}
