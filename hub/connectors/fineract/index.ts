// SPDX-License-Identifier: Apache-2.0
// The Apache Fineract interoperation API as the hub's AccountingSystem.
export { openFineractAms, FINERACT_AMS_DEFAULT_TIMEOUT_MS, type FineractAmsOptions } from './fineract-ams.js';
