import { readFileSync } from 'node:fs';

/** Linux reports thread times in clock ticks; USER_HZ is 100 on every mainstream kernel configuration. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) spent so far by the calling thread, from /proc/thread-self/stat; NaN
 * where that file does not exist (not Linux). 10 ms resolution: for benchmarks over seconds, not for
 * timing single steps. Unlike wall time it does not count time the thread waited for a core, so it
 * separates our own overhead from other processes competing for the machine.
 */
export function threadCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // fields 14 (utime), 15 (stime)
  } catch {
    return Number.NaN;
  }
}
