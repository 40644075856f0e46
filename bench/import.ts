/**
 * Does a 1 MiB NDJSON import stall the server? A `tuike serve` process on SQLite takes a product
 * import just under the 1 MiB body limit while another client calls /healthz back to back; the
 * table gives the import's time and /healthz's latency meanwhile (issue 15 item 15: the import
 * runs in chunked transactions that give the event loop a turn between chunks).
 *
 *   node --import tsx bench/import.ts [--runs 3]
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { flag, saveResults, serveProcess, stopProcess } from './_harness.ts'

const KEY = 'tka_bench-import-key-0123456789abcdef'
const LIMIT = 1024 * 1024
const runs = Number(flag('runs', '3'))

const admin = (url: string, path: string, body: string) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-ndjson' },
    body,
  })

/** Product lines (distinct ids from `first`) filling up to just under the body limit. */
function productFile(first: number): { text: string; lines: number } {
  const lines: string[] = []
  let bytes = 0
  for (let id = first; ; id++) {
    const line = JSON.stringify({
      productId: String(id),
      shopAppId: 'wxbenchimport00001',
      title: `基准导入商品 ${id} 大容量 家庭装 品质保障`,
      subTitle: '导入基准',
      headImg: [`/img/head/${id}.svg`],
      categoryId: '990111',
      minPrice: 1000 + (id % 5000),
      commissionRatio: 1000 + (id % 4000),
      skus: [0, 1].map((k) => ({
        skuId: `${id}0${k}`,
        salePrice: 1000 + (id % 5000) + k * 100,
        marketPrice: 2000 + (id % 5000),
        stockNum: 100,
        thumbImg: `/img/sku/${id}-${k}.svg`,
      })),
    })
    const size = Buffer.byteLength(line) + 1
    if (bytes + size > LIMIT - 1024) break
    lines.push(line)
    bytes += size
  }
  return { text: lines.join('\n'), lines: lines.length }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

const dir = mkdtempSync(join(tmpdir(), 'tuike-bench-import-'))
const server = await serveProcess(`sqlite:${join(dir, 'bench.db')}`, KEY)
const { url } = server
try {
  await admin(
    url,
    '/admin/v1/import/categories',
    [
      { catId: '9901', name: '基准' },
      { catId: '99011', name: '基准二级', parentId: '9901' },
      { catId: '990111', name: '基准三级', parentId: '99011' },
    ]
      .map((c) => JSON.stringify(c))
      .join('\n'),
  )
  await admin(
    url,
    '/admin/v1/import/shops',
    JSON.stringify({
      name: '基准小商店',
      appId: 'wxbenchimport00001',
      username: 'gh_bench',
      headImgUrl: '',
      shippingMethods: { express: 1, sameCity: 0, pickup: 0 },
    }),
  )
  const rows = []
  for (let run = 0; run < runs; run++) {
    const file = productFile(run * 100_000 + 1)
    const latencies: number[] = []
    let importing = true
    const poll = (async () => {
      while (importing) {
        const t = performance.now()
        await (await fetch(`${url}/healthz`)).arrayBuffer()
        latencies.push(performance.now() - t)
      }
    })()
    const started = performance.now()
    const res = await admin(url, '/admin/v1/import/products', file.text)
    const result = (await res.json()) as { applied: number; errors: unknown[] }
    const importMs = performance.now() - started
    importing = false
    await poll
    const sorted = [...latencies].sort((a, b) => a - b)
    const row = {
      run: run + 1,
      bytes: Buffer.byteLength(file.text),
      lines: file.lines,
      applied: result.applied,
      errors: result.errors.length,
      importMs: Math.round(importMs),
      healthzCalls: latencies.length,
      healthzP50: Math.round(percentile(sorted, 50) * 10) / 10,
      healthzP99: Math.round(percentile(sorted, 99) * 10) / 10,
      healthzMax: Math.round((sorted.at(-1) ?? 0) * 10) / 10,
    }
    rows.push(row)
    console.log(row)
  }
  saveResults('import-sqlite', { runs: rows })
} finally {
  await stopProcess(server)
  rmSync(dir, { recursive: true, force: true })
}
