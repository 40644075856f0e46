import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ADD, createTestPlatform, DEL, eachDialect, LIST, openForSuite, UPD } from './support.ts'

eachDialect('promotion spots', (dialect) => {
  const p = openForSuite(() => createTestPlatform(dialect))

  test('add returns a pid shaped like WeChat and list shows it in creation order', async () => {
    const { token } = await p.promoter()
    const a = await p.post(ADD, token, { promotionSourceName: '首页' })
    assert.equal(a.errcode, 0)
    assert.equal(a.errmsg, 'ok')
    assert.match(a.pid, /^o[A-Za-z0-9_-]{27}_\d{9,10}$/)
    const b = await p.post(ADD, token, { promotionSourceName: '朋友圈' })
    const list = await p.get(LIST, token, { start: 0, limit: 20 })
    assert.deepEqual(list, {
      errcode: 0,
      errmsg: '',
      promotionSourceList: [
        { promotionSourceName: '首页', promotionSourcePid: a.pid },
        { promotionSourceName: '朋友圈', promotionSourcePid: b.pid },
      ],
      total: 2,
      promotionMaxCnt: 100,
    })
  })

  test('names count characters, not bytes: 20 Chinese characters pass, 21 fail with 200002', async () => {
    const { token } = await p.promoter()
    const ok = await p.post(ADD, token, { promotionSourceName: '推'.repeat(20) })
    assert.equal(ok.errcode, 0)
    const long = await p.post(ADD, token, { promotionSourceName: '推'.repeat(21) })
    assert.equal(long.errcode, 200002)
    assert.match(
      long.errmsg,
      /^promotionSourceName .*20 characters.* rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/,
    )
    const emoji = await p.post(ADD, token, { promotionSourceName: '😀'.repeat(20) })
    assert.equal(emoji.errcode, 0, 'astral characters count once each')
    const empty = await p.post(ADD, token, { promotionSourceName: '' })
    assert.equal(empty.errcode, 200002)
  })

  test('a duplicate name answers 14007, also on rename; a deleted name is free again', async () => {
    const { token } = await p.promoter()
    const a = await p.post(ADD, token, { promotionSourceName: 'A' })
    const b = await p.post(ADD, token, { promotionSourceName: 'B' })
    assert.equal((await p.post(ADD, token, { promotionSourceName: 'A' })).errcode, 14007)
    const clash = await p.post(UPD, token, {
      previousPromotionInfo: { promotionSourcePid: b.pid, promotionSourceName: 'B' },
      promotionInfo: { promotionSourceName: 'A' },
    })
    assert.equal(clash.errcode, 14007)
    assert.equal(
      (await p.post(DEL, token, { promotionSourcePid: a.pid, promotionSourceName: 'A' })).errcode,
      0,
    )
    assert.equal((await p.post(ADD, token, { promotionSourceName: 'A' })).errcode, 0)
  })

  test('del and upd require the current name; an unknown pid is 200002', async () => {
    const { token } = await p.promoter()
    const a = await p.post(ADD, token, { promotionSourceName: 'old' })
    const wrong = await p.post(DEL, token, {
      promotionSourcePid: a.pid,
      promotionSourceName: 'other',
    })
    assert.equal(wrong.errcode, 200002)
    assert.match(wrong.errmsg, /does not match/)
    const unknown = await p.post(DEL, token, {
      promotionSourcePid: 'nope_1',
      promotionSourceName: 'old',
    })
    assert.equal(unknown.errcode, 200002)
    const upd = await p.post(UPD, token, {
      previousPromotionInfo: { promotionSourcePid: a.pid, promotionSourceName: 'old' },
      promotionInfo: { promotionSourceName: 'new' },
    })
    assert.equal(upd.errcode, 0)
    const list = await p.get(LIST, token)
    assert.deepEqual(list.promotionSourceList, [
      { promotionSourceName: 'new', promotionSourcePid: a.pid },
    ])
    const missing = await p.post(UPD, token, {
      previousPromotionInfo: { promotionSourcePid: a.pid },
    })
    assert.equal(missing.errcode, 200002)
    assert.match(missing.errmsg, /^previousPromotionInfo\.promotionSourceName cannot be empty/)
  })

  test('another account cannot see, rename or delete my spots', async () => {
    const me = await p.promoter()
    const other = await p.promoter()
    const a = await p.post(ADD, me.token, { promotionSourceName: 'mine' })
    assert.equal(
      (await p.post(DEL, other.token, { promotionSourcePid: a.pid, promotionSourceName: 'mine' }))
        .errcode,
      200002,
    )
    assert.equal((await p.get(LIST, other.token)).total, 0)
    assert.equal(
      (await p.post(ADD, other.token, { promotionSourceName: 'mine' })).errcode,
      0,
      'names are unique per account',
    )
  })

  test('list pages with start/limit and defaults to 0/20', async () => {
    const { token } = await p.promoter()
    for (let i = 0; i < 25; i++) await p.post(ADD, token, { promotionSourceName: `spot ${i}` })
    const first = await p.get(LIST, token)
    assert.equal(first.promotionSourceList.length, 20)
    assert.equal(first.total, 25)
    const rest = await p.get(LIST, token, { start: 20, limit: 20 })
    assert.deepEqual(
      rest.promotionSourceList.map((s: { promotionSourceName: string }) => s.promotionSourceName),
      ['spot 20', 'spot 21', 'spot 22', 'spot 23', 'spot 24'],
    )
    const past = await p.get(LIST, token, { start: 40, limit: 20 })
    assert.deepEqual(past.promotionSourceList, [])
    assert.equal(past.total, 25, 'a page past the end still counts every live spot')
    assert.equal((await p.get(LIST, token, { start: -1 })).errcode, 200002)
  })

  test('the cap is promotionMaxCnt live spots (14005); deleting frees a slot', async () => {
    const { appid, token } = await p.promoter()
    await p.services.promoters.setPromotionMaxCnt(appid, 3)
    const pids = []
    for (const n of ['a', 'b', 'c'])
      pids.push((await p.post(ADD, token, { promotionSourceName: n })).pid)
    assert.equal((await p.post(ADD, token, { promotionSourceName: 'd' })).errcode, 14005)
    assert.equal((await p.get(LIST, token)).promotionMaxCnt, 3)
    await p.post(DEL, token, { promotionSourcePid: pids[0], promotionSourceName: 'a' })
    assert.equal((await p.post(ADD, token, { promotionSourceName: 'd' })).errcode, 0)
  })

  test('50 parallel adds with one name create exactly one spot', async () => {
    const { token } = await p.promoter()
    const results = await Promise.all(
      Array.from({ length: 50 }, () => p.post(ADD, token, { promotionSourceName: '同名' })),
    )
    const codes = results.map((r) => r.errcode)
    assert.equal(codes.filter((c) => c === 0).length, 1)
    assert.equal(codes.filter((c) => c === 14007).length, 49)
    assert.equal((await p.get(LIST, token)).total, 1)
  })

  test('150 parallel adds with distinct names create exactly promotionMaxCnt spots', async () => {
    const { token } = await p.promoter()
    const results = await Promise.all(
      Array.from({ length: 150 }, (_, i) => p.post(ADD, token, { promotionSourceName: `n${i}` })),
    )
    assert.equal(results.filter((r) => r.errcode === 0).length, 100)
    assert.equal(results.filter((r) => r.errcode === 14005).length, 50)
    const list = await p.get(LIST, token, { start: 0, limit: 200 })
    assert.equal(list.total, 100)
    assert.equal(
      new Set(
        list.promotionSourceList.map((s: { promotionSourcePid: string }) => s.promotionSourcePid),
      ).size,
      100,
    )
  })
})
