import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { readDockerfile, stages } from '../helpers/dockerfile.js'

const byStage = stages(readDockerfile('Dockerfile'))
const build = byStage.get('build')
const runtime = [...byStage.values()].at(-1)!
const runs = (stage: typeof runtime) =>
  stage.filter((i) => i.keyword === 'RUN').map((i) => i.args.join(' '))
const copied = (stage: typeof runtime) =>
  stage
    .filter((i) => i.keyword === 'COPY' && i.flags.length === 0)
    .flatMap((i) => i.args.slice(0, -1))
const ignored = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((line) => line.trim().replace(/\/$/, ''))
  .filter((line) => line !== '' && !line.startsWith('#'))

describe('Dockerfile', () => {
  it('builds in a stage of its own and runs on Node 22 or 24', () => {
    assert.ok(build, 'a stage named build')
    assert.notEqual(runtime, build)
    for (const stage of byStage.values())
      assert.match(stage[0]!.args[0]!, /^node:(22|24)[.-]/)
    assert.ok(runs(build).some((r) => /\bnpm ci\b/.test(r)))
    assert.ok(runs(build).some((r) => /\bnpm run build\b/.test(r)))
  })

  it('copies into the build stage everything the build reads', () => {
    const tsconfig = JSON.parse(
      readFileSync('tsconfig.build.json', 'utf8')
    ) as { extends: string; include: string[] }
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>
    }
    const script = /tsx (\S+)/.exec(pkg.scripts.build!)?.[1]
    assert.ok(script, pkg.scripts.build)
    const needed = [
      'package.json',
      'package-lock.json',
      'tsconfig.build.json',
      tsconfig.extends.replace(/^\.\//, ''),
      ...tsconfig.include,
      script.split('/')[0]!,
    ]
    const sources = copied(build!).map((s) => s.replace(/^\.\//, ''))
    for (const path of needed) assert.ok(sources.includes(path), path)
  })

  it('copies only sources that exist and that .dockerignore lets through', () => {
    for (const stage of byStage.values())
      for (const source of copied(stage)) {
        assert.ok(existsSync(source), `${source} exists`)
        assert.ok(!ignored.includes(source.split('/')[0]!), `${source} ignored`)
      }
  })

  it('runs with production dependencies and the build output only', () => {
    assert.ok(runs(runtime).some((r) => /\bnpm ci --omit=dev\b/.test(r)))
    const fromBuild = runtime.filter(
      (i) => i.keyword === 'COPY' && i.flags.includes('--from=build')
    )
    assert.deepEqual(
      fromBuild.map((i) => i.args[0]),
      ['/app/dist'],
      'nothing but dist/ from the build stage'
    )
    assert.deepEqual(copied(runtime), ['package.json', 'package-lock.json'])
    const cmd = runtime.find((i) => i.keyword === 'CMD')!.args
    assert.deepEqual(cmd.slice(0, 2), ['node', 'dist/workers/main.js'])
    assert.ok(!cmd.some((arg) => arg.includes('tsx')))
  })
})
