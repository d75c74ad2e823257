import { join, relative, resolve } from 'node:path'
import ts from 'typescript'
import type { TableNames } from '../config/types.js'
import { TABLES } from '../services/dynamo/tables.js'
import { DYNAMODB_ACTIONS, INDEX_ACTIONS } from './iam-actions.js'

export type TableKey = keyof TableNames

/** Each IAM action on one table and what it acts on: `''` is the table, any other string an index. */
export type TableAccess = Map<string, Set<string>>
export type DynamoAccess = Map<TableKey, TableAccess>

const DYNAMO_DIR = 'src/services/dynamo/'
const TABLE_KEYS: ReadonlySet<string> = new Set(Object.keys(TABLES))

/** The SDK commands a piece of code sends, and the targets (table or index) its requests name. */
interface Effects {
  commands: Set<string>
  targets: Set<string>
}

interface AdapterMember {
  tables: ReadonlySet<TableKey>
  method: string
  effects: Effects
}

/**
 * What the code does to DynamoDB, read from the source with the TypeScript compiler rather than
 * written down by hand. A table adapter is a `use…Table` function of src/services/dynamo that
 * returns an object of methods; `useTables` names the table each adapter serves. A role (the
 * worker, the operator CLI) is the set of files its entry points import; it uses an adapter
 * method when one of those files reads that property, directly, through a `Pick` of the
 * adapter, or through a port interface the adapter satisfies. Each method's commands come from
 * its body and the helpers it calls (`queryPages`, `setAttributes`, …). Requests that code
 * outside the adapters sends itself must name their table by a `TableNames` property, or the
 * analysis fails: it never guesses.
 */
export class CodeAccess {
  readonly program: ts.Program
  readonly checker: ts.TypeChecker
  readonly root: string
  readonly overridden: boolean
  /** The files as read from disk, parsed once. */
  private readonly parsed: Map<string, ts.SourceFile>
  private readonly options: ts.CompilerOptions
  private readonly effectsMemo = new Map<ts.Node, Effects>()
  private readonly members = new Map<ts.Node, AdapterMember>()
  private readonly factories: {
    decl: ts.FunctionDeclaration
    tables: ReadonlySet<TableKey>
    type: ts.Type
    members: Map<string, AdapterMember>
  }[] = []
  private readonly portMemo = new Map<ts.Node, AdapterMember[]>()

  /**
   * `entryPoints` are the files the program starts from (every file they import is read too);
   * `overrides` replaces the text of files, by path from `root`, so a test can show a change
   * that the analysis must catch.
   */
  constructor(
    root: string,
    {
      entryPoints,
      overrides = {},
      reuse,
    }: {
      entryPoints: readonly string[]
      overrides?: Readonly<Record<string, string>>
      /** An earlier analysis of the files as they are, so that unchanged files are not parsed again. */
      reuse?: CodeAccess
    }
  ) {
    this.root = resolve(root)
    const configPath = join(this.root, 'tsconfig.json')
    const parsed = ts.parseJsonConfigFileContent(
      ts.readConfigFile(configPath, (path) => ts.sys.readFile(path)).config,
      ts.sys,
      this.root
    )
    this.options = parsed.options
    const replaced = new Map(
      Object.entries(overrides).map(([path, text]) => [
        join(this.root, path),
        text,
      ])
    )
    if (reuse?.overridden)
      throw new Error('only an analysis without overrides can be reused')
    this.overridden = replaced.size > 0
    this.parsed = reuse?.parsed ?? new Map()
    const host = ts.createCompilerHost(this.options)
    const getSourceFile = host.getSourceFile.bind(host)
    host.getSourceFile = (fileName, language, ...rest) => {
      const text = replaced.get(resolve(fileName))
      if (text !== undefined)
        return ts.createSourceFile(fileName, text, language, true)
      const cached = this.parsed.get(fileName)
      if (cached) return cached
      const parsed = getSourceFile(fileName, language, ...rest)
      if (parsed) this.parsed.set(fileName, parsed)
      return parsed
    }
    this.program = ts.createProgram({
      rootNames: [...entryPoints, `${DYNAMO_DIR}index.ts`].map((file) =>
        join(this.root, file)
      ),
      options: this.options,
      host,
    })
    this.checker = this.program.getTypeChecker()
    this.findAdapters()
  }

  relative(file: string): string {
    return relative(this.root, file).split('\\').join('/')
  }

  /** The project files the entry points load at run time (type-only imports excluded). */
  files(entryPoints: readonly string[]): string[] {
    const seen = new Set<string>()
    const queue = entryPoints.map((file) => join(this.root, file))
    while (queue.length > 0) {
      const file = queue.pop() as string
      if (seen.has(file)) continue
      const source = this.program.getSourceFile(file)
      if (!source)
        throw new Error(`${this.relative(file)} is not in the program`)
      seen.add(file)
      for (const specifier of runtimeImports(source)) {
        const resolved = ts.resolveModuleName(
          specifier,
          file,
          this.options,
          ts.sys
        ).resolvedModule?.resolvedFileName
        if (
          resolved &&
          !resolved.endsWith('.d.ts') &&
          this.relative(resolved).startsWith('src/')
        )
          queue.push(resolve(resolved))
      }
    }
    return [...seen].map((file) => this.relative(file)).sort()
  }

  /** Every DynamoDB action the files of a role need, per table and target. */
  dynamo(entryPoints: readonly string[]): DynamoAccess {
    const access: DynamoAccess = new Map()
    const files = this.files(entryPoints)
    for (const file of files) {
      const source = this.source(file)
      const outside = !file.startsWith(DYNAMO_DIR)
      const visit = (node: ts.Node): void => {
        for (const member of this.membersAt(node))
          for (const table of member.tables)
            addEffects(access, table, member.effects)
        if (outside && (ts.isCallExpression(node) || ts.isNewExpression(node)))
          this.directAccess(node, files, access)
        ts.forEachChild(node, visit)
      }
      visit(source)
    }
    return access
  }

  /** The SDK commands each method of a class sends (for the object-store and queue adapters). */
  classCommands(file: string, className: string): Map<string, Set<string>> {
    const source = this.source(file)
    const cls = source.statements.find(
      (s): s is ts.ClassDeclaration =>
        ts.isClassDeclaration(s) && s.name?.text === className
    )
    if (!cls) throw new Error(`no class ${className} in ${file}`)
    const methods = new Map<string, Set<string>>()
    // Private (#) methods too: they send requests for the public ones.
    for (const member of cls.members)
      if (
        ts.isMethodDeclaration(member) &&
        (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))
      )
        methods.set(member.name.text, this.effects(member).commands)
    return methods
  }

  /** The SDK commands every function of a file sends, all together. */
  fileCommands(file: string): Set<string> {
    return this.effects(this.source(file)).commands
  }

  private source(file: string): ts.SourceFile {
    const source = this.program.getSourceFile(join(this.root, file))
    if (!source) throw new Error(`${file} is not in the program`)
    return source
  }

  private findAdapters(): void {
    const index = this.source(`${DYNAMO_DIR}index.ts`)
    const useTables = index.statements.find(
      (s): s is ts.FunctionDeclaration =>
        ts.isFunctionDeclaration(s) && s.name?.text === 'useTables'
    )
    const literal = useTables && returnedObject(useTables)
    if (!literal) throw new Error('useTables returns no object literal')
    const tablesOf = new Map<ts.FunctionDeclaration, Set<TableKey>>()
    for (const property of literal.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name))
        throw new Error(`useTables: unexpected property ${property.getText()}`)
      const table = property.name.text
      if (!TABLE_KEYS.has(table))
        throw new Error(`useTables: ${table} is not a table`)
      const factory = this.factoryCalledBy(property.initializer)
      const tables = tablesOf.get(factory) ?? new Set()
      tables.add(table as TableKey)
      tablesOf.set(factory, tables)
    }
    for (const [decl, tables] of tablesOf) {
      const object = returnedObject(decl) as ts.ObjectLiteralExpression
      const signature = this.checker.getSignatureFromDeclaration(decl)
      if (!signature) throw new Error(`no signature for ${decl.name?.text}`)
      const members = new Map<string, AdapterMember>()
      for (const property of object.properties) {
        const name = property.name && ts.isIdentifier(property.name)
        if (!name) continue
        const method = (property.name as ts.Identifier).text
        const member: AdapterMember = {
          tables,
          method,
          effects: this.effects(this.memberBody(property)),
        }
        members.set(method, member)
        this.members.set(property, member)
      }
      this.factories.push({
        decl,
        tables,
        type: this.checker.getReturnTypeOfSignature(signature),
        members,
      })
    }
  }

  /** The adapter factory an expression of useTables calls, through wrappers such as useStoreTable. */
  private factoryCalledBy(expression: ts.Expression): ts.FunctionDeclaration {
    if (!ts.isCallExpression(expression))
      throw new Error(`useTables: ${expression.getText()} is not a call`)
    const decl = this.declarationOf(expression.expression)
    if (decl && ts.isFunctionDeclaration(decl) && returnedObject(decl))
      return decl
    const body =
      decl && ts.isVariableDeclaration(decl) && decl.initializer
        ? decl.initializer
        : undefined
    if (body && ts.isArrowFunction(body) && ts.isCallExpression(body.body))
      return this.factoryCalledBy(body.body)
    throw new Error(`useTables: cannot follow ${expression.getText()}`)
  }

  private memberBody(property: ts.ObjectLiteralElementLike): ts.Node {
    if (ts.isShorthandPropertyAssignment(property)) {
      const symbol = this.checker.getShorthandAssignmentValueSymbol(property)
      const decl = symbol?.valueDeclaration
      if (!decl) throw new Error(`cannot resolve ${property.getText()}`)
      return decl
    }
    return property
  }

  private declarationOf(expression: ts.Node): ts.Declaration | undefined {
    let symbol = this.checker.getSymbolAtLocation(expression)
    if (symbol && symbol.flags & ts.SymbolFlags.Alias)
      symbol = this.checker.getAliasedSymbol(symbol)
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0]
  }

  /** The class an AWS SDK `new X(…)` constructs, by its own name (an import alias does not hide it). */
  private sdkCommand(node: ts.Node): string | undefined {
    if (!ts.isNewExpression(node)) return undefined
    let symbol = this.checker.getSymbolAtLocation(node.expression)
    if (symbol && symbol.flags & ts.SymbolFlags.Alias)
      symbol = this.checker.getAliasedSymbol(symbol)
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0]
    return decl?.getSourceFile().fileName.includes('@aws-sdk/') &&
      symbol?.name.endsWith('Command')
      ? symbol.name
      : undefined
  }

  /** A function of src/services/dynamo that is neither an adapter factory nor useTables. */
  private helperBody(expression: ts.Node): ts.Node | undefined {
    const decl = this.declarationOf(expression)
    if (!decl) return undefined
    if (!this.relative(decl.getSourceFile().fileName).startsWith(DYNAMO_DIR))
      return undefined
    const name =
      (ts.isFunctionDeclaration(decl) || ts.isVariableDeclaration(decl)) &&
      decl.name &&
      ts.isIdentifier(decl.name)
        ? decl.name.text
        : undefined
    if (!name || /^use[A-Z]/.test(name)) return undefined
    if (ts.isFunctionDeclaration(decl)) return decl
    const init = (decl as ts.VariableDeclaration).initializer
    return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
      ? init
      : undefined
  }

  private effects(node: ts.Node): Effects {
    const memo = this.effectsMemo.get(node)
    if (memo) return memo
    const effects: Effects = { commands: new Set(), targets: new Set() }
    this.effectsMemo.set(node, effects)
    const visit = (child: ts.Node): void => {
      const command = this.sdkCommand(child)
      if (command) effects.commands.add(command)
      if (ts.isCallExpression(child)) {
        const helper = this.helperBody(child.expression)
        if (helper) merge(effects, this.effects(helper))
      }
      if (ts.isObjectLiteralExpression(child)) {
        const target = requestTarget(child)
        if (target !== undefined) effects.targets.add(target)
      }
      ts.forEachChild(child, visit)
    }
    ts.forEachChild(node, visit)
    return effects
  }

  /**
   * The adapter methods a node reads: `x.method`, `x['method']`, or `const { method } = x`.
   * A computed key (`x[name]`) is not followed.
   */
  private membersAt(node: ts.Node): AdapterMember[] {
    let symbol: ts.Symbol | undefined
    if (ts.isPropertyAccessExpression(node))
      symbol = this.checker.getSymbolAtLocation(node.name)
    else if (
      ts.isElementAccessExpression(node) &&
      ts.isStringLiteral(node.argumentExpression)
    )
      symbol = this.checker.getSymbolAtLocation(node.argumentExpression)
    else if (
      ts.isBindingElement(node) &&
      ts.isObjectBindingPattern(node.parent)
    ) {
      const key = node.propertyName ?? node.name
      if (ts.isIdentifier(key))
        symbol = this.checker
          .getTypeAtLocation(node.parent)
          .getProperty(key.text)
    }
    if (!symbol) return []
    const found: AdapterMember[] = []
    for (const decl of symbol?.declarations ?? []) {
      const member = this.members.get(decl)
      if (member) found.push(member)
      else if (
        (ts.isPropertySignature(decl) || ts.isMethodSignature(decl)) &&
        this.relative(decl.getSourceFile().fileName).startsWith('src/')
      )
        found.push(...this.portMembers(decl))
    }
    return found
  }

  /** A member of an interface or type literal: the adapter methods behind it, if adapters satisfy it. */
  private portMembers(decl: ts.PropertySignature | ts.MethodSignature) {
    const memo = this.portMemo.get(decl)
    if (memo) return memo
    const container = decl.parent
    const containerType = ts.isInterfaceDeclaration(container)
      ? this.checker.getTypeAtLocation(container.name)
      : this.checker.getTypeAtLocation(container)
    const name = ts.isIdentifier(decl.name) ? decl.name.text : undefined
    const found: AdapterMember[] = []
    for (const factory of this.factories) {
      const member = name ? factory.members.get(name) : undefined
      if (
        member &&
        this.checker.isTypeAssignableTo(factory.type, containerType)
      )
        found.push(member)
    }
    this.portMemo.set(decl, found)
    return found
  }

  /** A request sent from outside the adapters: its table must be named by a TableNames property. */
  private directAccess(
    node: ts.CallExpression | ts.NewExpression,
    files: readonly string[],
    access: DynamoAccess
  ): void {
    const sdkCommand = this.sdkCommand(node)
    const command =
      sdkCommand &&
      this.declarationOf(node.expression)
        ?.getSourceFile()
        .fileName.match(/@aws-sdk\/(client-dynamodb|lib-dynamodb)\//)
        ? sdkCommand
        : undefined
    const helper = ts.isCallExpression(node)
      ? this.helperBody(node.expression)
      : undefined
    const commands = command
      ? new Set([command])
      : helper
        ? this.effects(helper).commands
        : new Set<string>()
    if (commands.size === 0) return
    const effects: Effects = { commands, targets: new Set() }
    const tables = new Set<TableKey>()
    for (const argument of node.arguments ?? []) {
      const literal = ts.isObjectLiteralExpression(argument)
        ? argument
        : undefined
      const tableName = literal ? propertyValue(literal, 'TableName') : argument
      const target = literal ? requestTarget(literal) : undefined
      if (target !== undefined) effects.targets.add(target)
      for (const table of (tableName && this.tablesNamedBy(tableName, files)) ??
        [])
        tables.add(table)
    }
    const where = `${this.relative(node.getSourceFile().fileName)}:${
      node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line +
      1
    }`
    if (tables.size === 0)
      throw new Error(
        `${where}: a DynamoDB request (${[...commands].join(', ')}) whose table is not named by a TableNames property`
      )
    for (const table of tables) addEffects(access, table, effects)
  }

  /**
   * The tables an expression names: `names.x`, or a parameter that every caller fills with such
   * an expression; undefined when it names no table (a client, a key).
   */
  private tablesNamedBy(
    expression: ts.Expression,
    files: readonly string[]
  ): TableKey[] | undefined {
    if (ts.isPropertyAccessExpression(expression))
      return TABLE_KEYS.has(expression.name.text)
        ? [expression.name.text as TableKey]
        : undefined
    if (!ts.isIdentifier(expression)) return undefined
    const parameter = this.declarationOf(expression)
    if (!parameter || !ts.isParameter(parameter)) return undefined
    const fn = parameter.parent
    const position = fn.parameters.indexOf(parameter)
    const fnSymbol =
      (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name
        ? this.checker.getSymbolAtLocation(fn.name)
        : undefined
    if (!fnSymbol) return undefined
    const tables: TableKey[] = []
    const unnamed: string[] = []
    for (const file of files) {
      const visit = (node: ts.Node): void => {
        if (
          ts.isCallExpression(node) &&
          this.checker.getSymbolAtLocation(node.expression) === fnSymbol
        ) {
          const argument = node.arguments[position]
          const named = argument && this.tablesNamedBy(argument, files)
          if (named) tables.push(...named)
          else unnamed.push(`${file}: ${node.getText()}`)
        }
        ts.forEachChild(node, visit)
      }
      visit(this.source(file))
    }
    if (tables.length === 0) return undefined
    if (unnamed.length > 0)
      throw new Error(
        `${unnamed.join('; ')}: does not name its table by a TableNames property`
      )
    return tables
  }
}

function runtimeImports(source: ts.SourceFile): string[] {
  const specifiers: string[] = []
  for (const statement of source.statements) {
    if (
      ts.isImportDeclaration(statement) &&
      !statement.importClause?.isTypeOnly &&
      ts.isStringLiteral(statement.moduleSpecifier)
    )
      specifiers.push(statement.moduleSpecifier.text)
    if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    )
      specifiers.push(statement.moduleSpecifier.text)
  }
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      specifiers.push(node.arguments[0].text)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return specifiers
}

function returnedObject(
  fn: ts.FunctionDeclaration
): ts.ObjectLiteralExpression | undefined {
  for (const statement of fn.body?.statements ?? [])
    if (
      ts.isReturnStatement(statement) &&
      statement.expression &&
      ts.isObjectLiteralExpression(statement.expression)
    )
      return statement.expression
  return undefined
}

function propertyValue(
  literal: ts.ObjectLiteralExpression,
  name: string
): ts.Expression | undefined {
  for (const property of literal.properties) {
    if (
      ts.isPropertyAssignment(property) &&
      ts.isIdentifier(property.name) &&
      property.name.text === name
    )
      return property.initializer
    if (
      ts.isShorthandPropertyAssignment(property) &&
      property.name.text === name
    )
      return property.name
  }
  return undefined
}

/** For a request literal (it has a TableName): `''` for the table, else its IndexName. */
function requestTarget(
  literal: ts.ObjectLiteralExpression
): string | undefined {
  if (!propertyValue(literal, 'TableName')) return undefined
  const index = propertyValue(literal, 'IndexName')
  if (!index) return ''
  if (ts.isStringLiteral(index)) return index.text
  throw new Error(`IndexName ${index.getText()} is not a string literal`)
}

function merge(into: Effects, from: Effects): void {
  for (const command of from.commands) into.commands.add(command)
  for (const target of from.targets) into.targets.add(target)
}

function addEffects(
  access: DynamoAccess,
  table: TableKey,
  effects: Effects
): void {
  const tableAccess = access.get(table) ?? new Map<string, Set<string>>()
  access.set(table, tableAccess)
  for (const command of effects.commands) {
    const action = DYNAMODB_ACTIONS[command]
    if (!action)
      throw new Error(
        `${command} has no IAM action in src/deploy/iam-actions.ts`
      )
    const targets = tableAccess.get(action) ?? new Set<string>()
    tableAccess.set(action, targets)
    if (INDEX_ACTIONS.has(action) && effects.targets.size > 0)
      for (const target of effects.targets) targets.add(target)
    else targets.add('')
  }
}
