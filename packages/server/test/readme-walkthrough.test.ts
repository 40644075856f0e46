/**
 * Every snippet of README.md and packages/sdk/README.md runs against `npm start`'s demo data
 * (issue 18, item 16). One `tuike serve` on a temporary SQLite database seeds the demo as
 * `npm start` does; the fenced `sh` blocks of each README then run in order as one bash script
 * (later blocks use the variables earlier ones set, as a reader's shell would), and each `ts`
 * block runs as its own module through tsx. A block fails the test when its command fails or
 * when it prints a WeChat-style error (`"errcode":` other than 0).
 *
 * What a reader fills in by hand, the test fills in from the demo, and nothing else:
 * - `http://127.0.0.1:8787` is the test server's URL (it listens on a free port);
 * - a placeholder assignment `APPID=wx…`, `SECRET=…`, `ADMIN_KEY=tka_…` (and the 机构's
 *   `IAPPID`/`ISECRET`, `TUIKE_ADMIN_KEY`, `TUIKE_APPID`/`TUIKE_APPSECRET`) takes the value the
 *   banner printed; `TUIKE_APPSECRET` is also in the environment, as `tuike login` reads it there;
 * - `sqlite:./.tuike/tuike.db` (npm start's database) is the test server's;
 * - `npx tuike` runs the CLI as `npm install` compiles it (scripts/build.mjs, here into a copy of
 *   the test's own, so an edited source is what runs, without compiling it at every command);
 *   `~` is a temporary HOME;
 * - a `ts` block gets what it names but does not define from the prelude below (the demo
 *   promoter's `appId`/`appSecret`, a `client`, one of its spots' `pid`, the 机构's callback
 *   settings and one genuinely signed callback), and a server it starts listens on a free port
 *   and closes once the block is done.
 * A block preceded by `<!-- walkthrough: skip (reason) -->` is not run; the reasons are listed
 * at the end of the test's output, and there are only a few.
 * @module
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { wechatAesKey, wechatEncrypt, wechatSignature } from '@tuike/contract'
import { type ServeProcess, startServeProcess } from './support.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const READMES = ['README.md', 'packages/sdk/README.md']
/** Where the blocks' modules and the compiled CLI go: under node_modules, so imports resolve. */
const CACHE = join(ROOT, 'node_modules', '.cache', 'tuike-walkthrough')

interface Block {
  file: string
  line: number
  lang: 'sh' | 'ts'
  text: string
  skip?: string
}

/** The fenced sh and ts blocks of a README, with their skip reasons. */
function blocksOf(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n')
  const out: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(sh|ts)\s*$/.exec(lines[i]!)
    if (!open) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!)
    const before = lines.slice(Math.max(0, start - 2), start).join('\n')
    const skip = /<!-- walkthrough: skip \((.+)\) -->/.exec(before)?.[1]
    out.push({ file, line: start + 1, lang: open[1] as 'sh' | 'ts', text: body.join('\n'), skip })
  }
  return out
}

interface Demo {
  url: string
  /** The server's database (npm start's is sqlite:./.tuike/tuike.db). */
  db: string
  adminKey: string
  appid: string
  secret: string
  iappid: string
  isecret: string
}

/** What a reader types in place of the README's placeholders. */
function fillIn(text: string, demo: Demo): string {
  const cli = join(CACHE, 'cli', 'main.js')
  const values: Record<string, string> = {
    APPID: demo.appid,
    SECRET: demo.secret,
    TUIKE_APPID: demo.appid,
    TUIKE_APPSECRET: demo.secret,
    IAPPID: demo.iappid,
    ISECRET: demo.isecret,
    ADMIN_KEY: demo.adminKey,
    TUIKE_ADMIN_KEY: demo.adminKey,
  }
  return text
    .replaceAll('http://127.0.0.1:8787', demo.url)
    .replaceAll('sqlite:./.tuike/tuike.db', demo.db)
    .replace(/\b([A-Z_]+)=(wx…|tka_…|…)(?=\s|$)/g, (m, name: string) =>
      name in values ? `${name}=${values[name]}` : m,
    )
    .replace(/\bnpx tuike\b/g, `node ${cli}`)
}

/** Run a command; resolves with its exit code and output. */
function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString()
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

/** A WeChat-style error printed by a block: `"errcode":` with a non-zero code. */
function errorIn(out: string): string | undefined {
  return /\{[^{}\n]*"errcode":\s*"?(-?[1-9]\d*)[^\n]*/.exec(out)?.[0]
}

/** A secure-mode promoter_bind_result push to the 机构, signed as WeChat signs it. */
function signedCallback(appid: string): { url: string; body: string } {
  const key = wechatAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')
  const event = { ToUserName: 'gh_demo', Event: 'promoter_bind_result', CreateTime: 1 }
  const encrypt = wechatEncrypt(key, JSON.stringify(event), appid)
  const [timestamp, nonce] = [String(Math.floor(Date.now() / 1000)), 'walkthrough']
  const query = new URLSearchParams({
    timestamp,
    nonce,
    encrypt_type: 'aes',
    signature: wechatSignature('myToken', timestamp, nonce),
    msg_signature: wechatSignature('myToken', timestamp, nonce, encrypt),
  })
  return {
    url: `http://127.0.0.1:9999/wx?${query}`,
    body: JSON.stringify({ ToUserName: 'gh_demo', Encrypt: encrypt }),
  }
}

const PRELUDE: Record<string, string> = {
  appId: 'const appId = process.env.TUIKE_APPID!',
  appSecret: 'const appSecret = process.env.TUIKE_APPSECRET!',
  institutionAppId: 'const institutionAppId = process.env.WALKTHROUGH_IAPPID!',
  institutionSecret: 'const institutionSecret = process.env.WALKTHROUGH_ISECRET!',
  client:
    "const client = new (await import('@tuike/sdk')).TuikeClient({ appId: process.env.TUIKE_APPID!, appSecret: process.env.TUIKE_APPSECRET!, baseURL: process.env.TUIKE_BASE_URL! })",
  pid: 'const pid = process.env.WALKTHROUGH_PID!',
  token: "const token = 'myToken'",
  encodingAesKey: "const encodingAesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'",
  appid: 'const appid = process.env.WALKTHROUGH_IAPPID!',
  refresh: 'const refresh = async (_: unknown) => {}',
  url: 'const url = process.env.WALKTHROUGH_CALLBACK_URL!',
  rawText: 'const rawText = process.env.WALKTHROUGH_CALLBACK_BODY!',
  load: 'const kept = new Map<string, any>(); const load = async (k: string) => kept.get(k)',
  save: 'const save = async (k: string, v: unknown) => { kept.set(k, v) }',
  PromotionConflictError: "const { PromotionConflictError } = await import('@tuike/sdk')",
  TuikeClient: "const { TuikeClient } = await import('@tuike/sdk')",
  toFen: "const { toFen } = await import('@tuike/sdk')",
}

/** Servers a block starts listen on a free port and close once it is done. */
const SERVERS = `import { Server as __Server } from 'node:http'
const __listen = __Server.prototype.listen
__Server.prototype.listen = function (this: __Server) {
  const s = __listen.call(this, 0, '127.0.0.1') as __Server
  setTimeout(() => s.close(), 300)
  return s
} as never
`

/** A ts block as a module: what it uses but does not define comes from the prelude. */
function moduleOf(block: Block, demo: Demo): string {
  const text = fillIn(block.text, demo)
  const declared = (name: string) =>
    new RegExp(
      `(const|let|function|import)\\s+(\\{[^}]*)?\\b${name}\\b|\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=`,
    ).test(text)
  const prelude = Object.entries(PRELUDE)
    .filter(([name]) => new RegExp(`\\b${name}\\b`).test(text) && !declared(name))
    .map(([, line]) => line)
  // Imports first (a module's imports are hoisted anyway), then the prelude, then the rest.
  const imports = text.match(/^import [^;]*?from '[^']+'\n/gms) ?? []
  const rest = imports.reduce((t, i) => t.replace(i, ''), text)
  return [SERVERS, ...imports, ...prelude, rest, ''].join('\n')
}

test('no block that runs leaves an <angle-bracket> placeholder for the reader', () => {
  for (const file of READMES) {
    for (const b of blocksOf(file).filter((x) => !x.skip)) {
      const code = b.text.replace(/(^|\s)(#|\/\/).*$/gm, '')
      assert.doesNotMatch(code, /<[A-Za-z][\w-]*>/, `${b.file}:${b.line}`)
    }
  }
})

describe('README walkthrough: every snippet runs against the demo data', () => {
  let server: ServeProcess
  let demo: Demo
  let dir: string
  let env: NodeJS.ProcessEnv
  const skipped: string[] = []

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tuike-readme-'))
    server = await startServeProcess(
      ['--db', `sqlite:${join(dir, 'demo.db')}`, '--port', '0', '--allow-private-webhooks'],
      { env: { ...process.env, TUIKE_ADMIN_KEY: '' } },
    )
    const inst = /机构[^\n]*\n\s+appid: +(wx[0-9a-f]{16})\n\s+secret: +([0-9a-f]{32})/.exec(
      server.out,
    )
    assert.ok(server.adminKey && server.demo && inst, server.out)
    demo = {
      url: server.url,
      db: `sqlite:${join(dir, 'demo.db')}`,
      adminKey: server.adminKey,
      ...server.demo,
      iappid: inst[1]!,
      isecret: inst[2]!,
    }
    mkdirSync(CACHE, { recursive: true })
    // Under node_modules a file is CommonJS unless its own package.json says otherwise.
    writeFileSync(join(CACHE, 'package.json'), '{"type":"module"}')
    const built = await run(
      process.execPath,
      [join(ROOT, 'scripts', 'build.mjs'), join(CACHE, 'cli')],
      {
        cwd: ROOT,
        env: process.env,
        timeoutMs: 60_000,
      },
    )
    assert.equal(built.code, 0, built.out)
    const home = join(dir, 'home')
    mkdirSync(home)
    env = {
      ...process.env,
      HOME: home,
      TUIKE_CONFIG_DIR: join(home, '.config', 'tuike'),
      TUIKE_APPSECRET: demo.secret,
      NO_COLOR: '1',
    }
  })
  after(async () => {
    await server?.stop('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
    if (skipped.length) console.log(`not run:\n  ${skipped.join('\n  ')}`)
  })

  for (const file of READMES) {
    test(`${file}: the sh blocks, in order`, async () => {
      const blocks = blocksOf(file).filter((b) => b.lang === 'sh')
      const script = blocks
        .map((b) => {
          if (b.skip) {
            skipped.push(`${b.file}:${b.line}: ${b.skip}`)
            return ''
          }
          return `echo '@@@ ${b.file}:${b.line}'\n${fillIn(b.text, demo)}\n`
        })
        .join('\n')
      const { code, out } = await run('bash', ['-e', '-o', 'pipefail', '-c', script], {
        cwd: dir,
        env,
        timeoutMs: 240_000,
      })
      const last = out.lastIndexOf('@@@')
      assert.equal(code, 0, `failed in ${out.slice(last, last + 4000)}`)
      for (const part of out.split('@@@ ').slice(1)) {
        const err = errorIn(part)
        assert.equal(err, undefined, `${part.split('\n')[0]}: ${err}`)
      }
    })

    test(`${file}: the ts blocks`, async () => {
      const cache = CACHE
      for (const block of blocksOf(file).filter((b) => b.lang === 'ts')) {
        if (block.skip) {
          skipped.push(`${block.file}:${block.line}: ${block.skip}`)
          continue
        }
        const path = join(cache, `${block.file.replace(/\W/g, '-')}-${block.line}.ts`)
        writeFileSync(path, moduleOf(block, demo))
        const { code, out } = await run(process.execPath, ['--import', 'tsx', path], {
          cwd: ROOT,
          env: { ...env, TUIKE_APPID: demo.appid, TUIKE_BASE_URL: demo.url, ...(await extras()) },
          timeoutMs: 60_000,
        })
        assert.equal(code, 0, `${block.file}:${block.line}:\n${out}`)
      }
    })
  }

  let extra: Record<string, string> | undefined
  /** Values of the ts prelude taken from the demo: a spot, and one signed 机构 callback. */
  async function extras(): Promise<Record<string, string>> {
    if (extra) return extra
    const token = await (
      await fetch(
        `${demo.url}/cgi-bin/token?grant_type=client_credential&appid=${demo.appid}&secret=${demo.secret}`,
      )
    ).json()
    const spots = await (
      await fetch(
        `${demo.url}/union/promoter/promotion/list?access_token=${token.access_token}&start=0&limit=1`,
      )
    ).json()
    const callback = signedCallback(demo.iappid)
    extra = {
      WALKTHROUGH_PID: spots.promotionSourceList[0].promotionSourcePid,
      WALKTHROUGH_IAPPID: demo.iappid,
      WALKTHROUGH_ISECRET: demo.isecret,
      WALKTHROUGH_CALLBACK_URL: callback.url,
      WALKTHROUGH_CALLBACK_BODY: callback.body,
    }
    return extra
  }
})
