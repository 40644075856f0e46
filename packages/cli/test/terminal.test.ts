/**
 * The CLI on a real terminal: `script` (util-linux) gives the binary a pseudo-terminal, and the
 * test reads exactly what the terminal would show.
 */
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { BIN } from './support.ts'

const hasScript = spawnSync('script', ['--version']).status === 0

/** Run `tuike …args` on a pseudo-terminal; `answer(shown)` returns what to type, once. */
function onTerminal(
  args: string[],
  env: Record<string, string>,
  answer: { after: string; type: string },
): Promise<string> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ')
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { PATH: process.env.PATH, TERM: 'xterm', ...env },
    })
    let shown = ''
    let typed = false
    child.stdout.on('data', (d) => {
      shown += d
      if (!typed && shown.includes(answer.after)) {
        typed = true
        child.stdin.write(answer.type)
      }
    })
    child.on('error', reject)
    child.on('close', () => resolve(shown))
  })
}

test('login: the secret prompt stays on screen and what is typed is not shown', {
  skip: !hasScript && 'needs script(1)',
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuike-tty-'))
  try {
    const secret = 'f'.repeat(32)
    const shown = await onTerminal(
      ['login', '--appid', 'wx0123456789abcdef', '--base-url', 'http://127.0.0.1:9', '--no-verify'],
      { TUIKE_CONFIG_DIR: dir, HOME: dir },
      { after: 'appsecret for wx0123456789abcdef: ', type: `${secret}\r` },
    )
    const prompt = shown.indexOf('appsecret for wx0123456789abcdef: ')
    assert.ok(prompt >= 0, shown)
    const after = shown.slice(prompt)
    // Nothing moves the cursor back over the prompt or clears the line after it.
    const erase = new RegExp(`${String.fromCharCode(27)}\\[\\d*[GJK]`)
    assert.doesNotMatch(after, erase, JSON.stringify(after))
    assert.ok(!shown.includes(secret), 'the secret is not echoed')
    assert.match(after, /Saved: profile "default"/)
    const saved = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))
    assert.equal(saved.profiles.default.secret, secret)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
