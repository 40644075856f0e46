/**
 * `tuike material <productId…> --spot NAME|--pid PID`: promotion materials (wording, short link,
 * tag; the coupon variants when the product has a union coupon), optionally as QR PNGs.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { GeneratedMaterial } from '@tuike/sdk'
import { PRODUCT_PAGE_MAX } from '@tuike/sdk'
import { Command } from 'commander'
import { clientFor, common, withCommon } from '../context.ts'
import { CliError } from '../errors.ts'
import { printJson } from '../output.ts'
import { yuan } from '../units.ts'
import { findSpot } from './spots.ts'

interface MaterialOptions {
  spot?: string
  pid?: string
  customize?: string
  qr?: string
}

export function materialCommand(): Command {
  return withCommon(new Command('material'))
    .description('Make promotion materials for products, attributed to one spot')
    .argument('<productId...>', 'product (SPU) ids')
    .option('--spot <name>', 'spot name (see tuike spots ls)')
    .option('--pid <pid>', 'spot pid (instead of --spot)')
    .option('--customize <text>', 'customizeInfo echoed back on the orders (≤ 80 characters)')
    .option('--qr <dir>', 'also write a QR PNG of each link into this directory')
    .addHelpText(
      'after',
      `
Prints the wording, short link and tag of each product (and the coupon variants). -q prints one
tab-separated line per link: product id, "link" or "coupon", URL (cut -f3 gives the URLs).

Examples:
  $ tuike material 3004567 3004568 --spot 朋友圈
  $ tuike material 3004567 --pid oXXXX_1000000000 --customize campaign-11 --qr ./qr
  $ tuike material 3004567 --spot 朋友圈 --json | jq -r '.[].shareInfo.promotionUrl'`,
    )
    .action(async (ids: string[], opts: MaterialOptions, cmd: Command) => {
      if (!opts.spot === !opts.pid)
        throw new CliError('pass exactly one of --spot NAME or --pid PID', 2)
      if (opts.customize !== undefined && [...opts.customize].length > 80)
        throw new CliError('--customize is at most 80 characters', 2)
      const client = clientFor(cmd)
      const pid = opts.pid ?? (await findSpot(client, opts.spot!)).promotionSourcePid

      // generate needs each product's shop appId: look them up through the productId filter.
      const unique = [...new Set(ids)]
      const shopOf = new Map<string, string>()
      for (let i = 0; i < unique.length; i += PRODUCT_PAGE_MAX) {
        const chunk = unique.slice(i, i + PRODUCT_PAGE_MAX)
        const page = await client.products.list({
          from: 0,
          limit: PRODUCT_PAGE_MAX,
          productId: chunk,
        })
        for (const p of page.productList) shopOf.set(p.productId, p.shopInfo.appId)
      }
      const missing = unique.filter((id) => !shopOf.has(id))
      if (missing.length > 0)
        throw new CliError(`not in the union catalogue: ${missing.join(', ')}`, 1)

      const list: GeneratedMaterial[] = []
      for (let i = 0; i < unique.length; i += PRODUCT_PAGE_MAX) {
        const r = await client.products.generate({
          pid,
          productList: unique.slice(i, i + PRODUCT_PAGE_MAX).map((productId) => ({
            productId,
            appId: shopOf.get(productId)!,
            ...(opts.customize !== undefined ? { customizeInfo: opts.customize } : {}),
          })),
        })
        list.push(...r.list)
      }

      const written: string[] = []
      if (opts.qr) {
        await mkdir(opts.qr, { recursive: true })
        for (const m of list) {
          const s = m.shareInfo
          if (!s) continue
          const variants: [string, string | undefined][] = [
            [`${m.productId}.png`, s.promotionUrl],
            [`${m.productId}-coupon.png`, s.couponPromotionUrl],
          ]
          // Loaded on use: it costs every other command's start.
          const { default: QRCode } = await import('qrcode')
          for (const [name, url] of variants) {
            if (!url) continue
            const file = join(opts.qr, name)
            await writeFile(
              file,
              await QRCode.toBuffer(url, { type: 'png', width: 360, margin: 2 }),
            )
            written.push(file)
          }
        }
      }

      const o = common(cmd)
      if (o.json) return printJson(list)
      const out = (line = '') => process.stdout.write(`${line}\n`)
      if (o.quiet) {
        // One tab-separated line per link: product, which link, URL (cut -f3 for the URLs).
        for (const m of list) {
          if (m.shareInfo?.promotionUrl) out(`${m.productId}\tlink\t${m.shareInfo.promotionUrl}`)
          if (m.shareInfo?.couponPromotionUrl)
            out(`${m.productId}\tcoupon\t${m.shareInfo.couponPromotionUrl}`)
        }
        return
      }
      for (const m of list) {
        const info = m.productInfo
        const s = m.shareInfo
        out(`${m.productId}  ${info.title}  (${info.shopName})`)
        out(
          `  price:  ¥${yuan(info.minPrice)}${info.discount > 0 ? `  券后 ¥${yuan(info.discountPrice)}` : ''}`,
        )
        if (!s) {
          out('  (no share info for this product)')
          continue
        }
        out(`  link:   ${s.promotionUrl}`)
        out(`  tag:    ${s.promotionTag}`)
        if (s.couponPromotionUrl) {
          out(`  coupon: ${s.couponPromotionUrl}`)
          out(`  coupon tag: ${s.couponPromotionTag ?? ''}`)
        }
        out('  wording:')
        for (const line of s.promotionWording.split('\n')) out(line ? `    ${line}` : '')
        out()
      }
      out(`${list.length} material${list.length === 1 ? '' : 's'} for pid ${pid}`)
      for (const f of written) out(`wrote ${f}`)
    })
}
