import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import type { KyselyPlugin } from 'kysely'
import { createTuike } from '../src/app.ts'
import { silentLogger } from '../src/log.ts'
import {
  ADD,
  adminCall,
  CATEGORY,
  createTestPlatform,
  eachDialect,
  LIST,
  listen,
  oneLineOrder,
  openForSuite,
  SEARCH,
} from './support.ts'

const KEY = 'tka_test-admin-key-faults-0123456789'

eachDialect('sandbox faults', (dialect) => {
  const p = openForSuite(() =>
    createTestPlatform(dialect, {
      config: { faults: true, allowPrivateWebhooks: true },
      adminKey: KEY,
    }),
  )

  const admin = (method: string, path: string, body?: unknown) =>
    adminCall((path, init) => p.app.request(path, init), KEY, method, path, body)
  const addRule = async (rule: Record<string, unknown>) => {
    const res = await admin('POST', '/admin/v1/faults', rule)
    assert.equal(res.status, 201, JSON.stringify(res.body))
    return res.body.faultId as string
  }
  const removeAll = async () => {
    for (const f of (await admin('GET', '/admin/v1/faults')).body.faults)
      await admin('DELETE', `/admin/v1/faults/${f.faultId}`)
  }

  test('rules are checked: errcode of the catalogue, endpoint ids of the contract, latency', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'errcode' }, /^errcode: required/],
      [{ kind: 'errcode', errcode: 12345 }, /^errcode: not an errcode of the catalogue/],
      [{ kind: 'drop', endpoint: 'order/nope' }, /^endpoint: not an endpoint id/],
      [{ kind: 'latency' }, /^latencyMs: required/],
      [{ kind: 'drop', rate: 0 }, /^rate: /],
      [{ kind: 'paging-drift', endpoint: 'product/list' }, /^endpoint: paging-drift acts on/],
      [{ kind: 'boom' }, /^kind: /],
    ]
    for (const [body, message] of cases) {
      const res = await admin('POST', '/admin/v1/faults', body)
      assert.equal(res.status, 400)
      assert.equal(res.body.errcode, 200002)
      assert.match(res.body.errmsg, message)
    }
    const missing = await admin('DELETE', '/admin/v1/faults/f_nope')
    assert.equal(missing.status, 404)
  })

  test('an errcode rule answers WeChat errmsg with a rid for the next `times` calls, and is logged', async () => {
    const { appid, token } = await p.promoter()
    const faultId = await addRule({
      kind: 'errcode',
      errcode: 45011,
      appid,
      endpoint: 'product/category',
      times: 2,
    })
    const answers = []
    for (let i = 0; i < 3; i++) answers.push(await p.get(CATEGORY, token))
    assert.equal(answers[0].errcode, 45011)
    assert.match(
      answers[0].errmsg,
      /^api minute-quota reach limit rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/,
    )
    assert.equal(answers[1].errcode, 45011)
    assert.equal(answers[2].errcode, 0)
    const rule = (await admin('GET', '/admin/v1/faults')).body.faults.find(
      (f: any) => f.faultId === faultId,
    )
    assert.equal(rule.fired, 2)
    assert.equal(rule.matched, 3)
    const log = (await admin('GET', '/admin/v1/faults/log')).body.entries.filter(
      (e: any) => e.faultId === faultId,
    )
    assert.equal(log.length, 2)
    assert.deepEqual(
      {
        appid: log[0].appid,
        endpoint: log[0].endpoint,
        kind: log[0].kind,
        detail: log[0].detail,
      },
      { appid, endpoint: 'product/category', kind: 'errcode', detail: '45011' },
    )
    // Another account is not matched.
    const other = await p.promoter('other')
    await addRule({ kind: 'errcode', errcode: -1, appid })
    assert.equal((await p.get(CATEGORY, other.token)).errcode, 0)
    assert.equal((await p.get(CATEGORY, token)).errcode, -1)
    await removeAll()
  })

  test('two instances on one database: no rules costs no rules query; a rule added on one applies on the next call of the other', async () => {
    // A second app over the same database (its own process-local rule cache), counting the
    // queries that read fault_rules.
    let ruleQueries = 0
    const spy: KyselyPlugin = {
      transformQuery(args) {
        if (JSON.stringify(args.node).includes('"fault_rules"')) ruleQueries++
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const other = await createTuike({
      db: p.database.db.withPlugin(spy),
      log: silentLogger,
      config: { faults: true },
    })
    const { appid, token } = await p.promoter()
    const call = async () => {
      const res = await other.app.request(`${CATEGORY}?access_token=${token}`)
      return ((await res.json()) as { errcode: number }).errcode
    }
    await removeAll()
    await call() // fills the cache
    ruleQueries = 0
    for (let i = 0; i < 5; i++) assert.equal(await call(), 0)
    assert.equal(ruleQueries, 0, 'with no rules, calls read no fault rules')
    const id = await addRule({
      kind: 'errcode',
      errcode: 45009,
      appid,
      endpoint: 'product/category',
    })
    assert.equal(
      await call(),
      45009,
      'the rule applies on the very next call of the other instance',
    )
    assert.equal(await call(), 45009)
    await admin('DELETE', `/admin/v1/faults/${id}`)
    assert.equal(await call(), 0, 'and stops on the next call once removed')
    // A rule of another account: cached, drawn in memory, and no rules query for this one.
    await addRule({ kind: 'errcode', errcode: -1, appid: 'wx_someone_else' })
    await call()
    ruleQueries = 0
    assert.equal(await call(), 0)
    assert.equal(ruleQueries, 0, 'a rule that cannot match costs no query either')
    await removeAll()
  })

  test('a rate rule fires from its seed: the same calls replay the same faults', async () => {
    const { appid, token } = await p.promoter()
    const run = async () => {
      const id = await addRule({ kind: 'errcode', errcode: -1, appid, rate: 0.3, seed: 42 })
      const pattern = []
      for (let i = 0; i < 30; i++) pattern.push((await p.get(CATEGORY, token)).errcode)
      await admin('DELETE', `/admin/v1/faults/${id}`)
      return pattern
    }
    const first = await run()
    assert.deepEqual(await run(), first)
    const fired = first.filter((e) => e === -1).length
    assert.ok(fired > 0 && fired < 30, `30 % of 30 calls fired: ${fired}`)
    const other = await addRule({ kind: 'errcode', errcode: -1, appid, rate: 0.3, seed: 7 })
    const pattern = []
    for (let i = 0; i < 30; i++) pattern.push((await p.get(CATEGORY, token)).errcode)
    assert.notDeepEqual(pattern, first, 'another seed draws otherwise')
    await admin('DELETE', `/admin/v1/faults/${other}`)
  })

  test('a faulted write did not happen; a delayed write that answers did', async () => {
    const { appid, token } = await p.promoter()
    await addRule({ kind: 'errcode', errcode: -1, appid, endpoint: 'promotion/add', times: 1 })
    assert.equal((await p.post(ADD, token, { promotionSourceName: 'a' })).errcode, -1)
    assert.equal((await p.get(LIST, token, { start: 0, limit: 10 })).total, 0)
    await addRule({
      kind: 'latency',
      latencyMs: 20,
      jitterMs: 10,
      appid,
      endpoint: 'promotion/add',
      times: 1,
    })
    assert.equal((await p.post(ADD, token, { promotionSourceName: 'a' })).errcode, 0)
    assert.equal((await p.get(LIST, token, { start: 0, limit: 10 })).total, 1)
    const log = (await admin('GET', '/admin/v1/faults/log')).body.entries
    assert.match(log[0].detail, /^latency ([12]\d|30)ms$/)
    await removeAll()
  })

  test('invalidate-tokens: the live tokens stop working at once (40001, or 42001); a new one works', async () => {
    const { appid, secret, token } = await p.promoter()
    assert.equal((await p.get(CATEGORY, token)).errcode, 0)
    await addRule({ kind: 'invalidate-tokens', appid, times: 1 })
    assert.equal((await p.get(CATEGORY, token)).errcode, 40001)
    assert.equal((await p.get(CATEGORY, token)).errcode, 40001, 'the token stays dead')
    const fresh = await p.app.request(
      `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
    )
    const next = ((await fresh.json()) as any).access_token
    assert.equal((await p.get(CATEGORY, next)).errcode, 0)
    await addRule({ kind: 'invalidate-tokens', errcode: 42001, appid, times: 1 })
    assert.equal((await p.get(CATEGORY, next)).errcode, 42001)
    assert.equal((await p.get(CATEGORY, next)).errcode, 42001)
  })

  test('X-Tuike-Fault: an errcode, a latency, a bad value; refused by a server without --faults', async () => {
    const { token } = await p.promoter()
    const call = async (value: string) => {
      const res = await p.app.request(`${CATEGORY}?access_token=${token}`, {
        headers: { 'x-tuike-fault': value },
      })
      return (await res.json()) as any
    }
    assert.equal((await call('45011')).errcode, 45011)
    assert.equal((await call('latency=5')).errcode, 0)
    const bad = await call('sometimes')
    assert.equal(bad.errcode, 200002)
    assert.match(
      bad.errmsg,
      /^X-Tuike-Fault: "sometimes" is not one of <errcode>, latency=<ms>, drop rid: /,
    )
    assert.equal((await call('99999')).errcode, 200002)
    const log = (await admin('GET', '/admin/v1/faults/log')).body.entries
    assert.deepEqual(
      [log[0].faultId, log[0].detail, log[1].detail],
      ['header', 'latency 5ms', '45011'],
    )

    const plain = await createTestPlatform(dialect)
    try {
      const t = (await plain.promoter()).token
      const res = await plain.app.request(`${CATEGORY}?access_token=${t}`, {
        headers: { 'x-tuike-fault': '45011' },
      })
      const body = (await res.json()) as any
      assert.equal(body.errcode, 48001)
      assert.match(
        body.errmsg,
        /X-Tuike-Fault is honoured only by a sandbox server started with --faults/,
      )
    } finally {
      await plain.close()
    }
  })

  test('drop closes the connection without an answer, and the write did not happen', async () => {
    const { appid, token } = await p.promoter()
    const server = await listen(p.app)
    const base = server.url
    try {
      await addRule({ kind: 'drop', appid, endpoint: 'promotion/add', times: 1 })
      const add = () =>
        fetch(`${base}${ADD}?access_token=${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ promotionSourceName: 'd' }),
        })
      await assert.rejects(add(), TypeError)
      assert.equal((await p.get(LIST, token, { start: 0, limit: 10 })).total, 0)
      await assert.rejects(
        fetch(`${base}${CATEGORY}?access_token=${token}`, {
          headers: { 'x-tuike-fault': 'drop' },
        }),
        TypeError,
      )
      assert.equal(((await (await add()).json()) as any).errcode, 0)
    } finally {
      await server.close()
      await removeAll()
    }
  })

  test('duplicate-deliveries sends each delivery again, same id and body, within the window', async () => {
    const { appid } = await p.promoter()
    const got: { id: string; body: string }[] = []
    const receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => {
        body += c
      })
      req.on('end', () => {
        got.push({ id: String(req.headers['tuike-webhook-id']), body })
        res.end('ok')
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    try {
      const port = (receiver.address() as AddressInfo).port
      await p.services.webhooks.add(appid, `http://127.0.0.1:${port}/hook`)
      const rule = await addRule({ kind: 'duplicate-deliveries', appid, windowMs: 50, seed: 5 })
      for (let i = 0; i < 3; i++) await p.services.orders.create(oneLineOrder(appid))
      while ((await p.services.webhooks.queueStats()).depth > 0)
        await p.services.webhooks.deliverDue()
      // Each copy lands within the window after its delivery; wait for all six by polling.
      while (got.length < 6) await new Promise((r) => setTimeout(r, 20))
      const ids = new Map<string, string[]>()
      for (const g of got) ids.set(g.id, [...(ids.get(g.id) ?? []), g.body])
      assert.equal(ids.size, 3)
      for (const bodies of ids.values()) assert.deepEqual(bodies, [bodies[0], bodies[0]])
      const log = (await admin('GET', '/admin/v1/faults/log')).body.entries.filter(
        (e: any) => e.faultId === rule,
      )
      assert.equal(log.length, 3)
      assert.match(log[0].detail, /^\S+ held \d+ms, copy after \d+ms$/)
      assert.equal(log[0].endpoint, 'webhook')
    } finally {
      receiver.close()
      await removeAll()
    }
  })

  test('paging-drift inserts or refunds an order of the account between two pages', async () => {
    const { appid, token } = await p.promoter()
    const now = Math.floor(Date.now() / 1000)
    for (let i = 0; i < 6; i++)
      await p.services.orders.create(oneLineOrder(appid, {}, { payTime: now - 100 + i }))
    await addRule({ kind: 'paging-drift', appid, endpoint: 'order/search', times: 4, seed: 3 })
    const page = (n: number) =>
      p.get(SEARCH, token, {
        page: n,
        pageSize: 2,
        startTimestamp: now - 200,
        endTimestamp: now + 10,
      })
    await page(1)
    assert.equal(
      (await admin('GET', '/admin/v1/faults/log')).body.entries[0]?.kind === 'paging-drift',
      false,
      'not before the first page',
    )
    for (let n = 2; n <= 5; n++) await page(n)
    const drifts = (await admin('GET', '/admin/v1/faults/log')).body.entries.filter(
      (e: any) => e.kind === 'paging-drift' && e.appid === appid,
    )
    assert.equal(drifts.length, 4)
    const inserts = drifts.filter((d: any) => d.detail.startsWith('insert ')).length
    const refunds = drifts.filter((d: any) => d.detail.startsWith('refund ')).length
    assert.equal(inserts + refunds, 4)
    const all = await page(1)
    assert.equal(all.totalNum, 6 + inserts)
    const canceled = await p.get(SEARCH, token, {
      page: 1,
      pageSize: 50,
      startTimestamp: now - 200,
      endTimestamp: now + 10,
      commissionStatus: 'SETTLEMENT_CANCELED',
    })
    assert.equal(canceled.totalNum, refunds)
    await removeAll()
  })
})

test('the curl examples of docs/sandbox.md that post to the API send JSON as JSON (else the union reads no body, and the fault never lands)', () => {
  const doc = readFileSync(new URL('../../../docs/sandbox.md', import.meta.url), 'utf8')
  const posts = doc
    .split('\n')
    .filter((l) => /^curl .*-XPOST .*\/(union|tuike)\//.test(l) && / -d /.test(l))
  assert.ok(posts.length > 0)
  for (const line of posts) assert.match(line, /-H 'content-type: application\/json'/, line)
})
