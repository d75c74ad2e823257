import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import type { WorldOptions } from '../../src/sandbox/world/start-world.js'
import { type BenchWorld, startBenchWorld } from './world.js'

/** A sub-benchmark of `npm run bench`: its flags, and what it does on a bench world of its own. */
export function benchCommand<A>(spec: {
  command: string
  describe: string
  flags: (argv: Argv) => Argv<A>
  sandbox?: (args: ArgumentsCamelCase<A>) => WorldOptions['sandbox']
  run: (args: ArgumentsCamelCase<A>, world: BenchWorld) => Promise<void>
}): CommandModule<object, A> {
  return {
    command: spec.command,
    describe: spec.describe,
    builder: (argv) => spec.flags(argv) as never,
    async handler(args) {
      const world = await startBenchWorld(
        (line) => console.error(line),
        spec.sandbox?.(args)
      )
      try {
        await spec.run(args, world)
      } finally {
        await world.stop()
      }
    },
  }
}
