/**
 * The operator's NDJSON import: an idempotent upsert by id. A bad line is reported with its
 * 1-based line number and reason and nothing of it is applied; the good lines are applied.
 *
 * Lines are written in chunks, each chunk its own transaction, with a turn of the event loop
 * between chunks: on SQLite every statement runs synchronously, so one long import in one
 * transaction held the whole process (a 1 MiB import stalled /healthz for seconds). A crash
 * part-way leaves the chunks before it applied; running the same import again completes it.
 * @module
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import { CONTROL_CHARACTERS_MESSAGE, controlCharacterPath } from '@tuike/contract'
import type { Insertable, Kysely } from 'kysely'
import type { z } from 'zod'
import type { Database } from '../db/schema.ts'
import { parseExactJson } from '../exact-json.ts'
import { rebuildProductGramsOf } from './catalogue-index.ts'
import {
  CategoryImport,
  type CategoryPath,
  chunks,
  ProductImport,
  productRows,
  ShopImport,
  writeCategories,
  writeProductRows,
  writeShops,
} from './catalogue-write.ts'

type Db = Kysely<Database>

export type ImportKind = 'categories' | 'shops' | 'products'

export interface ImportResult {
  applied: number
  errors: { line: number; reason: string }[]
}

export interface ImportOptions {
  /** Lines per transaction (default 100): bounds how long the import holds the event loop. */
  chunkLines?: number
}

type Errors = ImportResult['errors']
type Line<T> = { line: number; value: T }

/** How one kind is read and written: its line schema and a writer of one chunk's good lines. */
interface KindImport<T extends z.ZodType> {
  schema: T
  /** Write `lines` in `trx`; lines refused here go to `errors`. Returns how many were applied. */
  write(trx: Db, lines: Line<z.output<T>>[], errors: Errors): Promise<number>
}

let importChain: Promise<unknown> = Promise.resolve()

/**
 * Import an NDJSON file of `kind`. Imports run one at a time per process (new products take
 * pks after the current maximum).
 */
export function importNdjson(
  db: Db,
  kind: ImportKind,
  text: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const run = importChain.then(() => importNow(db, kindImport(kind), text, options))
  importChain = run.catch(() => undefined)
  return run
}

function kindImport(kind: ImportKind): KindImport<z.ZodType> {
  if (kind === 'categories') return categoryImport() as KindImport<z.ZodType>
  if (kind === 'shops') return shopImport as KindImport<z.ZodType>
  return productImport() as KindImport<z.ZodType>
}

async function importNow<T extends z.ZodType>(
  db: Db,
  kind: KindImport<T>,
  text: string,
  { chunkLines = 100 }: ImportOptions,
): Promise<ImportResult> {
  const errors: Errors = []
  let applied = 0
  const lines = text.split('\n')
  for (let start = 0; start < lines.length; start += chunkLines) {
    // Let the requests that arrived meanwhile run before the next chunk.
    if (start > 0) await nextTurn()
    const good = parseLines(lines, start, start + chunkLines, kind.schema, errors)
    if (good.length === 0) continue
    applied += await db.transaction().execute((trx) => kind.write(trx, good, errors))
  }
  errors.sort((a, b) => a.line - b.line)
  return { applied, errors }
}

/** Money fields of the import lines: integer fen. */
const MONEY_FIELD = /(?:Price|Amount)$/

function issueText(err: z.ZodError, json: unknown): string {
  const issue = err.issues[0]!
  const text = `${issue.path.join('.') || 'line'}: ${issue.message}`
  const field = issue.path.at(-1)
  if (typeof field !== 'string' || !MONEY_FIELD.test(field)) return text
  // A price in yuan (39.9) where fen are expected: say the unit, with the value converted.
  let value: unknown = json
  for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key]
  const n = Number(String(value))
  if (!Number.isFinite(n) || Number.isInteger(n)) return text
  return `${text}: money is integer fen (${n} yuan is ${Math.round(n * 100)})`
}

/** Parse the non-empty lines `from`…`to` (0-based) with `schema`; bad lines go to `errors`. */
function parseLines<T extends z.ZodType>(
  lines: string[],
  from: number,
  to: number,
  schema: T,
  errors: Errors,
): Line<z.output<T>>[] {
  const out: Line<z.output<T>>[] = []
  for (let i = from; i < Math.min(to, lines.length); i++) {
    const raw = lines[i]!.trim()
    if (raw === '') continue
    let json: unknown
    try {
      json = parseExactJson(raw)
    } catch (e) {
      errors.push({ line: i + 1, reason: `invalid JSON: ${(e as Error).message}` })
      continue
    }
    const control = controlCharacterPath(json)
    if (control) {
      errors.push({
        line: i + 1,
        reason: `${control.join('.') || 'line'}: ${CONTROL_CHARACTERS_MESSAGE}`,
      })
      continue
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success) errors.push({ line: i + 1, reason: issueText(parsed.error, json) })
    else out.push({ line: i + 1, value: parsed.data })
  }
  return out
}

type CategoryRow = { id: string; parent_id: string | null; level: number }

/** The catalogue's categories by id: read once per import (imports run one at a time). */
async function categoriesById(trx: Db): Promise<Map<string, CategoryRow>> {
  const rows = await trx.selectFrom('categories').select(['id', 'parent_id', 'level']).execute()
  return new Map(rows.map((c) => [c.id, { ...c, level: Number(c.level) }]))
}

/**
 * A kind whose writer checks lines against the catalogue's categories, read on the first chunk and
 * kept (with what earlier chunks added) for the rest of the import.
 */
function withCategories<T extends z.ZodType>(
  schema: T,
  write: (
    ...args: [...Parameters<KindImport<T>['write']>, Map<string, CategoryRow>]
  ) => Promise<number>,
): KindImport<T> {
  let cats: Map<string, CategoryRow> | undefined
  return {
    schema,
    async write(trx, lines, errors) {
      cats ??= await categoriesById(trx)
      return write(trx, lines, errors, cats)
    },
  }
}

/** Categories: a parent must exist, in the database or on an earlier line (any chunk). */
function categoryImport(): KindImport<typeof CategoryImport> {
  return withCategories(CategoryImport, async (trx, lines, errors, known) => {
    const rows: Insertable<Database['categories']>[] = []
    for (const { line, value } of lines) {
      const parent = value.parentId || null
      const level = parent === null ? 1 : (known.get(parent)?.level ?? 0) + 1
      if (parent !== null && !known.has(parent)) {
        errors.push({ line, reason: `parentId: unknown category ${parent}` })
        continue
      }
      if (parent === value.catId) {
        errors.push({ line, reason: 'parentId: a category cannot be its own parent' })
        continue
      }
      if (level > 3) {
        errors.push({
          line,
          reason: `parentId: categories have at most three levels (${parent} is level 3)`,
        })
        continue
      }
      known.set(value.catId, { id: value.catId, parent_id: parent, level })
      rows.push({
        id: value.catId,
        parent_id: parent,
        level,
        name: value.name,
        seq: value.seq ?? 0,
      })
    }
    await writeCategories(trx, rows)
    return rows.length
  })
}

const shopImport: KindImport<typeof ShopImport> = {
  schema: ShopImport,
  async write(trx, lines) {
    await writeShops(
      trx,
      lines.map((l) => l.value),
    )
    return lines.length
  },
}

type ProductParsed = z.output<typeof ProductImport>

/** Products: the category and the shop must exist; a later line wins for a repeated id. */
function productImport(): KindImport<typeof ProductImport> {
  return withCategories(ProductImport, writeProducts)
}

async function writeProducts(
  trx: Db,
  lines: Line<ProductParsed>[],
  errors: Errors,
  cats: Map<string, CategoryRow>,
): Promise<number> {
  const shops = await knownShops(trx, [...new Set(lines.map((l) => l.value.shopAppId))])
  const good: { value: ProductParsed; path: CategoryPath }[] = []
  for (const { line, value } of lines) {
    const cat = cats.get(value.categoryId)
    if (!cat) {
      errors.push({ line, reason: `categoryId: unknown category ${value.categoryId}` })
      continue
    }
    if (!shops.has(value.shopAppId)) {
      errors.push({
        line,
        reason: `shopAppId: unknown shop ${value.shopAppId} (import shops first)`,
      })
      continue
    }
    const ids: string[] = []
    for (
      let c: typeof cat | undefined = cat;
      c;
      c = c.parent_id ? cats.get(c.parent_id) : undefined
    )
      ids.unshift(c.id)
    good.push({ value, path: [ids[0] ?? '', ids[1] ?? '', ids[2] ?? ''] })
  }
  // Later lines win for a repeated id, as a sequence of upserts would (across chunks too:
  // a later chunk upserts again).
  const last = new Map(good.map((g) => [g.value.productId, g]))
  const pkOf = await productPks(trx, [...last.keys()])
  const max = await trx
    .selectFrom('products')
    .select((eb) => eb.fn.max('pk').as('m'))
    .executeTakeFirst()
  let next = Number(max?.m ?? 0) + 1
  const items = [...last.values()].map((g) =>
    productRows(g.value, pkOf.get(g.value.productId) ?? next++, g.path),
  )
  await writeProductRows(trx, items, true)
  for (const part of chunks(
    items.map((i) => i.row.pk),
    500,
  ))
    await rebuildProductGramsOf(trx, part)
  return good.length
}

async function knownShops(trx: Db, appids: string[]): Promise<Set<string>> {
  const shops = new Set<string>()
  for (const part of chunks(appids, 500)) {
    for (const s of await trx
      .selectFrom('shops')
      .select('appid')
      .where('appid', 'in', part)
      .execute())
      shops.add(s.appid)
  }
  return shops
}

async function productPks(trx: Db, ids: string[]): Promise<Map<string, number>> {
  const pkOf = new Map<string, number>()
  for (const part of chunks(ids, 500)) {
    for (const r of await trx
      .selectFrom('products')
      .select(['id', 'pk'])
      .where('id', 'in', part)
      .execute())
      pkOf.set(r.id, Number(r.pk))
  }
  return pkOf
}
