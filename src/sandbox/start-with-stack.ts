import { join } from 'node:path'
import {
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from '../stack/local-stack.js'
import {
  type Sandbox,
  type SandboxOptions,
  startSandbox,
  writeEnvFile,
} from './sandbox.js'

export interface SandboxWithStack {
  stack: LocalStack
  sandbox: Sandbox
  /** The stack's and the sandbox's variables together: everything a worker or client needs. */
  env: Record<string, string>
  /** `env` as a file in the stack folder (`sandbox.env`). */
  envFile: string
  stop(): Promise<void>
}

/** One call for the embedded world: Temporal, DynamoDB Local with the tables, and the sandbox. */
export async function startSandboxWithStack(
  stackOptions: LocalStackOptions,
  sandboxOptions: Omit<SandboxOptions, 'dir'> = {}
): Promise<SandboxWithStack> {
  const stack = await startLocalStack(stackOptions)
  try {
    const sandbox = await startSandbox({
      ...sandboxOptions,
      dir: stackOptions.persist ? stackOptions.dir : undefined,
    })
    const env = { ...stack.env, ...sandbox.env }
    const envFile = join(stackOptions.dir, 'sandbox.env')
    writeEnvFile(envFile, env)
    return {
      stack,
      sandbox,
      env,
      envFile,
      async stop() {
        await sandbox.close()
        await stack.stop()
      },
    }
  } catch (err) {
    await stack.stop()
    throw err
  }
}
