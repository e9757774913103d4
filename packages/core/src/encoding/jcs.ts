import { CoreError } from '../core-error.ts';

/** A JSON value as RFC 8259 describes it; objects are plain records. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Defaults for `parseJson`; every caller at a trust boundary passes its own, smaller bounds. */
const DEFAULT_MAX_LENGTH = 1 << 20;
const DEFAULT_MAX_DEPTH = 64;

// RFC 8785 §3.2.2.2: strings are I-JSON (RFC 7493 §2.1), so lone surrogates are rejected, not escaped.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const LONE_SURROGATE_TEXT = /\p{Surrogate}/u;

function hasLoneSurrogate(text: string): boolean {
  // Fast path: a string with no surrogate code units at all (the common case) needs no lookaround scan.
  return (
    LONE_SURROGATE_TEXT.test(text) && LONE_SURROGATE.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))
  );
}

function serializeString(text: string): string {
  if (hasLoneSurrogate(text))
    throw new CoreError('invalid_json', 'string contains a lone surrogate (RFC 8785 §3.2.2.2)');
  // ECMAScript's JSON.stringify escaping is exactly RFC 8785 §3.2.2.2's.
  return JSON.stringify(text);
}

function serializeNumber(value: number): string {
  // RFC 8785 §3.2.2.3: the ECMAScript Number-to-String algorithm; NaN and infinities are not JSON.
  if (!Number.isFinite(value))
    throw new CoreError('invalid_json', 'JSON has no representation for non-finite numbers');
  return JSON.stringify(value);
}

function compareUtf16(a: string, b: string): number {
  // RFC 8785 §3.2.3: property names sort by their UTF-16 code units, which is what `<` on strings does.
  return a < b ? -1 : a > b ? 1 : 0;
}

function serialize(value: unknown, depth: number, maxDepth: number): string {
  if (depth > maxDepth) throw new CoreError('size_limit', `JSON nesting exceeds ${maxDepth} levels`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return serializeNumber(value);
    case 'string':
      return serializeString(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item: unknown) => serialize(item, depth + 1, maxDepth)).join(',')}]`;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) {
        throw new CoreError('invalid_json', 'only plain objects can be canonicalised');
      }
      const record = value as Record<string, unknown>;
      const members: string[] = [];
      for (const key of Object.keys(record).sort(compareUtf16)) {
        const member = record[key];
        // Like JSON.stringify, an undefined member is absent (optional fields set to undefined).
        if (member === undefined) continue;
        members.push(`${serializeString(key)}:${serialize(member, depth + 1, maxDepth)}`);
      }
      return `{${members.join(',')}}`;
    }
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      break;
  }
  throw new CoreError('invalid_json', `a ${typeof value} is not a JSON value`);
}

/**
 * The RFC 8785 (JCS) canonical serialisation of a JSON value: sorted keys, no whitespace, ECMAScript number
 * formatting. Signed statements are hashed and signed in this form (DESIGN.md §3).
 */
export function canonicalizeJson(value: unknown, maxDepth: number = DEFAULT_MAX_DEPTH): string {
  return serialize(value, 0, maxDepth);
}

function checkParsed(value: unknown, maxDepth: number): void {
  // Iterative, so that the depth bound itself cannot overflow the stack.
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') {
      if (hasLoneSurrogate(item)) throw new CoreError('invalid_json', 'string contains a lone surrogate');
    } else if (typeof item === 'object' && item !== null) {
      if (depth >= maxDepth) throw new CoreError('size_limit', `JSON nesting exceeds ${maxDepth} levels`);
      if (Array.isArray(item)) {
        for (const child of item) stack.push([child, depth + 1]);
      } else {
        for (const [key, child] of Object.entries(item)) {
          if (hasLoneSurrogate(key))
            throw new CoreError('invalid_json', 'member name contains a lone surrogate');
          stack.push([child, depth + 1]);
        }
      }
    }
  }
}

export interface ParseJsonOptions {
  /** Maximum input length in UTF-16 code units. */
  readonly maxLength?: number;
  /** Maximum nesting of arrays and objects. */
  readonly maxDepth?: number;
}

/**
 * Parses untrusted JSON text into a value, or throws `invalid_json` / `size_limit`. Duplicate member names
 * are not detected here (JSON.parse keeps the last): callers that need uniqueness compare the input with its
 * canonical form, which a duplicate cannot survive.
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): JsonValue {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) throw new CoreError('size_limit', `JSON text exceeds ${maxLength} characters`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CoreError('invalid_json', 'input is not valid JSON', { cause });
  }
  checkParsed(value, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  return value as JsonValue;
}
