/** `mechanism`: the single row (`id` 1) of mechanism-wide state: origin, name, log key and settings. */
export interface MechanismTable {
  id: bigint;
  origin: string;
  name: string | null;
  log_vkey: string | null;
  genesis_digest: string | null;
  /** RFC 8785 JSON of the settings in force. TEXT in both dialects. */
  settings: string;
}
