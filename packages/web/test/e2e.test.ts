/**
 * End to end in a real browser: Debian's chromium driven by playwright-core against a real
 * `tuike serve --test-clock` process on a temporary SQLite database. Sign-in, a spot, a
 * material, the short link, a purchase, the order in Orders and in the overview chart, then the
 * operator's import and settlement. Screenshots of every page go to test-artifacts/console/.
 * Skips when /usr/bin/chromium is absent (`.ci/run` installs it).
 */
import assert from 'node:assert/strict'

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { CATEGORIES_WITH_A_BAD_LINE, startServeProcess } from '@tuike/testkit'
import type { BrowserContext, Page } from 'playwright-core'

const CHROMIUM = '/usr/bin/chromium'
const ROOT = join(import.meta.dirname, '..', '..', '..')
const SHOTS = join(ROOT, 'test-artifacts', 'console')
const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is not installed (apt-get install -y chromium fonts-noto-cjk); skipping the browser tests`

/** `tuike serve` with a test clock, a fresh admin key and demo data. */
async function serve(dir: string) {
  const server = await startServeProcess(
    ['--port', '0', '--db', `sqlite:${join(dir, 't.db')}`, '--test-clock'],
    { env: { ...process.env, TUIKE_ADMIN_KEY: '', TUIKE_PUBLIC_URL: '' } },
  )
  const { demo, adminKey } = server
  if (!demo || !adminKey) throw new Error(`no credentials in the banner: ${server.out}`)
  return { ...server, ...demo, adminKey }
}

describe('web console in chromium', { skip }, () => {
  let dir: string
  let server: Awaited<ReturnType<typeof serve>>
  let context: BrowserContext
  let page: Page
  const offOrigin: string[] = []

  /** A full-page shot shows what scrolling down would load, so lazy images load first; none may be broken. */
  const shot = async (name: string) => {
    const broken = await page.evaluate(async () => {
      const images = [...document.images]
      for (const img of images) img.loading = 'eager'
      await Promise.all(images.map((img) => img.decode().catch(() => undefined)))
      return images.filter((img) => img.naturalWidth === 0).map((img) => img.src)
    })
    assert.deepEqual(broken, [], `${name}: images that did not load`)
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
  }
  const go = async (path: string) => {
    const res = await page.goto(`${server.url}${path}`)
    assert.ok(res, `no response for ${path}`)
    return res
  }

  before(async () => {
    mkdirSync(SHOTS, { recursive: true })
    dir = mkdtempSync(join(tmpdir(), 'tuike-e2e-'))
    server = await serve(dir)
    const { chromium } = await import('playwright-core')
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      acceptDownloads: true,
    })
    page = context.pages()[0] ?? (await context.newPage())
    page.setDefaultTimeout(20_000)
    context.on('request', (r) => {
      const u = r.url()
      if (!u.startsWith(server.url) && !u.startsWith('data:')) offOrigin.push(u)
    })
  })

  after(async () => {
    await context?.close()
    server?.child.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  })

  test('a wrong secret is refused with a message, and no session cookie is set', async () => {
    await go('/')
    assert.match(page.url(), /\/login$/, 'signed-out visitors land on the sign-in page')
    await page.getByLabel('AppID').fill(server.appid)
    await page.getByLabel('AppSecret').fill('0'.repeat(32))
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('alert').filter({ hasText: 'AppSecret 不正确' }).waitFor()
    assert.equal(await page.getByLabel('AppSecret').inputValue(), '', 'the secret is not echoed')
    const cookies = await context.cookies()
    assert.equal(
      cookies.find((c) => c.name === 'tuike_session'),
      undefined,
    )
    await shot('01-login-failed')
  })

  let shortLink = ''
  let orderId = ''

  test('sign in, add a spot, generate a material, buy through its short link, see the order', async () => {
    await page.getByLabel('AppID').fill(server.appid)
    await page.getByLabel('AppSecret').fill(server.secret)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('heading', { name: '概览', level: 1 }).waitFor()
    const session = (await context.cookies()).find((c) => c.name === 'tuike_session')!
    assert.equal(session.httpOnly, true)
    assert.equal(session.sameSite, 'Strict')
    const storage = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    )
    assert.equal(storage.includes(server.secret), false, 'the secret is in no browser storage')
    assert.equal((await page.content()).includes(server.secret), false)
    await shot('02-overview')

    // Spots: add one.
    await page.getByRole('link', { name: '推广位', exact: true }).click()
    await page.getByLabel('推广位名称（1–20 字，不能重名）').fill('E2E 朋友圈')
    await page.getByRole('button', { name: '添加', exact: true }).click()
    await page.getByText('已添加推广位。').waitFor()
    assert.match((await page.locator('#spot-count').textContent()) ?? '', /已使用 4 \/ 100/)
    await shot('03-spots')

    // Delete confirmation shows the "may still earn" warning (then cancel).
    await page.getByRole('link', { name: '删除 社群团购' }).click()
    await page.getByText('仍可能产生并结算佣金').waitFor()
    await shot('04-spot-delete-confirm')
    await page.getByRole('link', { name: '取消' }).click()

    // Products: filter by coupon, sorted by commission ratio; then the detail page.
    await page.getByRole('link', { name: '商品', exact: true }).click()
    await page.getByLabel('排序').selectOption('4')
    await page.getByLabel('有券').check()
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL(/sortType=4/)
    assert.match(page.url(), /hasCoupon=1/)
    await shot('05-products')
    await page.getByRole('link', { name: '精选' }).click()
    await page.waitForURL(/tab=selected/)
    await shot('06-products-selected')
    await page.getByRole('link', { name: '全部商品' }).click()
    const firstTitle = page.locator('.product h3 a').first()
    const title = ((await firstTitle.textContent()) ?? '').trim()
    await firstTitle.click()
    await page.getByRole('heading', { name: '规格（SKU）' }).waitFor()
    await shot('07-product-detail')

    // Materials for it on the new spot.
    await page.getByRole('link', { name: '生成推广素材' }).click()
    await page.getByLabel('推广位').selectOption({ label: 'E2E 朋友圈' })
    await page.getByLabel('自定义参数 customizeInfo（选填，最多 80 字）').fill('e2e-user-1')
    await page.getByRole('button', { name: '生成推广素材' }).click()
    await page.getByText('已生成 1 个推广素材。').waitFor()
    shortLink = await page.getByLabel('短链接', { exact: true }).inputValue()
    assert.match(shortLink, new RegExp(`^${server.url}/s/\\w+$`))
    const qr = page.locator('.qr img').first()
    const loaded = await qr.evaluate(
      (img: HTMLImageElement) =>
        new Promise<number>((resolve) => {
          if (img.complete) resolve(img.naturalWidth)
          else img.addEventListener('load', () => resolve(img.naturalWidth))
        }),
    )
    assert.ok(loaded > 0, 'the QR image loads')
    await page.getByRole('button', { name: '复制' }).first().click()
    await shot('08-materials')
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: '下载二维码' }).first().click()
    assert.match((await download).suggestedFilename(), /^tuike-\w+\.png$/)
    const posterDownload = page.waitForEvent('download')
    await page.getByRole('button', { name: '下载海报' }).first().click()
    const poster = await posterDownload
    assert.match(poster.suggestedFilename(), /^tuike-poster-\w+\.png$/)
    const png = readFileSync((await poster.path())!)
    assert.equal(png.subarray(1, 4).toString(), 'PNG', 'the poster is a PNG')

    // The buyer opens the short link and buys.
    await page.goto(shortLink)
    await page.getByRole('button', { name: '立即购买' }).waitFor()
    await shot('09-landing')
    await page.getByRole('button', { name: '立即购买' }).click()
    await page.getByText('下单成功').waitFor()
    orderId = /Order (\d+) is paid/.exec(await page.content())![1]!
    await shot('10-bought')

    // The order in Orders, filtered by the spot, and its detail.
    await go('/orders')
    await page.getByLabel('推广位').selectOption({ label: 'E2E 朋友圈' })
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL(/pid=/)
    await page.getByRole('link', { name: orderId }).waitFor()
    assert.match((await page.locator('#orders-table').textContent()) ?? '', /待结算/)
    await shot('11-orders')
    await page.getByRole('link', { name: orderId }).click()
    await page.getByText('e2e-user-1').waitFor()
    assert.ok((await page.content()).includes(title.slice(0, 8).replace(/&/g, '&amp;')))
    await shot('12-order-detail')

    // CSV export carries it.
    const csv = await page.evaluate(async () => (await fetch('/orders.csv')).text())
    assert.ok(csv.includes(orderId))

    // The overview: the spot has a click and an order, today's bar has pending commission.
    await go('/')
    const row = page.locator('tr', { hasText: 'E2E 朋友圈' })
    assert.deepEqual(
      (await row.locator('td.num').allInnerTexts()).slice(0, 2),
      ['1', '1'],
      'one click and one order for the new spot',
    )
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    assert.equal(await page.locator(`g[data-day="${today}"] rect.bar-pending`).count(), 1)
    await shot('13-overview-after-purchase')

    // Phone width.
    await page.setViewportSize({ width: 390, height: 844 })
    await shot('14-overview-phone')
    await go('/orders')
    await shot('15-orders-phone')
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  test('the operator imports products (per-line errors), confirms receipt, advances the clock; the commission settles', async () => {
    await go('/ops/login')
    await page.getByLabel('Admin key').fill('tka_wrong')
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByText('Admin key 不正确').waitFor()
    await page.getByLabel('Admin key').fill(server.adminKey)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('heading', { name: '推客账号', level: 1 }).waitFor()
    await page.getByLabel('名称').fill('E2E 新推客')
    await page.getByRole('button', { name: '创建' }).click()
    await page.getByText('AppSecret 只显示这一次').waitFor()
    await shot('16-ops-promoters')

    const file = join(dir, 'cats.ndjson')
    writeFileSync(file, CATEGORIES_WITH_A_BAD_LINE)
    await page.getByRole('link', { name: '商品导入' }).click()
    await page.getByLabel('数据类型').selectOption('categories')
    await page.getByLabel('NDJSON 文件').setInputFiles(file)
    await page.getByRole('button', { name: '上传并导入' }).click()
    await page.getByText('导入完成：成功 2 行，错误 1 行').waitFor()
    assert.equal(await page.locator('#import-result td').first().textContent(), '2')
    await shot('17-ops-import')

    await page.getByRole('link', { name: '精选池' }).click()
    await shot('18-ops-selection')

    await page.getByRole('link', { name: '模拟下单与结算' }).click()
    await page.getByLabel('订单号').fill(orderId)
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByRole('button', { name: '确认收货' }).click()
    await page.getByText('已确认收货。').waitFor()
    await page.getByLabel('前进').selectOption('691200')
    await page.getByRole('button', { name: '前进', exact: true }).click()
    await page.getByText(/本次结算 \d+ 笔订单/).waitFor()
    await shot('19-ops-orders')

    // Back in the promoter console: the token died with the clock, sign in again, see it settled.
    await go(`/orders/${orderId}`)
    await page.waitForURL(/\/login/)
    await page.getByLabel('AppID').fill(server.appid)
    await page.getByLabel('AppSecret').fill(server.secret)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByText('已结算').first().waitFor()
    await shot('20-order-settled')

    await go('/')
    assert.notEqual(await page.locator('#stat-settled').textContent(), '¥0.00')
    await shot('21-overview-settled')

    await page.getByRole('button', { name: '退出登录' }).click()
    await page.getByText('已退出登录。').waitFor()
    assert.deepEqual(offOrigin, [], 'the console made no request to another origin')
  })

  /** Whether anything sticks out of the viewport (scrollable table and chart boxes excepted). */
  const overflow = () =>
    page.evaluate(() => {
      const width = document.documentElement.clientWidth
      const out: string[] = []
      if (document.documentElement.scrollWidth > width)
        out.push(`page ${document.documentElement.scrollWidth}px`)
      for (const el of document.querySelectorAll('body *')) {
        if (
          el.closest(
            '.table-wrap:not(:has(table.stack)), table.stack thead, [hidden], .skip, .visually-hidden',
          )
        )
          continue
        const r = el.getBoundingClientRect()
        const field = el.matches('input:not([type=hidden],[type=checkbox],[type=radio]),select')
        if (field && r.width && r.width < 64)
          out.push(`squashed ${el.id || el.tagName} ${r.width}px`)
        if (r.width && (r.right > width + 1 || r.left < -1)) {
          out.push(
            `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} ${Math.round(r.left)}–${Math.round(r.right)}`,
          )
        }
      }
      return out.slice(0, 5)
    })

  test('every page fits a 390 px phone and a 1366 px laptop, with screenshots of both', async () => {
    await go('/login')
    await page.getByLabel('AppID').fill(server.appid)
    await page.getByLabel('AppSecret').fill(server.secret)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('heading', { name: '概览', level: 1 }).waitFor()
    await go('/products')
    const productHref = await page.locator('.product h3 a').first().getAttribute('href')
    assert.ok(
      await page
        .locator('.product img')
        .first()
        .evaluate((img: HTMLImageElement) => img.naturalWidth > 0 || !img.complete),
      'product cards show an image',
    )
    await go('/spots')
    const deleteHref = await page.locator('a', { hasText: '删除' }).first().getAttribute('href')
    // The faults page with rules of the longest shapes and a fault in its log.
    const admin = { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' }
    for (const rule of [
      {
        kind: 'errcode',
        errcode: 45011,
        appid: server.appid,
        endpoint: 'product/category',
        times: 1,
      },
      {
        kind: 'paging-drift',
        appid: server.appid,
        endpoint: 'headsupplier/order/list/get',
        seed: 123456789,
      },
      {
        kind: 'latency',
        latencyMs: 1,
        jitterMs: 1,
        endpoint: 'order/search_normal_order',
        rate: 0.000123,
      },
    ]) {
      const res = await fetch(`${server.url}/admin/v1/faults`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify(rule),
      })
      assert.equal(res.status, 201, await res.text())
    }
    const token = (await (
      await fetch(
        `${server.url}/cgi-bin/token?grant_type=client_credential&appid=${server.appid}&secret=${server.secret}`,
      )
    ).json()) as { access_token: string }
    const faulted = await fetch(
      `${server.url}/union/promoter/product/category?access_token=${token.access_token}`,
    )
    assert.equal(((await faulted.json()) as { errcode: number }).errcode, 45011)
    const pages = [
      '/login',
      '/',
      '/products',
      '/products?tab=selected',
      productHref!,
      `/materials?productId=${productHref!.split('/').pop()}`,
      '/spots',
      deleteHref!,
      '/orders',
      `/orders/${orderId}`,
      '/settings',
      '/ops/login',
      '/ops/promoters',
      '/ops/import',
      '/docs/import',
      '/ops/selection',
      '/ops/plans',
      '/ops/orders',
      '/ops/faults',
      '/ops/settings',
    ]
    const problems: string[] = []
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 })
      for (const [i, path] of pages.entries()) {
        await go(path)
        const out = await overflow()
        if (out.length) problems.push(`${width}px ${path}: ${out.join('; ')}`)
        // The faults page's tables hold its actions (删除): a phone sees them without scrolling.
        if (path === '/ops/faults') {
          const wide = await page.evaluate(() =>
            [...document.querySelectorAll('.table-wrap')]
              .filter((w) => w.scrollWidth > w.clientWidth + 1)
              .map((w) => `table ${w.scrollWidth}px in ${w.clientWidth}px`),
          )
          if (wide.length) problems.push(`${width}px ${path}: ${wide.join('; ')}`)
        }
        const name = path.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '') || 'overview'
        await shot(`layout-${width}/${String(i).padStart(2, '0')}-${name}`)
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 })
    assert.deepEqual(problems, [], 'nothing cut off or scrolling sideways')
  })
})
