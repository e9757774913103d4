import { availableParallelism } from 'node:os';
import type { PresignInput } from './presign-enrollments.worker.ts';
import { receiveFromWorker, startTsWorker } from './start-ts-worker.ts';

/**
 * Distinct, pre-signed `member.enroll` request bodies for the submission load. Signing happens in worker threads
 * on every core, between timed windows, so the load generator spends its time sending. The same bodies are valid
 * against every fresh benchmark mechanism (keys are derived from names), so each database run replays the pool
 * from the start.
 */
export class EnrollmentPool {
  private readonly bodies: string[] = [];
  private cursor = 0;

  constructor(private readonly issuedAt: string) {}

  get remaining(): number {
    return this.bodies.length - this.cursor;
  }

  /** The next unused body, or undefined when the pool is spent. */
  take(): string | undefined {
    return this.cursor < this.bodies.length ? this.bodies[this.cursor++] : undefined;
  }

  /** Starts again from the first body, for a fresh mechanism. */
  rewind(): void {
    this.cursor = 0;
  }

  /** Signs more bodies until at least `count` are unused. */
  async ensureRemaining(count: number): Promise<void> {
    const missing = count - this.remaining;
    if (missing <= 0) return;
    const threads = Math.max(1, availableParallelism());
    const share = Math.ceil(missing / threads);
    const from = this.bodies.length;
    const parts = await Promise.all(
      Array.from({ length: threads }, (_, t) => {
        const input: PresignInput = { from: from + t * share, count: share, issuedAt: this.issuedAt };
        const worker = startTsWorker(new URL('./presign-enrollments.worker.ts', import.meta.url), input);
        return receiveFromWorker<string[]>(worker).finally(() => void worker.terminate());
      }),
    );
    for (const part of parts) for (const body of part) this.bodies.push(body);
  }
}
