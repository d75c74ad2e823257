import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, type WriteStream, createWriteStream } from 'node:fs'

/** A child process that dies with its parent and is stopped gracefully, then forcibly. */
export interface ManagedProcess {
  readonly name: string
  readonly pid: number
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<string>
  /** The last lines it printed, for error messages. */
  recentOutput(): string
  stop(graceMs?: number): Promise<void>
}

const running = new Set<ChildProcess>()

// Last resort for an abrupt exit of this process: nothing it started may outlive it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/**
 * On Linux the child is started through `setpriv --pdeathsig`, so that the kernel stops it even
 * when this process is killed with SIGKILL and no exit handler runs.
 */
const SETPRIV = '/usr/bin/setpriv'

export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  {
    env,
    cwd,
    logFile,
  }: { env?: NodeJS.ProcessEnv; cwd?: string; logFile?: string } = {}
): ManagedProcess {
  const guarded = process.platform === 'linux' && existsSync(SETPRIV)
  const child = guarded
    ? spawn(SETPRIV, ['--pdeathsig', 'SIGTERM', '--', command, ...args], {
        env,
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
    : spawn(command, args, {
        env,
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
  if (child.pid === undefined)
    throw new Error(`could not start ${name} (${command})`)
  running.add(child)

  const log: WriteStream | undefined = logFile
    ? createWriteStream(logFile, { flags: 'a' })
    : undefined
  let tail = ''
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8_000)
    log?.write(chunk)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)

  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child)
      log?.end()
      resolve(signal ?? String(code))
    })
    child.once('error', (err) => {
      running.delete(child)
      tail += `\n${err.message}`
      resolve('error')
    })
  })

  return {
    name,
    pid: child.pid,
    exited,
    recentOutput: () => tail,
    async stop(graceMs = 10_000) {
      if (!running.has(child)) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}
