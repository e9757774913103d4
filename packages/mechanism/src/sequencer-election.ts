import type { LogEngine } from '@jmm/log';
import type { SequencerLease } from '@jmm/storage';

export interface ElectionLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SequencerElectionOptions {
  readonly lease: SequencerLease;
  readonly engine: Pick<LogEngine, 'isSequencer' | 'becomeSequencer' | 'stopSequencing' | 'followStorage'>;
  /** How often a process that does not sequence tries the lock and follows the stored log. */
  readonly intervalMs: number;
  readonly clock: () => number;
}

/** The sequencer's URL is read at most this often by a process that hands submissions to it. */
const HOLDER_URL_TTL_MS = 250;

/**
 * Several server processes on one PostgreSQL log (DESIGN.md §5 scale-out, issue 9). Every `intervalMs` a
 * process that does not sequence tries the sequencer lock; if it gets it, its engine reads the stored state
 * and starts sequencing, and it advertises its URL; otherwise its engine follows the stored log, so its reads
 * stay current. A sequencer that loses the lock (its lock connection failed) stops at once; the checkpoint's
 * compare-and-swap refuses anything it still tries to commit. When the sequencing process dies, PostgreSQL ends
 * its session and frees the lock, and the first process to try next takes over: within `intervalMs` plus the
 * time to read the state (issue 9: no replay), plus however long PostgreSQL takes to notice a lost connection.
 */
export class SequencerElection {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private url: string | undefined;
  private log: ElectionLogger | undefined;
  private closed = false;
  private holder: { readonly url: string | undefined; readonly at: number } | undefined;

  constructor(private readonly options: SequencerElectionOptions) {}

  /** Starts the rounds; `url` is where this process is reached, advertised whenever it sequences. */
  start(url: string, log: ElectionLogger): void {
    if (this.timer !== undefined || this.closed) return;
    this.url = url;
    this.log = log;
    this.timer = setInterval(() => void this.runRound(), this.options.intervalMs);
    this.timer.unref();
    void this.runRound();
  }

  /** The lease lost its connection: stop sequencing now rather than at the next round. */
  handleLost(error: Error | undefined): void {
    this.log?.warn({ err: error }, 'the sequencer lock was lost; this process stops sequencing');
    void this.options.engine.stopSequencing();
  }

  /** Where the sequencing process is reached, or undefined when none advertised yet (briefly cached). */
  async holderUrl(): Promise<string | undefined> {
    const now = this.options.clock();
    if (this.holder !== undefined && now - this.holder.at < HOLDER_URL_TTL_MS) return this.holder.url;
    const url = await this.options.lease.readHolderUrl();
    this.holder = { url, at: now };
    return url;
  }

  /** Stops the rounds and releases the lock (after the engine has drained). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.round;
    await this.options.lease.release();
  }

  private runRound(): Promise<void> {
    this.round ??= this.elect()
      .catch((error: unknown) => this.log?.error({ err: error }, 'a sequencer election round failed'))
      .finally(() => {
        this.round = undefined;
      });
    return this.round;
  }

  private async elect(): Promise<void> {
    const { lease, engine } = this.options;
    if (this.closed) return;
    if (engine.isSequencer) {
      if (!lease.held) await engine.stopSequencing();
      else if (this.url !== undefined && this.holder?.url !== this.url) await this.advertise();
      return;
    }
    if (await lease.tryAcquire()) {
      try {
        await engine.becomeSequencer();
      } catch (error) {
        // It cannot sequence (storage unreadable or inconsistent): let another process try.
        await lease.release();
        throw error;
      }
      await this.advertise();
      this.log?.info({ url: this.url }, 'this process now sequences the log');
      return;
    }
    await engine.followStorage();
  }

  private async advertise(): Promise<void> {
    if (this.url === undefined) return;
    await this.options.lease.advertise(this.url, new Date(this.options.clock()).toISOString());
    this.holder = { url: this.url, at: this.options.clock() };
  }
}
