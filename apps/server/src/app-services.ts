import type { LogEngine } from '@jmm/log';
import type {
  AccessLogRepository,
  AuthChallengeRepository,
  EntryRepository,
  SessionRepository,
} from '@jmm/storage';
import type { ServerConfig } from './server-config.ts';

/** Everything `buildApp` is given: no module reads the environment or the clock on its own. */
export interface AppServices {
  readonly config: ServerConfig;
  readonly engine: LogEngine;
  readonly entries: EntryRepository;
  readonly sessions: SessionRepository;
  readonly challenges: AuthChallengeRepository;
  readonly accessLog: AccessLogRepository;
  /** Resolves when the database answers (for /readyz). */
  readonly ping: () => Promise<void>;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  readonly randomBytes: (length: number) => Uint8Array;
  /** The C2SP verifier key of the log's checkpoint key. */
  readonly logVerifierKey: string;
}
