/**
 * `tuike categories` and `tuike products list|select`: every product/list filter as a flag in
 * human units, one page or `--all` (streamed, progress on stderr).
 * @module
 */
import type {
  AddressFilter,
  ProductListParams,
  ShippingMethodsFilter,
  UnionProduct,
} from '@tuike/sdk'
import { PRODUCT_PAGE_MAX } from '@tuike/sdk'
import { Command, InvalidArgumentError, Option } from 'commander'
import { clientFor, common, withCommon } from '../context.ts'
import { printList } from '../listing.ts'
import { printJson, printTable, rightAligned, summary, writeLine } from '../output.ts'
import { progressBar } from '../progress.ts'
import { choice, parseCount, parsePercent, parseSort, parseYuan, percent, yuan } from '../units.ts'

function list(value: string): string[] {
  const items = value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
  if (items.length === 0) throw new InvalidArgumentError('give at least one value')
  return items
}

const SHIPPING: Record<string, keyof ShippingMethodsFilter> = {
  express: 'express',
  'same-city': 'sameCity',
  samecity: 'sameCity',
  pickup: 'pickup',
}

function shipping(value: string): ShippingMethodsFilter {
  const out: ShippingMethodsFilter = {}
  for (const m of list(value)) out[choice(SHIPPING, 'shipping method')(m)] = 1
  return out
}

/** `广东省/深圳市/南山区`, `广东省/深圳市` or `广东省` → an addressList entry; repeatable. */
function shipFrom(value: string, previous: AddressFilter[] = []): AddressFilter[] {
  const [provinceName, cityName, countyName] = value.split('/').map((s) => s.trim())
  if (!provinceName)
    throw new InvalidArgumentError('use 省, 省/市 or 省/市/区 (e.g. 广东省/深圳市)')
  return [
    ...previous,
    {
      addressInfo: {
        provinceName,
        ...(cityName ? { cityName } : {}),
        ...(countyName ? { countyName } : {}),
      },
    },
  ]
}

function pageLimit(value: string): number {
  const n = parseCount(value)
  if (n < 1 || n > PRODUCT_PAGE_MAX) throw new InvalidArgumentError(`must be 1–${PRODUCT_PAGE_MAX}`)
  return n
}

interface ProductOptions {
  query?: string
  queryType?: number
  category?: string[]
  categoryId?: string
  excludeCategory?: string[]
  productId?: string[]
  shop?: string[]
  minPrice?: number
  maxPrice?: number
  minCommission?: number
  minRatio?: number
  sort?: number
  hasCoupon?: boolean
  shipping?: ShippingMethodsFilter
  shipFrom?: AddressFilter[]
  from: number
  limit: number
  all?: boolean
  max?: number
}

/** The wire filters of the options (everything but paging). */
export function productFilters(o: ProductOptions): Omit<ProductListParams, 'from' | 'limit'> {
  const f: Omit<ProductListParams, 'from' | 'limit'> = {}
  if (o.query !== undefined) f.query = o.query
  if (o.queryType !== undefined) f.queryType = o.queryType
  if (o.category) f.category = o.category
  if (o.categoryId) f.categoryId = o.categoryId
  if (o.excludeCategory) f.noCategory = o.excludeCategory
  if (o.productId) f.productId = o.productId
  if (o.shop) f.shopAppIds = o.shop
  if (o.minPrice !== undefined) f.minPrice = o.minPrice
  if (o.maxPrice !== undefined) f.maxPrice = o.maxPrice
  if (o.minCommission !== undefined) f.minCommissionValue = o.minCommission
  if (o.minRatio !== undefined) f.minCommissionRatio = o.minRatio
  if (o.sort !== undefined) f.sortType = o.sort
  if (o.hasCoupon) f.hasCoupon = 1
  if (o.shipping) f.shippingMethods = o.shipping
  if (o.shipFrom) f.addressList = o.shipFrom
  return f
}

/** The price a buyer pays with the union coupon, when there is one. */
function couponPrice(p: UnionProduct): number | null {
  return p.couponInfo?.hasCoupon === 1 ? p.product.info.discountPrice : null
}

export function productRow(p: UnionProduct): string[] {
  const info = p.product.info
  const cp = couponPrice(p)
  return [
    p.productId,
    info.title,
    p.shopInfo.name,
    yuan(info.minPrice),
    cp === null ? '' : yuan(cp),
    percent(p.leagueExInfo.commissionRatio),
    yuan(p.leagueExInfo.commissionValue),
    String(info.totalSoldNum),
  ]
}

/** `券后 ¥`: the price after the union coupon (券后价), empty without a coupon. */
const HEAD = ['productId', 'title', 'shop', 'price ¥', '券后 ¥', 'ratio', 'commission ¥', 'sold']
const ALIGN = rightAligned(HEAD, ['price ¥', '券后 ¥', 'ratio', 'commission ¥', 'sold'])

/** Narrow terminals cut titles and shop names, then leave out the shop and sold. */
const FIT = { flex: [1, 2], optional: [2, 7] }

function productSubcommand(verb: 'list' | 'select'): Command {
  const cmd = withCommon(new Command(verb)).description(
    verb === 'list'
      ? 'Search the union catalogue (product/list)'
      : 'Hand-picked (精选) products (product/select)',
  )
  if (verb === 'list') {
    cmd
      .option('--query <text>', 'keyword')
      .option(
        '--query-type <type>',
        'what --query matches: name, shop or spu',
        choice({ name: 0, shop: 1, spu: 2 }, 'query type'),
      )
  }
  return cmd
    .option('--category <ids>', 'category ids, comma-separated (see tuike categories)', list)
    .option('--category-id <id>', 'one category id (wins over --category on WeChat)')
    .option('--exclude-category <ids>', 'category ids to leave out', list)
    .option('--product-id <ids>', 'product (SPU) ids', list)
    .option('--shop <appids>', 'shop appids', list)
    .option('--min-price <yuan>', 'lowest price, yuan (e.g. 9.9)', parseYuan)
    .option('--max-price <yuan>', 'highest price, yuan', parseYuan)
    .option('--min-commission <yuan>', 'lowest commission per item, yuan', parseYuan)
    .option('--min-ratio <percent>', 'lowest commission ratio in percent: 20% or 20', parsePercent)
    .addOption(
      new Option(
        '--sort <order>',
        'default, price-asc, price-desc, ratio-asc, ratio-desc, commission-asc, commission-desc, sales-asc, sales-desc',
      ).argParser(parseSort),
    )
    .option('--has-coupon', 'only products with a union coupon')
    .option('--shipping <methods>', 'delivery methods: express, same-city, pickup', shipping)
    .option('--ship-from <region>', 'ships from 省[/市[/区]]; repeat for several', shipFrom)
    .option('--from <n>', 'offset of the first product', parseCount, 0)
    .option('--limit <n>', `products per page (1–${PRODUCT_PAGE_MAX})`, pageLimit, 20)
    .option('--all', 'page through every match (NDJSON with --json; progress on stderr)')
    .option('--max <n>', 'with --all: stop after this many products', parseCount)
    .addHelpText(
      'after',
      `
Prices and commissions are in yuan, ratios in percent: --min-ratio takes 20% or 20 (a bare 0.2 is
refused as ambiguous; write 0.2% for a fifth of a percent). 券后 is the price after the union
coupon (券后价). -q prints product ids only.

Examples:
  $ tuike products ${verb} --has-coupon --min-ratio 20% --sort commission-desc --limit 10
  $ tuike products ${verb} --min-price 9.9 --max-price 99 --shipping express --ship-from 广东省/深圳市
  $ tuike products ${verb} --all --min-commission 5 --json > products.ndjson`,
    )
    .action(async (opts: ProductOptions, c: Command) => {
      const client = clientFor(c)
      const o = common(c)
      const filters = productFilters(opts)
      const fetchPage = (from: number, limit: number) =>
        verb === 'list'
          ? client.products.list({ ...filters, from, limit })
          : client.products.select({ ...filters, from, limit })
      if (!opts.all) {
        const page = await fetchPage(opts.from, opts.limit)
        if (o.json) printJson({ total: page.total, productList: page.productList })
        else if (o.quiet) for (const p of page.productList) process.stdout.write(`${p.productId}\n`)
        else {
          printTable(HEAD, page.productList.map(productRow), ALIGN, FIT)
          summary(
            `${page.productList.length === 0 ? 'no products' : `${opts.from + 1}–${opts.from + page.productList.length}`} of ${page.total}`,
          )
        }
        return
      }
      await pageAll(fetchPage, opts, o)
    })
}

async function pageAll(
  fetchPage: (
    from: number,
    limit: number,
  ) => Promise<{ productList: UnionProduct[]; total: number }>,
  opts: ProductOptions,
  o: { json?: boolean; quiet?: boolean },
): Promise<void> {
  const bar = progressBar('products')
  const rows: string[][] = []
  let from = opts.from
  let seen = 0
  const max = opts.max ?? Number.POSITIVE_INFINITY
  let total = 0
  try {
    while (seen < max) {
      const page = await fetchPage(from, PRODUCT_PAGE_MAX)
      total = page.total
      for (const p of page.productList) {
        if (seen >= max) break
        seen++
        if (o.json) await writeLine(process.stdout, JSON.stringify(p))
        else if (o.quiet) await writeLine(process.stdout, p.productId)
        else rows.push(productRow(p))
      }
      from += page.productList.length
      bar.update(Math.min(seen, total), Math.min(total, max))
      if (page.productList.length === 0 || from >= page.total) break
    }
  } finally {
    bar.stop()
  }
  if (!o.json && !o.quiet) {
    printTable(HEAD, rows, ALIGN, FIT)
    summary(`${seen} of ${total}`)
  }
}

export function productsCommand(): Command {
  return new Command('products')
    .description('Find union products to promote')
    .addCommand(productSubcommand('list'))
    .addCommand(productSubcommand('select'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ tuike products list --query 洗衣液 --has-coupon\n  $ tuike products select --sort sales-desc',
    )
}

export function categoriesCommand(): Command {
  return withCommon(new Command('categories'))
    .description('List the top-level product categories (their ids go to --category)')
    .addHelpText('after', '\nExamples:\n  $ tuike categories\n  $ tuike categories --json')
    .action(async (_opts: unknown, cmd: Command) => {
      const { productCats } = await clientFor(cmd).products.categories()
      printList(cmd, productCats, {
        head: () => ['catId', 'name'],
        row: (c) => [c.catId, c.name],
        id: (c) => c.catId,
      })
    })
}
