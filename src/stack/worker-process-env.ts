import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * The environment of a worker started as a child process with `env` (a world's settings): no
 * stray .env file of the checkout may add settings, and the worker is no test file of a run.
 */
export function workerProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    ENV_FILE: join(tmpdir(), 'no-such-dir', '.env'),
  }
  delete child.NODE_TEST_CONTEXT
  return child
}
