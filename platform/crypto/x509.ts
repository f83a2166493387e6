// SPDX-License-Identifier: Apache-2.0
// The one entry point to @peculiar/x509 in Lango: its dependency injection (tsyringe) needs the Reflect
// metadata polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export { x509 };
