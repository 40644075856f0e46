import assert from 'node:assert/strict'
import { test } from 'node:test'
import { commaList as cCommaList, jsonText as cJsonText } from '@tuike/contract'
import { commaList, jsonText, ratioToPercent, toBool, toFen, toInt } from '../src/index.ts'
import { recordingClient, TOKEN } from './support.ts'

test('listAll pages with from/limit 50, stops at total, and survives an empty page', async () => {
  const total = 120
  const { client, api } = recordingClient((req) => {
    if (req.url.pathname.startsWith('/cgi-bin/')) return { access_token: TOKEN, expires_in: 7200 }
    const from = Number(req.url.searchParams.get('from'))
    const limit = Number(req.url.searchParams.get('limit'))
    const n = Math.max(0, Math.min(limit, total - from))
    return {
      errcode: 0,
      productList: Array.from({ length: n }, (_, i) => ({ productId: String(from + i) })),
      total,
    }
  })
  const ids: string[] = []
  for await (const p of client.products.listAll({ category: ['1'] })) ids.push(p.productId)
  assert.equal(ids.length, 120)
  assert.deepEqual(
    api().map((c) => c.url.searchParams.get('from')),
    ['0', '50', '100'],
  )
  assert.ok(api().every((c) => c.url.searchParams.get('limit') === '50'))
  assert.ok(api().every((c) => c.url.searchParams.get('category') === '1'))
})

test('an empty page stops paging even when total says more', async () => {
  const { client, api } = recordingClient((req) =>
    req.url.pathname.startsWith('/cgi-bin/')
      ? { access_token: TOKEN, expires_in: 7200 }
      : { errcode: 0, promotionSourceList: [], total: 1, promotionMaxCnt: 100 },
  )
  const out = []
  for await (const p of client.promotions.listAll()) out.push(p)
  assert.equal(out.length, 0)
  assert.equal(api().length, 1)
})

test('searchAll splits windows, pages 1-based, re-walks a shifting window and dedupes', async () => {
  // Orders 1 per hour over two days, newest first; a new order lands while window 1 is paged.
  const base = 1_700_000_000
  const orders = Array.from({ length: 48 }, (_, i) => ({
    orderId: `o${i}`,
    payTime: base + i * 3600,
  }))
  let injected = false
  const { client, api } = recordingClient((req) => {
    if (req.url.pathname.startsWith('/cgi-bin/')) return { access_token: TOKEN, expires_in: 7200 }
    const q = req.url.searchParams
    const start = Number(q.get('startTimestamp'))
    const end = Number(q.get('endTimestamp'))
    const page = Number(q.get('page'))
    const size = Number(q.get('pageSize'))
    if (page === 2 && !injected) {
      injected = true
      orders.push({ orderId: 'late', payTime: base + 60 })
    }
    const match = orders
      .filter((o) => o.payTime >= start && o.payTime <= end)
      .sort((a, b) => b.payTime - a.payTime || a.orderId.localeCompare(b.orderId))
    return {
      errcode: 0,
      orderList: match.slice((page - 1) * size, page * size),
      pageSize: size,
      totalNum: match.length,
    }
  })
  const seen: string[] = []
  for await (const o of client.orders.searchAll({
    since: base,
    until: base + 48 * 3600,
    pageSize: 5,
    windowSeconds: 86_400,
  })) {
    seen.push(o.orderId)
  }
  assert.equal(new Set(seen).size, seen.length, 'no repeats')
  assert.equal(seen.length, 49, 'no skips, including the late order')
  assert.ok(seen.includes('late'))
  assert.equal(api()[0].url.searchParams.get('page'), '1')
  assert.ok(api().every((c) => !c.rawQuery.includes('commissionStatus')))
})

test('searchAll by commission update time and status sends the update-time window', async () => {
  const { client, api } = recordingClient((req) =>
    req.url.pathname.startsWith('/cgi-bin/')
      ? { access_token: TOKEN, expires_in: 7200 }
      : { errcode: 0, orderList: [], pageSize: 200, totalNum: 0 },
  )
  for await (const _ of client.orders.searchAll({
    since: new Date(1_700_000_000_000),
    until: 1_700_000_100,
    status: 'SETTLEMENT_SUCCESS',
    by: 'commissionUpdateTime',
  })) {
  }
  assert.equal(
    api()[0].rawQuery.replace(/&access_token=.*/, ''),
    'page=1&pageSize=200&commissionStatus=SETTLEMENT_SUCCESS&sortByCommissionUpdateTime=1' +
      '&startCommissionUpdateTime=1700000000&endCommissionUpdateTime=1700000100',
  )
  await assert.rejects(async () => {
    for await (const _ of client.orders.searchAll({ since: Date.now() })) {
    }
  }, /Unix seconds/)
})

test('lenient helpers: money, ratios, ints, flags', () => {
  assert.equal(toFen('¥0.20'), 20)
  assert.equal(toFen('¥0'), 0)
  assert.equal(toFen('¥12.5'), 1250)
  assert.equal(toFen('123.45'), 12345)
  assert.equal(toFen('-'), null)
  assert.equal(toFen(''), null)
  assert.equal(toFen(20), 20)
  assert.equal(ratioToPercent(8000), 80)
  assert.equal(ratioToPercent('9000'), 90)
  assert.equal(ratioToPercent(500), 5)
  assert.equal(toInt('100'), 100)
  assert.equal(toInt(20000), 20000)
  assert.equal(toInt('1.5'), null)
  assert.equal(toBool('1'), true)
  assert.equal(toBool(0), false)
})

test('commaList and jsonText behave like the contract encoders', () => {
  for (const v of [undefined, [], ['a'], ['a', 'b'], [1, 2]] as const) {
    assert.equal(commaList(v as string[] | undefined), cCommaList(v as string[] | undefined))
  }
  for (const v of [undefined, { a: 1 }, [{ b: '中' }]]) assert.equal(jsonText(v), cJsonText(v))
})
