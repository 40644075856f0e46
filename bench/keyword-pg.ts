/**
 * PostgreSQL keyword benchmark (issue 16): a 2-character title keyword with a random price range,
 * commission and coupon filters and any of the nine sorts, one page of 20 and the exact total,
 * the query product/list runs when the in-memory keyword index is not built. Two plans of the
 * same query, interleaved query by query so load affects both alike:
 *
 * - `postings`: the keyword's product_grams postings, each joined to its facet row (the plan
 *   before migration 023, and SQLite's);
 * - `gin`: the facet rows' gram arrays under their GIN index (migration 023, what product/list
 *   now runs on PostgreSQL).
 *
 * - `covering` (with `--covering`, a prototype): each posting carrying its product's facets, under
 *   a B-tree on (gram, pk) that includes them, so a word's matches are one index-only range
 *   scan (no heap page a match). Built for the benchmark's words only, in a scratch table
 *   dropped at the end.
 *
 * All must return the same page and total for every query (the run stops otherwise).
 *
 *   node --import tsx bench/keyword-pg.ts --db postgres://…/db [--schema s] [--products N]
 *     [--queries 100] [--postings-queries N] [--covering]
 *
 * `--postings-queries N` runs the postings plan on the first N queries of each word only (at 1M
 * products one takes 10–20 s); the GIN plan runs on all of them.
 * Seeds N products (default 200,000) first when the catalogue is empty.
 * @module
 */
import { loadavg } from 'node:os'
import { sql } from 'kysely'
import { openDatabase } from '../packages/server/src/index.ts'
import { prng, seedCatalogue } from '../packages/server/src/seed/catalogue.ts'
import { flag, saveResults, seedProgress } from './_harness.ts'

/** Narrow (手机, 鸡胸, 猫砂, 洗衣) and broad (女士, 套装, 日式, 北欧) words of the demo titles. */
const WORDS = ['手机', '鸡胸', '猫砂', '洗衣', '女士', '套装', '日式', '北欧']
const SORTS = [
  [],
  ['min_price', 'asc'],
  ['min_price', 'desc'],
  ['commission_ratio', 'asc'],
  ['commission_ratio', 'desc'],
  ['commission_value', 'asc'],
  ['commission_value', 'desc'],
  ['sold', 'asc'],
  ['sold', 'desc'],
] as const

const url = flag('db', '')
if (!url.startsWith('postgres')) {
  console.log('keyword-pg: skipped (needs --db postgres://…)')
  process.exit(0)
}
const schema = flag('schema', '') || undefined
const queries = Number(flag('queries', '100'))
const postingsQueries = Number(flag('postings-queries', String(queries)))
const covering = process.argv.includes('--covering')
const database = await openDatabase(url, { schema })
const db = database.db
if (!(await db.selectFrom('products').select('pk').limit(1).executeTakeFirst())) {
  await seedCatalogue(db, {
    products: Number(flag('products', '200000')),
    onProgress: seedProgress(),
  })
}
await sql`analyze product_facets`.execute(db)
const products = Number(
  (await sql<{ n: string }>`select count(*) as n from products`.execute(db)).rows[0]!.n,
)

interface Query {
  word: string
  minPrice: number
  maxPrice: number
  minRatio: number
  coupon: boolean
  sort: number
}

function queryList(word: string, n: number, seed: number): Query[] {
  const rand = prng(seed)
  return Array.from({ length: n }, () => {
    const minPrice = 100 * Math.floor(rand() * 100)
    return {
      word,
      minPrice,
      maxPrice: minPrice + 1000 * (2 + Math.floor(rand() * 200)),
      sort: Math.floor(rand() * 9),
      minRatio: rand() < 0.3 ? 100 * Math.floor(rand() * 20) : 0,
      coupon: rand() < 0.2,
    }
  })
}

/**
 * The page query of product/list (one scan that pages and counts) with either keyword plan:
 * `postings` as it ran before (window and sort in one query level), `gin` as it runs now (counted
 * in a subquery, then sorted: see countThenSort in services/catalogue.ts).
 */
type Plan = 'postings' | 'gin' | 'covering'

function pageQuery(q: Query, plan: Plan) {
  const [column, dir] = SORTS[q.sort]!
  const filters = sql`p.min_price >= ${q.minPrice} and p.min_price <= ${q.maxPrice}
    and p.commission_ratio >= ${q.minRatio} ${q.coupon ? sql`and p.has_coupon = 1` : sql``}`
  const d = sql.raw(dir ?? 'asc')
  if (plan === 'postings') {
    const order = column ? sql`${sql.ref(`p.${column}`)} ${d}, p.pk ${d}` : sql`p.pk asc`
    return sql<{ pk: number; n: string }>`select p.pk, count(*) over () as n
      from product_facets p where p.pk in (select pk from product_grams where gram = ${q.word})
      and ${filters} order by ${order} limit 20`
  }
  const match =
    plan === 'gin'
      ? sql`product_facets p where p.grams @> array[${q.word}]::text[]`
      : sql`bench_covering_postings p where p.gram = ${q.word}`
  return sql<{ pk: number; n: string }>`select m.pk, m.n from (
      select p.pk, count(*) over () as n, ${sql.ref(`p.${column ?? 'pk'}`)} as s
      from ${match} and ${filters}) m
    order by m.s ${d}, m.pk ${d} limit 20`
}

async function timed(q: Query, plan: Plan) {
  const started = performance.now()
  const { rows } = await pageQuery(q, plan).execute(db)
  const ms = performance.now() - started
  return { ms, answer: JSON.stringify([rows.map((r) => Number(r.pk)), rows[0]?.n ?? '0']) }
}

/** The p-th percentile of `xs` (null when the plan did not run). */
const pct = (xs: number[], p: number) =>
  xs.length
    ? +[...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!.toFixed(1)
    : null

if (covering) {
  // product_grams may hold a posting twice on PostgreSQL (a gram twice in a title): distinct.
  await sql`drop table if exists bench_covering_postings`.execute(db)
  await sql`create table bench_covering_postings as select distinct g.gram, g.pk, f.min_price,
      f.commission_ratio, f.commission_value, f.sold, f.has_coupon
    from product_grams g join product_facets f on f.pk = g.pk
    where g.gram in (${sql.join(WORDS)})`.execute(db)
  await sql`create index on bench_covering_postings (gram, pk)
    include (min_price, commission_ratio, commission_value, sold, has_coupon)`.execute(db)
  // Index-only scans skip the heap only on pages the visibility map marks all-visible.
  await sql`vacuum analyze bench_covering_postings`.execute(db)
}

const loadBefore = loadavg()
const rows: Record<string, unknown>[] = []
const plans: Record<string, string[]> = {}
let seed = 1
for (const word of WORDS) {
  const hits = Number(
    (
      await sql<{
        n: string
      }>`select count(*) as n from product_facets where grams @> array[${word}]::text[]`.execute(db)
    ).rows[0]!.n,
  )
  const times: Record<Plan, number[]> = { postings: [], gin: [], covering: [] }
  for (const [i, q] of queryList(word, queries, seed++).entries()) {
    const run: Plan[] = ['gin']
    if (i < postingsQueries) run.push('postings')
    if (covering) run.push('covering')
    // Rotate which plan runs first, so none always finds the pages another warmed.
    const order = run.map((_, k) => run[(k + i) % run.length]!)
    const answers = new Set<string>()
    for (const plan of order) {
      const r = await timed(q, plan)
      times[plan].push(r.ms)
      answers.add(r.answer)
    }
    if (answers.size > 1) throw new Error(`plans disagree on ${JSON.stringify(q)}`)
  }
  const explain = await sql<{
    'QUERY PLAN': string
  }>`explain ${pageQuery(queryList(word, 1, 7)[0]!, 'gin')}`.execute(db)
  plans[word] = explain.rows.map((r) => r['QUERY PLAN'])
  const row = {
    word,
    hits,
    postingsP50: pct(times.postings, 0.5),
    postingsP95: pct(times.postings, 0.95),
    ginP50: pct(times.gin, 0.5),
    ginP95: pct(times.gin, 0.95),
    ...(covering
      ? { coveringP50: pct(times.covering, 0.5), coveringP95: pct(times.covering, 0.95) }
      : {}),
    load1: +loadavg()[0]!.toFixed(2),
  }
  rows.push(row)
  console.log(JSON.stringify(row))
}
if (covering) await sql`drop table bench_covering_postings`.execute(db)
await database.close()
saveResults('keyword-postgres', {
  benchmark: 'keyword-pg',
  how: 'product/list page query (20 rows, count(*) over ()), random price range, commission, coupon filters and sort; both plans per query, interleaved; ms per query from the client',
  products,
  queriesPerWord: queries,
  postingsQueriesPerWord: Math.min(queries, postingsQueries),
  covering,
  loadAverage: { before: loadBefore, after: loadavg() },
  rows,
  ginPlans: plans,
})
