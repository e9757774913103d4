/** Something that happens at a simulated moment; it may issue statements and schedule what follows. */
type DemoEvent = () => Promise<void>;

interface Scheduled {
  readonly at: number;
  /** Scheduling order breaks ties, so events of the same moment run in the order they were planned. */
  readonly seq: number;
  readonly run: DemoEvent;
}

/**
 * The simulated clock of the demonstration and its agenda: a discrete-event simulation. Events run one at a
 * time in (time, scheduling order), so the log sees statements in time order and every statement is sequenced
 * after the statements it refers to (which were issued by earlier events). Events planned after `end` — the
 * demo's "now" — have not happened yet and are dropped: that is how exchanges stay unanswered and cases open.
 */
export class DemoTimeline {
  readonly start: number;
  readonly end: number;
  private current: number;
  private seq = 0;
  private readonly heap: Scheduled[] = [];

  constructor(start: number, end: number) {
    this.start = start;
    this.end = end;
    this.current = start;
  }

  /** The simulated time, in milliseconds since the epoch: what the log engine's clock returns. */
  get now(): number {
    return this.current;
  }

  /** Plans `run` at `at` (never in the simulated past). Returns false when `at` lies after the demo's end. */
  at(at: number, run: DemoEvent): boolean {
    const time = Math.round(at);
    if (time < this.current) {
      throw new RangeError(`an event cannot be planned in the past (${new Date(time).toISOString()})`);
    }
    if (time > this.end) return false;
    this.push({ at: time, seq: this.seq++, run });
    return true;
  }

  /** Plans `run` `delay` milliseconds from now. */
  after(delay: number, run: DemoEvent): boolean {
    return this.at(this.current + Math.max(0, delay), run);
  }

  /** Runs every planned event in order, including those the events plan, until none is left. */
  async run(): Promise<void> {
    for (let next = this.pop(); next !== undefined; next = this.pop()) {
      this.current = next.at;
      await next.run();
    }
  }

  private push(item: Scheduled): void {
    const heap = this.heap;
    heap.push(item);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Scheduled | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
