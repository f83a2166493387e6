// SPDX-License-Identifier: Apache-2.0
// The Apache Fineract interoperation API as the hub's AccountingSystem.
export {};
