/** CPU time and peak memory of other processes, from /proc (Linux only). */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

let clockTicks: number | undefined

function ticksPerSecond(): number {
  try {
    clockTicks ??= Number(
      execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()
    )
  } catch {
    clockTicks = 100
  }
  return clockTicks || 100
}

/** Fields of /proc/<pid>/stat from the state on (field 3 of proc(5) is index 0). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name is in parentheses and may hold spaces: fields start after the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
}

/**
 * utime + stime of every thread of `pid`, plus cutime + cstime of its waited-for children, in
 * seconds.
 */
export function cpuSecondsOf(pid: number): number {
  const f = statFields(pid)
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(f[i]), 0)
  return ticks / ticksPerSecond()
}

/** Peak resident set size (VmHWM) of `pid`, in bytes. */
export function peakRssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]
  if (kib === undefined) throw new Error(`no VmHWM for process ${pid}`)
  return Number(kib) * 1024
}

/** CPU seconds of `root` and of every live descendant of it (a process tree). */
export function treeCpuSecondsOf(root: number): number {
  const parent = new Map<number, number>()
  const cpu = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const f = statFields(Number(name))
      parent.set(Number(name), Number(f[1]))
      cpu.set(Number(name), (Number(f[11]) + Number(f[12])) / ticksPerSecond())
    } catch {
      // The process ended while we read.
    }
  }
  let total = 0
  for (const [pid, used] of cpu)
    for (
      let p: number | undefined = pid;
      p !== undefined && p > 1;
      p = parent.get(p)
    )
      if (p === root) {
        total += used
        break
      }
  return total
}

/** Busy and total CPU seconds of the whole machine so far (every process, every core). */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  // cpu user nice system idle iowait irq softirq steal …
  const [, ...fields] = line.trim().split(/\s+/)
  const ticks = fields.slice(0, 8).map(Number)
  const total = ticks.reduce((a, b) => a + b, 0)
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0)
  return {
    busy: (total - idle) / ticksPerSecond(),
    total: total / ticksPerSecond(),
  }
}

/**
 * CPU seconds of each live thread of `pid`, summed by thread name (`comm`), the main thread apart
 * as `main`. Threads that have ended are not in it (their time is in `cpuSecondsOf` only).
 */
export function threadCpuSecondsOf(pid: number): Record<string, number> {
  const out: Record<string, number> = {}
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const name =
        Number(tid) === pid
          ? 'main'
          : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out[name] =
        (out[name] ?? 0) + (Number(f[11]) + Number(f[12])) / ticksPerSecond()
    } catch {
      // The thread ended while we read.
    }
  }
  return out
}
