import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'

/** Runs a TypeScript entry point of the project in a child Node process. */
export function spawnTs(
  entry: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Collects a child's output and exit; `waitFor` resolves once the output matches. */
export function watch(child: ChildProcess) {
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code))
  )
  return {
    exit,
    output: () => output,
    async waitFor(pattern: RegExp, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs
      while (!pattern.test(output)) {
        if (child.exitCode !== null)
          throw new Error(
            `exited with ${child.exitCode} before printing ${pattern}:\n${output}`
          )
        if (Date.now() > deadline)
          throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)
        await sleep(100)
      }
    },
  }
}

/** The children of a process whose command name is one of `names`. */
export function childPids(pid: number, names: readonly string[]): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], {
      encoding: 'utf8',
    })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, comm]) => comm !== undefined && names.includes(comm))
      .map(([child]) => Number(child))
  } catch {
    return []
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Polls until none of the processes is alive; returns those still alive at the deadline. */
export async function untilGone(
  pids: readonly number[],
  timeoutMs = 20_000
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const alive = pids.filter(isAlive)
    if (alive.length === 0 || Date.now() > deadline) return alive
    await sleep(100)
  }
}
