import { type Kysely, SqliteAdapter, sql } from 'kysely'

/**
 * A smaller catalogue (issue 16: 2.9 KB a product at 100,000 products, goal 2 KB).
 *
 * - `product_wire` is stored compactly: each key of the wire form, with the punctuation around
 *   it, becomes one control character (or U+001F and a letter), which JSON text never holds raw,
 *   so the read path expands it exactly (services/catalogue-wire.ts). Keys were ~60 % of the
 *   text: ~1,090 bytes become ~520. Rows are rewritten 1,000 at a time; text without codes
 *   reads as before, so a row not yet rewritten is still served right.
 * - SQLite: the index of `product_grams` by pk goes (as large as the postings themselves,
 *   ~0.37 KB a product). A product's postings are deleted by (gram, pk) from the grams of its
 *   current title, before an import changes it. PostgreSQL keeps its index.
 *
 * The freed pages are reused by later writes; `VACUUM` (SQLite) returns them to the file system.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`drop index if exists product_grams_pk`.execute(db)
  }
  // biome-ignore lint/suspicious/noExplicitAny: a migration reads the tables as they were then
  const d = db as Kysely<any>
  for (let after = ''; ; ) {
    const rows: { id: string; wire: string }[] = await d
      .selectFrom('product_wire')
      .select(['id', 'wire'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute()
    if (rows.length === 0) break
    const changed = rows
      .map((r) => ({ id: r.id, wire: compactKeys(r.wire) }))
      .filter((r, i) => r.wire !== rows[i]!.wire)
    for (let i = 0; i < changed.length; i += 500) {
      await d
        .insertInto('product_wire')
        .values(changed.slice(i, i + 500))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({ wire: eb.ref('excluded.wire') })),
        )
        .execute()
    }
    after = rows[rows.length - 1]!.id
  }
}

/**
 * The keys of the wire form, with the punctuation that opens and follows each as JSON.stringify
 * writes it, stored as the control characters U+0003–U+001E (the first 28) or U+001F and a
 * letter. services/catalogue-wire.ts expands them (and compacts new rows with compactKeys).
 */
export const KEY_TOKENS = [
  ',"productSkuInfo":{',
  ',"marketPrice":',
  ',"status":',
  ',"stockInfo":{',
  ',"salePrice":',
  ',"skuCode":',
  '"stockNum":',
  ',"commissionRatio":',
  ',"commissionValue":',
  '{"skuId":',
  ',"totalStockNum":',
  ',"totalOrderNum":',
  ',"discountPrice":',
  ',"leagueExInfo":{',
  ',"totalSoldNum":',
  '"hasCommission":',
  ',"couponInfo":{',
  '{"productId":',
  ',"product":{',
  '"productId":',
  ',"subTitle":',
  ',"category":',
  ',"minPrice":',
  ',"shopInfo":',
  '"hasCoupon":',
  ',"brandId":',
  ',"detail":{',
  ',"param":[',
  ',"info":{',
  ',"brand":',
  ',"model":',
  ',"value":',
  ',"skus":[',
  '"title":',
  '{"key":',
  '"discountCondition":{',
  ',"endTime":',
  ',"limitNumOnePerson":',
  ',"couponDetail":{',
  ',"discountInfo":{',
  ',"productPrice":',
  ',"receiveInfo":{',
  ',"validDayNum":',
  '"productIds":[',
  ',"productCnt":',
  ',"validInfo":{',
  ',"startTime":',
  ',"couponId":',
  '"validType":',
  '"startTime":',
  ',"discountFee":',
  '"restNum":',
  ',"type":',
  ',"discountNum":',
]
/** The code of KEY_TOKENS[i]. */
export const codeOf = (i: number) =>
  i < 28 ? String.fromCharCode(3 + i) : `\u001f${String.fromCharCode(65 + i - 28)}`
const CODE_OF = new Map(KEY_TOKENS.map((t, i) => [t, codeOf(i)]))

/** The stored form of wire text: each key token replaced by its code. */
export function compactKeys(text: string): string {
  return text.replace(/[{,]?"[A-Za-z]+":[{[]?/g, (t) => CODE_OF.get(t) ?? t)
}
