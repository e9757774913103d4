export { encodeBase64, decodeBase64 } from './base64.ts';
export { encodeHex, decodeHex } from './hex.ts';
export { encodeUtf8, decodeUtf8, concatBytes, equalBytes } from './bytes.ts';
export { canonicalizeJson, parseJson, type JsonValue } from './jcs.ts';
