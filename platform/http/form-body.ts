// SPDX-License-Identifier: Apache-2.0
import type { FastifyInstance } from 'fastify';

/** A parsed HTML form: a field given more than once is a list, in the order sent. */
export type FormFields = Record<string, string | string[] | undefined>;

/** Parses `application/x-www-form-urlencoded` bodies in this plugin's scope into FormFields, up to `bodyLimitBytes`. */
export function acceptUrlEncodedForms(server: FastifyInstance, bodyLimitBytes: number): void {
  server.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: bodyLimitBytes }, (_request, body, done) => {
    const form: FormFields = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      const existing = form[key];
      form[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    done(null, form);
  });
}
