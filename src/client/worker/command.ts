import type { ArgumentsCamelCase, CommandModule } from 'yargs'
import type { FlagsOf } from '../shared/flags.js'
import { workerFlags } from '../../workers/worker-flags.js'

type WorkerArgs = ArgumentsCamelCase<FlagsOf<typeof workerFlags<object>>>

/** The worker runtime (Temporal's native worker, every activity) loads only when this command runs. */
export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: 'Run this host’s worker until SIGINT/SIGTERM',
  builder: (argv) => workerFlags(argv) as never,
  handler: async (args) => {
    const { runWorker } = await import('../../workers/run-worker.js')
    await runWorker(args)
  },
}
