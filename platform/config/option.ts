// SPDX-License-Identifier: Apache-2.0
// The building blocks of the configuration schema: each option knows its name, its file key, its default,
// its documentation and how to parse a raw value, so README, validation and types share one source.

/** Parses one raw value (a string from the environment, or any JSON/YAML value from the file). */
export type Parse<T> = (raw: unknown) => T;

export interface OptionSpec<T> {
  /** Environment variable name; also how errors name the option. */
  readonly env: `LANGO_${string}`;
  /** Key of the option in the optional config file. */
  readonly key: string;
  /** Value when neither the environment nor the file sets it; undefined means the option is optional. */
  readonly default: T;
  /** One sentence for the README table. */
  readonly doc: string;
  /** What a valid value looks like, for the README table and for error messages. */
  readonly allowed: string;
  /** Secrets are never printed; the README shows no default for them. */
  readonly secret?: boolean;
  readonly parse: Parse<T>;
}

/** Raised by a parser; the loader adds the option's name and what is allowed. */
export class InvalidValue extends Error {}

const text = (raw: unknown): string => {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw new InvalidValue(`expected a single value, got ${Array.isArray(raw) ? 'a list' : typeof raw}`);
};

export function stringOption(env: `LANGO_${string}`, key: string, fallback: string, doc: string, allowed = 'any text'): OptionSpec<string> {
  return {
    env, key, default: fallback, doc, allowed,
    parse: (raw) => {
      const value = text(raw);
      if (value === '') throw new InvalidValue('must not be empty');
      return value;
    },
  };
}

export function optionalString(env: `LANGO_${string}`, key: string, doc: string, allowed = 'any text', secret = false): OptionSpec<string | undefined> {
  return { env, key, default: undefined, doc, allowed, secret, parse: (raw) => text(raw) || undefined };
}

export function integerOption(env: `LANGO_${string}`, key: string, fallback: number, doc: string, min: number, max: number): OptionSpec<number> {
  return {
    env, key, default: fallback, doc, allowed: `an integer from ${min} to ${max}`,
    parse: (raw) => {
      const value = text(raw);
      if (!/^-?\d+$/.test(value)) throw new InvalidValue(`"${value}" is not an integer`);
      const parsed = Number(value);
      if (parsed < min || parsed > max) throw new InvalidValue(`${parsed} is out of range`);
      return parsed;
    },
  };
}

export function portOption(env: `LANGO_${string}`, key: string, fallback: number, doc: string): OptionSpec<number> {
  return { ...integerOption(env, key, fallback, doc, 0, 65535), allowed: 'a TCP port from 0 to 65535 (0 picks a free one)' };
}

export function booleanOption(env: `LANGO_${string}`, key: string, fallback: boolean, doc: string): OptionSpec<boolean> {
  return {
    env, key, default: fallback, doc, allowed: 'true or false',
    parse: (raw) => {
      const value = text(raw).toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(value)) return true;
      if (['false', '0', 'no', 'off'].includes(value)) return false;
      throw new InvalidValue(`"${value}" is not a boolean`);
    },
  };
}

export function enumOption<const V extends string>(env: `LANGO_${string}`, key: string, values: readonly V[], fallback: V, doc: string): OptionSpec<V> {
  return {
    env, key, default: fallback, doc, allowed: `one of ${values.join(', ')}`,
    parse: (raw) => {
      const value = text(raw);
      if (!(values as readonly string[]).includes(value)) throw new InvalidValue(`"${value}" is not allowed`);
      return value as V;
    },
  };
}

/** A comma-separated list in the environment, or a list in the file. */
export function listOption<const V extends string>(
  env: `LANGO_${string}`, key: string, values: readonly V[] | undefined, fallback: V[], doc: string, allowed?: string,
): OptionSpec<V[]> {
  return {
    env, key, default: fallback, doc,
    allowed: allowed ?? `comma-separated, any of ${values?.join(', ')}`,
    parse: (raw) => {
      const items = (Array.isArray(raw) ? raw.map(text) : text(raw).split(',')).map((item) => item.trim()).filter(Boolean);
      if (items.length === 0) throw new InvalidValue('must name at least one item');
      const unknown = values ? items.filter((item) => !(values as readonly string[]).includes(item)) : [];
      if (unknown.length) throw new InvalidValue(`unknown ${unknown.map((item) => `"${item}"`).join(', ')}`);
      return [...new Set(items)] as V[];
    },
  };
}

export function urlOption(env: `LANGO_${string}`, key: string, protocols: readonly string[], doc: string, secret = false): OptionSpec<string | undefined> {
  return {
    env, key, default: undefined, doc, secret,
    allowed: `a ${protocols.map((protocol) => `${protocol}//`).join(' or ')} URL`,
    parse: (raw) => {
      const value = text(raw);
      if (value === '') return undefined;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new InvalidValue(secret ? 'is not a URL' : `"${value}" is not a URL`);
      }
      if (!protocols.includes(url.protocol)) throw new InvalidValue(`protocol ${url.protocol} is not allowed`);
      return value.replace(/\/+$/, '');
    },
  };
}
