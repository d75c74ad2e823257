/**
 * A YAML document from plain data (maps, lists, strings, numbers, booleans), in block style with
 * a stable layout, so that a generated file changes only when its content does. A string is left
 * plain only when no YAML 1.1 reader (cfn-lint's PyYAML) could take it for anything but a string;
 * every other string is quoted as Prettier (singleQuote) leaves it: single quotes, or double
 * quotes with JSON escapes when the text holds a single quote and no double one.
 */
export function toYaml(value: unknown): string {
  return `${block(value, 0).join('\n')}\n`
}

type Data =
  string | number | boolean | readonly Data[] | { [key: string]: Data }

const PLAIN = /^[A-Za-z][A-Za-z0-9_.:/-]*$/
const RESERVED = /^(y|n|yes|no|on|off|true|false|null)$/i

function scalar(value: unknown): string {
  if (typeof value === 'string') {
    if ([...value].some((c) => c.charCodeAt(0) < 0x20))
      throw new Error(`cannot write a control character as YAML: ${value}`)
    if (PLAIN.test(value) && !RESERVED.test(value) && !value.endsWith(':'))
      return value
    return value.includes("'") && !value.includes('"')
      ? JSON.stringify(value)
      : `'${value.replaceAll("'", "''")}'`
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'boolean') return String(value)
  throw new Error(`cannot write ${String(value)} as YAML`)
}

const isCollection = (value: unknown): value is Data[] | Record<string, Data> =>
  typeof value === 'object' && value !== null

function block(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent)
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`]
    return value.flatMap((item: unknown) => {
      if (!isCollection(item) || isEmpty(item))
        return [`${pad}- ${inline(item)}`]
      const lines = block(item, indent + 2)
      return [`${pad}- ${(lines[0] ?? '').trimStart()}`, ...lines.slice(1)]
    })
  }
  if (isCollection(value)) {
    const entries = Object.entries(value)
    if (entries.length === 0) return [`${pad}{}`]
    return entries.flatMap(([key, item]) =>
      isCollection(item) && !isEmpty(item)
        ? [`${pad}${scalar(key)}:`, ...block(item, indent + 2)]
        : [`${pad}${scalar(key)}: ${inline(item)}`]
    )
  }
  return [`${pad}${scalar(value)}`]
}

function inline(value: unknown): string {
  if (Array.isArray(value) && value.length === 0) return '[]'
  if (isCollection(value) && isEmpty(value)) return '{}'
  return scalar(value)
}

const isEmpty = (value: object) => Object.keys(value).length === 0

export type { Data as YamlData }
