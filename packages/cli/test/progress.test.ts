/**
 * The progress line: drawn only on a terminal, with phase, rate and ETA, and erased when done.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { progressBar, progressLine } from '../src/progress.ts'

function terminal(isTTY: boolean) {
  const writes: string[] = []
  return { isTTY, columns: 80, writes, write: (s: string) => writes.push(s) }
}

/** A bar on a terminal with a clock the test moves by setting `clock.now`. */
function clockedBar(name: string) {
  const out = terminal(true)
  const clock = { now: 0 }
  return { out, clock, bar: progressBar(name, out, () => clock.now) }
}

test('on a terminal: phase, done/total, rate and ETA; stop erases the line', () => {
  const { out, clock, bar } = clockedBar('seed')
  bar.update(0, 200_000, 'indexes')
  clock.now = 2000
  bar.update(50_000, 200_000, 'indexes')
  const last = out.writes.at(-1)!
  assert.equal(last, '\r\x1b[Kseed indexes  25% 50k/200k  25k/s  ETA 6s')
  bar.stop()
  assert.equal(out.writes.at(-1), '\r\x1b[K', 'the line is erased, nothing like 100% 1/1 stays')
  bar.stop()
  assert.equal(out.writes.length, 3, 'a second stop writes nothing')
})

test('not a terminal: nothing is written', () => {
  const out = terminal(false)
  const bar = progressBar('orders', out)
  bar.update(1, 1)
  bar.stop()
  assert.deepEqual(out.writes, [])
})

test('redrawn at most ten times a second, but always at the end', () => {
  const { out, clock, bar } = clockedBar('export')
  for (let i = 1; i <= 100; i++) {
    clock.now = i
    bar.update(i, 100)
  }
  assert.equal(out.writes.length, 2, 'the first draw and the final one')
  assert.match(out.writes.at(-1)!, /100% 100\/100/)
})

test('a new phase restarts the rate', () => {
  const { out, clock, bar } = clockedBar('seed')
  bar.update(0, 100, 'rows')
  clock.now = 1000
  bar.update(100, 100, 'rows')
  bar.update(0, 10, 'indexes')
  assert.equal(out.writes.at(-1), '\r\x1b[Kseed indexes  0% 0/10')
})

test('progressLine: long counts are shortened', () => {
  assert.equal(progressLine('products', '', 5, 10, 0), 'products  50% 5/10')
  assert.equal(
    progressLine('orders', 'rows', 1_500_000, 5_000_000, 250_000),
    'orders rows  30% 1500k/5000k  250k/s  ETA 14s',
  )
})
