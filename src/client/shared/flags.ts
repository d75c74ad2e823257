import type { Argv } from 'yargs'

/** The flags a yargs builder defines, as `CommandModule` takes them. */
export type FlagsOf<Builder extends (...args: never[]) => unknown> =
  ReturnType<Builder> extends Argv<infer A> ? A : never

/** The named flags alone: without yargs' `_`, `$0` and the kebab-case copies of each flag. */
export function pickFlags<A, K extends keyof A>(
  args: A,
  names: readonly K[]
): Pick<A, K> {
  return Object.fromEntries(names.map((name) => [name, args[name]])) as Pick<
    A,
    K
  >
}
