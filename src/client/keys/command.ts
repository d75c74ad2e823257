import { readFileSync } from 'node:fs'
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import { loadConfigOrExit } from '../../config/load-or-exit.js'
import type { FlagsOf } from '../shared/flags.js'
import { rejectFlags } from '../shared/output.js'

/** The original script's flags and short names (`scripts/generate-proof.js`). */
function proofFlags<T>(argv: Argv<T>) {
  return argv
    .option('issuer', {
      alias: 'i',
      type: 'string',
      describe:
        'The indexing service’s private key (multibase M…); prefer --issuer-file, as flags stay in shell history',
    })
    .option('issuer-file', {
      type: 'string',
      describe: 'A file holding the indexing service’s private key',
    })
    .option('issuer-did', {
      alias: 'd',
      type: 'string',
      describe:
        'The DID the indexing service signs as (default: INDEXING_SERVICE_DID, as configured or preset)',
    })
    .option('audience', {
      alias: 'a',
      type: 'string',
      describe:
        'Who may invoke claim/cache (default: the did:key of UPLOAD_SERVICE_PRIVATE_KEY, which the workers invoke it as)',
    })
}

type ProofArgs = ArgumentsCamelCase<FlagsOf<typeof proofFlags<object>>>

const proofCommand: CommandModule<object, ProofArgs> = {
  command: 'proof',
  describe:
    'Print an INDEXING_SERVICE_PROOF: the indexing service delegates claim/cache to the migration',
  builder: (argv) => proofFlags(argv) as never,
  handler: async (args) => {
    const config = loadConfigOrExit([])
    const { createIndexingProof, didKeyOf } =
      await import('./indexing-proof.js')
    const issuerKey = issuerKeyOf(args)
    if (issuerKey === undefined)
      return rejectFlags('give exactly one of --issuer and --issuer-file')
    const workerKey = process.env.UPLOAD_SERVICE_PRIVATE_KEY
    const invoker = workerKey ? safely(() => didKeyOf(workerKey)) : undefined
    const audience = args.audience ?? invoker
    if (!audience)
      return rejectFlags(
        '--audience is needed: UPLOAD_SERVICE_PRIVATE_KEY, whose did:key the workers invoke claim/cache as, is not set'
      )
    const issuerDid = args.issuerDid ?? config.services?.indexer.did
    // A parse error could quote the key: say which flag is wrong, never its value.
    if (safely(() => didKeyOf(issuerKey)) === undefined)
      return rejectFlags(
        'the issuer is not an ed25519 private key in multibase (M…)'
      )
    const { delegation, proof } = await createIndexingProof({
      issuerKey,
      issuerDid,
      audience,
    })
    console.error(`issuer:     ${delegation.issuer.did()}`)
    console.error(`audience:   ${delegation.audience.did()}`)
    console.error(
      `capability: claim/cache with ${delegation.capabilities[0]?.with}, no expiry`
    )
    console.error(`delegation: ${delegation.cid.toString()}`)
    if (invoker && audience !== invoker)
      console.error(
        `warning: the workers invoke claim/cache as ${invoker} (UPLOAD_SERVICE_PRIVATE_KEY), not ${audience}`
      )
    process.stdout.write(`${proof}\n`)
  },
}

function issuerKeyOf(args: ProofArgs): string | undefined {
  if ((args.issuer === undefined) === (args.issuerFile === undefined))
    return undefined
  return args.issuer ?? readFileSync(args.issuerFile as string, 'utf8').trim()
}

function safely<T>(f: () => T): T | undefined {
  try {
    return f()
  } catch {
    return undefined
  }
}

const encryptionKeyCommand: CommandModule = {
  command: 'encryption-key',
  describe:
    'Print a new MIGRATION_ENCRYPTION_KEY (32 random bytes, base64; the original’s encryption:keygen)',
  handler: async () => {
    const { generateEncryptionKey } = await import('./encryption-key.js')
    process.stdout.write(`${generateEncryptionKey()}\n`)
  },
}

/** Operator tools for the migration's secrets; each prints its value alone on stdout. */
export const keysCommand: CommandModule = {
  command: 'keys',
  describe:
    'Generate secrets: an INDEXING_SERVICE_PROOF (proof) or a MIGRATION_ENCRYPTION_KEY (encryption-key)',
  builder: (argv) =>
    argv
      .command(proofCommand)
      .command(encryptionKeyCommand)
      .demandCommand(1, 'name a tool: proof or encryption-key'),
  handler: () => undefined,
}
