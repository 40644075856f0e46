import type { Kysely } from 'kysely'

/**
 * product_wire marks the image values that hold this server's paths (`/img/…`), which the read
 * path puts on the public URL: response text is no longer rewritten (issue 15 item 10). Stored
 * pieces written before carry such paths unmarked; their image values are marked in place, 1,000
 * products at a time, and nothing else of the stored text changes. Catalogues with only outside
 * image URLs have no such row. (Frozen: no application code; the image values come from the
 * product and SKU rows, in the order the serialiser writes them.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: a migration reads the tables as they were then
  const d = db as Kysely<any>
  for (let after = 0; ; ) {
    const rows = await d
      .selectFrom('products as p')
      .innerJoin('product_wire as w', 'w.id', 'p.id')
      .select(['p.pk', 'p.id', 'p.head_img', 'p.detail_img', 'w.wire'])
      .where('p.pk', '>', after)
      .where('w.wire', 'like', '%"/img/%')
      .orderBy('p.pk')
      .limit(1000)
      .execute()
    if (rows.length === 0) break
    const pks = rows.map((r) => Number(r.pk))
    const skus = await d
      .selectFrom('skus')
      .select(['product_pk', 'thumb_img'])
      .where('product_pk', 'in', pks)
      .orderBy('product_pk')
      .orderBy('seq')
      .execute()
    for (const r of rows) {
      const images: [string, string | string[]][] = [
        ['headImg', parseList(r.head_img)],
        ['detailImg', parseList(r.detail_img)],
        ...skus
          .filter((s) => Number(s.product_pk) === Number(r.pk))
          .map((s) => ['thumbImg', String(s.thumb_img)] as [string, string]),
      ]
      const wire = markImages(String(r.wire), images)
      if (wire !== r.wire) {
        await d.updateTable('product_wire').set({ wire }).where('id', '=', r.id).execute()
      }
    }
    after = pks[pks.length - 1]!
  }
}

function parseList(text: unknown): string[] {
  return text === null || text === undefined || text === '' ? [] : JSON.parse(String(text))
}

const IMG_SEP = '\u0002'
const isOwnImage = (value: string) => value.startsWith('/img/')

/**
 * Enclose in U+0002 each image value of `text` that holds one of this server's paths (also the
 * reference test/product-wire.test.ts holds productWire to).
 */
export function markImages(
  text: string,
  images: readonly (readonly [string, string | string[]])[],
) {
  let out = ''
  let at = 0
  for (const [key, value] of images) {
    const own = Array.isArray(value) ? value.some(isOwnImage) : isOwnImage(value)
    const keyText = `${JSON.stringify(key)}:`
    const valueText = JSON.stringify(value)
    const i = text.indexOf(keyText + valueText, at)
    if (!own || i < 0) continue
    const valueAt = i + keyText.length
    out += `${text.slice(at, valueAt)}${IMG_SEP}${valueText}${IMG_SEP}`
    at = valueAt + valueText.length
  }
  return out + text.slice(at)
}
