/** The SHA-256 of each evidence file in `evidence`, without duplicates, in order of first listing. */
export function distinctSha256(evidence: readonly { readonly sha256: string }[]): string[] {
  return [...new Set(evidence.map((item) => item.sha256))];
}
