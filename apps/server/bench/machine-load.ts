import { readdirSync, readFileSync } from 'node:fs';

/** Busy CPU time of the whole machine so far (all processes, all cores), ms; undefined off Linux. */
export function readMachineBusyMs(): number | undefined {
  try {
    // /proc/stat "cpu" line: user nice system idle iowait irq softirq steal …, in USER_HZ (100 per second on
    // every Linux architecture Node runs on). Idle and iowait are not busy; steal is time the hypervisor took.
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) * 10;
  } catch {
    return undefined;
  }
}

/**
 * CPU time so far (ms) of every live process descended from `rootPid` except the `excluded` ones and their own
 * descendants: in the benchmark, the embedded PostgreSQL server and its backends. Undefined off Linux.
 */
export function readDescendantCpuMs(rootPid: number, excluded: ReadonlySet<number>): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const processes = new Map<number, { parent: number; cpuMs: number }>();
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name in parentheses may hold spaces; the fields after it are fixed: state, ppid, … utime
      // (14th field of the line) and stime (15th), in USER_HZ.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(entry), {
        parent: Number(fields[1]),
        cpuMs: (Number(fields[11]) + Number(fields[12])) * 10,
      });
    } catch {
      // The process exited between listing and reading.
    }
  }
  let total = 0;
  for (const [pid, { cpuMs }] of processes) {
    for (let at = processes.get(pid)?.parent; at !== undefined && at > 1; at = processes.get(at)?.parent) {
      if (excluded.has(at) || excluded.has(pid)) break;
      if (at === rootPid) {
        total += cpuMs;
        break;
      }
    }
  }
  return total;
}
