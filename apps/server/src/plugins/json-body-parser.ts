import fp from 'fastify-plugin';
import { ServerError } from '../server-error.ts';

/**
 * The deepest nesting of arrays and objects a JSON request body may have. Every body the API takes is shallow
 * (an envelope batch is four levels; a statement's payload is base64 inside it and is bounded separately at
 * MAX_STATEMENT_DEPTH = 16 by @jmm/domain), so 32 refuses nothing legitimate.
 */
export const MAX_JSON_BODY_DEPTH = 32;

const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether `text` nests arrays and objects deeper than `maxDepth`, found in one linear pass that allocates
 * nothing: brackets and braces are counted outside strings, a backslash inside a string skips the character
 * after it. It does not validate the text (JSON.parse does that next, on text now known to be shallow); on
 * malformed text it may answer either way, and the parse then refuses it.
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if ((code === CLOSE_BRACKET || code === CLOSE_BRACE) && depth > 0) {
      depth--;
    }
  }
  return false;
}

/**
 * Replaces Fastify's application/json parser with one that refuses deep nesting before JSON.parse sees it:
 * a 4 MiB body of brackets otherwise costs a second of main thread in JSON.parse and in schema validation,
 * stalling every other request (issue 7). The parse itself is still Fastify's, which refuses `__proto__` and
 * `constructor.prototype` keys.
 */
export const jsonBodyParserPlugin = fp(
  (app, _options, done) => {
    const parse = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, callback) => {
      const text = body as string;
      if (exceedsJsonDepth(text, MAX_JSON_BODY_DEPTH)) {
        callback(
          new ServerError(
            'nesting_too_deep',
            `JSON bodies may nest arrays and objects at most ${MAX_JSON_BODY_DEPTH} levels deep`,
            { detail: { max_depth: MAX_JSON_BODY_DEPTH } },
          ),
          undefined,
        );
        return;
      }
      void parse(request, text, callback);
    });
    done();
  },
  { name: 'jmm-json-body-parser' },
);
