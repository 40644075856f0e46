/**
 * Brute force against /cgi-bin/token (issue 15 item 3): while one appid takes ~10 wrong guesses
 * a second, how long do other accounts' correct token calls take? Target: under 0.5 s.
 *
 * Two runs on a fresh SQLite `tuike serve` each: `limited` (the defaults: 10 failures per appid
 * per minute, then 45011 before hashing) and `unlimited` (`--failed-secret-limit 0
 * --failed-address-limit 0`: every guess costs a scrypt, as before the limits). The victims'
 * calls are of two kinds: `first` (an account whose secret this instance never verified: a real
 * scrypt) and `repeat` (the same account again: recognised without scrypt).
 *
 *   node --import tsx bench/brute-force.ts [--seconds 20] [--rate 10]
 * @module
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { flag, saveResults, stopProcess } from './_harness.ts'

const SECONDS = Number(flag('seconds', '20'))
const RATE = Number(flag('rate', '10'))
const KEY = 'tka_bench-brute-force-admin-key-0000000'
const BIN = join(import.meta.dirname, '..', 'packages', 'cli', 'bin', 'tuike.js')

interface Account {
  appid: string
  secret: string
}

function start(db: string, extra: string[]) {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--db', db, '--seed', 'none', '--admin-key', KEY, ...extra],
    { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, TUIKE_ADMIN_KEY: '' } },
  )
  let out = ''
  return new Promise<{ child: typeof child; url: string }>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      const url = out.match(/listening on (http:\/\/\S+)/)?.[1]
      if (url) resolve({ child, url })
    })
    child.once('exit', (code) => reject(new Error(`tuike serve exited ${code}: ${out}`)))
  })
}

async function create(url: string, name: string): Promise<Account> {
  const res = await fetch(`${url}/admin/v1/promoters`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  })
  return (await res.json()) as Account
}

/** A token call from client address `from` (the server runs with --trust-proxy). */
async function tokenCall(
  url: string,
  a: Account,
  from = '203.0.113.10',
): Promise<{ ms: number; errcode: number }> {
  const t = performance.now()
  const res = await fetch(
    `${url}/cgi-bin/token?grant_type=client_credential&appid=${a.appid}&secret=${a.secret}`,
    { headers: { 'x-forwarded-for': from } },
  )
  const body = (await res.json()) as { errcode?: number }
  return { ms: performance.now() - t, errcode: body.errcode ?? 0 }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!) : 0
}

async function run(name: string, extra: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'tuike-bench-bf-'))
  // Attacker and victims come from other addresses, as they would (X-Forwarded-For).
  const node = await start(`sqlite:${join(dir, 'bf.db')}`, ['--trust-proxy', ...extra])
  try {
    const target = await create(node.url, 'target')
    const repeat = await create(node.url, 'repeat')
    const fresh = await Promise.all(
      Array.from({ length: SECONDS }, (_, i) => create(node.url, `fresh ${i}`)),
    )
    await tokenCall(node.url, repeat)
    const guesses: Record<string, number> = {}
    let stop = false
    // The attacker: RATE wrong guesses a second, each on its own, none waiting for the last.
    const attack = (async () => {
      const inflight: Promise<void>[] = []
      while (!stop) {
        inflight.push(
          tokenCall(
            node.url,
            { appid: target.appid, secret: 'f'.repeat(32) },
            '198.51.100.66',
          ).then((r) => {
            guesses[r.errcode] = (guesses[r.errcode] ?? 0) + 1
          }),
        )
        await new Promise((r) => setTimeout(r, 1000 / RATE))
      }
      await Promise.all(inflight)
    })()
    const first: number[] = []
    const again: number[] = []
    const errors: number[] = []
    // The victims: once a second a never-verified account, and every 250 ms a known one.
    for (let s = 0; s < SECONDS; s++) {
      const f = await tokenCall(node.url, fresh[s]!)
      first.push(f.ms)
      if (f.errcode) errors.push(f.errcode)
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 250))
        const r = await tokenCall(node.url, repeat)
        again.push(r.ms)
        if (r.errcode) errors.push(r.errcode)
      }
    }
    stop = true
    await attack
    const row = {
      name,
      guesses,
      firstP50: pct(first, 50),
      firstP95: pct(first, 95),
      firstMax: pct(first, 100),
      repeatP50: pct(again, 50),
      repeatP95: pct(again, 95),
      repeatMax: pct(again, 100),
      victimErrors: errors,
    }
    console.log(JSON.stringify(row))
    return row
  } finally {
    await stopProcess(node)
    rmSync(dir, { recursive: true, force: true })
  }
}

const rows = [
  await run('limited', []),
  await run('unlimited', ['--failed-secret-limit', '0', '--failed-address-limit', '0']),
]
saveResults('brute-force', { seconds: SECONDS, rate: RATE, unit: 'ms', rows })
