/**
 * A success answer means the order is stored: 1,000 concurrent purchases against a real
 * `tuike serve` process, kill -9 mid-way, restart, and every purchase that was answered with an
 * orderId is there, once; stock taken equals the orders stored (order and stock commit together).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { accessToken, startFileServe } from '@tuike/testkit'
import Database from 'better-sqlite3'
import { stockedCodes } from './serve-process.ts'

const ADMIN_KEY = 'tka_durability-test-admin-key-000000'

test('every purchase answered with success survives kill -9, exactly once', {
  timeout: 300_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuike-durability-'))
  const file = join(dir, 'tuike.db')
  try {
    const first = await startFileServe(file, ADMIN_KEY, 'demo')
    const token = (url: string) => accessToken((path) => fetch(`${url}${path}`), first.demo!)
    let t = await token(first.url)
    const spots = (await (
      await fetch(`${first.url}/union/promoter/promotion/list?access_token=${t}`)
    ).json()) as {
      promotionSourceList: { promotionSourcePid: string }[]
    }
    const pid = spots.promotionSourceList[0]!.promotionSourcePid

    const sqlite = new Database(file)
    sqlite.pragma('busy_timeout = 5000')
    const { codes, pks } = await stockedCodes(sqlite, first.url, t, pid)
    const ordersBefore = (sqlite.prepare('select count(*) n from orders').get() as { n: number }).n

    const answered: string[] = []
    let killed = false
    const buys = Array.from({ length: 1000 }, async (_, i) => {
      try {
        const res = await fetch(`${first.url}/admin/v1/purchases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ code: codes[i % codes.length] }),
        })
        if (res.status !== 201) return
        const { orderId } = (await res.json()) as { orderId: string }
        answered.push(orderId)
        if (answered.length >= 300 && !killed) {
          killed = true
          first.child.kill('SIGKILL')
        }
      } catch {
        // Cut off by the kill: no answer, no promise.
      }
    })
    await Promise.all(buys)
    assert.ok(killed, 'the server was killed mid-way')
    assert.ok(answered.length >= 300 && answered.length < 1000, `answered ${answered.length}`)
    sqlite.close()

    const second = await startFileServe(file, ADMIN_KEY, 'none')
    try {
      t = await token(second.url)
      const found: string[] = []
      for (let i = 0; i < answered.length; i += 200) {
        const res = (await (
          await fetch(`${second.url}/union/promoter/order/info?access_token=${t}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ orderIdList: answered.slice(i, i + 200) }),
          })
        ).json()) as {
          orderList: {
            orderId: string
            productList: { promotionInfo: { promotionSourcePid: string } }[]
          }[]
        }
        for (const o of res.orderList) {
          assert.equal(o.productList[0]!.promotionInfo.promotionSourcePid, pid)
          found.push(o.orderId)
        }
      }
      assert.equal(new Set(answered).size, answered.length, 'no id answered twice')
      assert.deepEqual(found.sort(), [...answered].sort(), 'every answered purchase is stored')

      const check = new Database(file, { readonly: true })
      const stored =
        (check.prepare('select count(*) n from orders').get() as { n: number }).n - ordersBefore
      const taken = (
        check
          .prepare(
            `select sum(1000000 - stock) n from skus where product_pk in (${pks.join(',')}) and stock <= 1000000`,
          )
          .get() as { n: number }
      ).n
      check.close()
      assert.ok(stored >= answered.length, `${stored} stored, ${answered.length} answered`)
      assert.equal(
        taken,
        stored,
        'stock taken equals orders stored: both commit together or neither',
      )
    } finally {
      second.child.kill('SIGTERM')
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
