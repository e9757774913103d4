// c2sp.org/signed-note §Format: "Signed notes MUST be valid UTF-8 and MUST NOT contain any ASCII control
// characters (those below U+0020) other than newline." A JavaScript string is UTF-16, so "valid UTF-8" means
// no lone surrogates: TextEncoder would silently turn one into U+FFFD and the signed bytes would differ from
// the text a caller thinks it signed. (With the `u` flag, \p{Surrogate} matches only unpaired surrogates.)
// eslint-disable-next-line no-control-regex -- the control characters are exactly what the pattern finds
const FORBIDDEN = /[\u0000-\u0009\u000B-\u001F]|\p{Surrogate}/u;

/** Whether every character of `text` may appear in a signed note. */
export function hasOnlyNoteCharacters(text: string): boolean {
  return !FORBIDDEN.test(text);
}
