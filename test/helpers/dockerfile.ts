import { readFileSync } from 'node:fs'

/** One instruction of a Dockerfile: its keyword, flags (`--from=build`) and arguments. */
export interface Instruction {
  keyword: string
  flags: string[]
  args: string[]
}

/**
 * The instructions of a Dockerfile, continuation lines joined and comments dropped. Arguments in
 * JSON form (`CMD ["node", "x"]`) are parsed as JSON; others are split on whitespace. Leading
 * `--` words are the instruction's flags.
 */
export function readDockerfile(path: string): Instruction[] {
  const lines = readFileSync(path, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  return lines.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/)
    const text = rest.join(' ')
    const words = text.startsWith('[') ? (JSON.parse(text) as string[]) : rest
    const firstArg = words.findIndex((w) => !w.startsWith('--'))
    const split = firstArg === -1 ? words.length : firstArg
    return {
      keyword: keyword.toUpperCase(),
      flags: words.slice(0, split),
      args: words.slice(split),
    }
  })
}

/** The instructions of each stage, by stage name (`FROM node AS build`) or index. */
export function stages(
  instructions: Instruction[]
): Map<string, Instruction[]> {
  const byStage = new Map<string, Instruction[]>()
  let current: Instruction[] = []
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      current = [instruction]
      const [, as, name] = instruction.args
      const key =
        as?.toUpperCase() === 'AS' && name ? name : String(byStage.size)
      byStage.set(key, current)
    } else current.push(instruction)
  }
  return byStage
}
