/** `envelopes`: stored DSSE envelopes (JCS bytes), content-addressed beside the log (DESIGN.md §4). */
export interface EnvelopesTable {
  digest: string;
  envelope: Uint8Array;
}
