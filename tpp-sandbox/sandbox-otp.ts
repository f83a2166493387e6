// SPDX-License-Identifier: Apache-2.0
import type { OneTimeCodes } from '../consent/index.js';
import { SANDBOX_OTP } from './sandbox-data.js';

/** The sandbox's SCA: every PSU's one-time code is the published SANDBOX_OTP, and nothing is sent. */
export const sandboxOneTimeCodes: OneTimeCodes = {
  issue: async () => SANDBOX_OTP,
};
