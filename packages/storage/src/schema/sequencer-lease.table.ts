/** `sequencer_lease`: the one row (id 1) naming where the sequencing process is reached, and since when. */
export interface SequencerLeaseTable {
  id: bigint;
  url: string;
  /** RFC 3339 UTC. */
  since: string;
}
