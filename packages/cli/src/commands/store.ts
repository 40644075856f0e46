/**
 * `tuike store …`: the successor API (微信小店 推客带货) for a 联盟带货机构, signed in with the
 * 机构's appid and secret like any profile: sharers, products, materials, commission orders
 * (listed with their details, or synced into the same ledger as union orders) and callbacks.
 * @module
 */
import type { StoreCommissionOrder, TuikeClient } from '@tuike/sdk'
import { Command, InvalidArgumentError, Option } from 'commander'
import { clientFor, common, resolveCredentials, withCommon } from '../context.ts'
import { examples, subcommand } from '../help.ts'
import { Ledger } from '../ledger.ts'
import { listCommand } from '../listing.ts'
import { note, printJson, printTable } from '../output.ts'
import { STORE_STATUS_NAMES, syncStore } from '../store-ledger.ts'
import {
  localTime,
  nowSeconds,
  parseCount,
  parseDuration,
  parsePercent,
  parseTime,
  parseYuan,
  statusName,
  timeHead,
  yuan,
  zonedTime,
} from '../units.ts'
import { ledgerOption } from './orders.ts'
import { storeCallbacksCommand } from './store-callbacks.ts'

/** `30%` → 300000 (the successor's 1/1,000,000). */
const ratio = (v: string) => parsePercent(v) * 100
/** 1/1,000,000 → `30%`. */
export const percent = (r: number) => `${Math.round(r / 100) / 100}%`

function sharersCommand(): Command {
  const sharers = new Command('sharers')
    .addHelpText(
      'after',
      examples('tuike store sharers ls', 'tuike store sharers unbind wxSharer0000000001'),
    )
    .description('Sharers (推客) and their bind state')
    .addHelpText(
      'after',
      examples(
        'tuike store sharers ls',
        'tuike store sharers bind-status --openid oOpenId000000000000000001',
      ),
    )
  sharers.addCommand(
    listCommand(
      subcommand(
        'ls',
        'Sharers bound to the 机构',
        ['tuike store sharers ls', 'tuike store sharers ls -q'],
        { alias: 'list' },
      ),
      async (cmd) => {
        const list = []
        for await (const s of clientFor(cmd).store.sharers.listAll()) list.push(s)
        return list
      },
      {
        head: () => ['sharer_appid', 'nickname', 'commission', 'ratio', timeHead('bound')],
        row: (s) => [
          s.sharer_appid,
          s.nickname,
          s.commission_type === 0 ? 'platform' : '机构',
          percent(s.commission_ratio),
          localTime(s.bind_time),
        ],
        id: (s) => s.sharer_appid,
      },
    ),
  )
  sharers.addCommand(
    subcommand(
      'bind-status',
      'Registration and bind status of a sharer, by openid or sharer_appid',
      [
        'tuike store sharers bind-status --openid oOpenId000000000000000001',
        'tuike store sharers bind-status --sharer wxSharer0000000001 --simple',
      ],
    )
      .option('--openid <openid>', "the sharer's openid under the 机构's mini program")
      .option('--sharer <appid>', 'the sharer_appid')
      .option('--simple', 'simple registration (机构 pays the commission)')
      .action(async (o: { openid?: string; sharer?: string; simple?: boolean }, cmd: Command) => {
        if (!o.openid && !o.sharer) throw new InvalidArgumentError('give --openid or --sharer')
        const r = await clientFor(cmd).store.sharers.bindStatus({
          ...(o.openid ? { sharer_openid: o.openid } : {}),
          ...(o.sharer ? { sharer_appid: o.sharer } : {}),
          is_simple_register: !!o.simple,
        })
        if (common(cmd).json) return printJson(r)
        const pending = r.register_query_string || r.bind_query_string
        process.stdout.write(
          `registered ${['no', 'started', 'yes', 'needs payment'][r.register_status]}, bound ${r.bind_status ? 'yes' : 'no'}${r.sharer_appid ? `, sharer_appid ${r.sharer_appid}` : ''}\n${pending ? `next step: wx.openBusinessView businessType CreatorApplyments, queryString ${pending}\n` : ''}`,
        )
      }),
  )
  sharers.addCommand(
    subcommand(
      'settings <sharer_appid>',
      "Set a sharer's commission: who pays it and the sharer's share of the fee",
      ['tuike store sharers settings wxSharer0000000001 --type 1 --ratio 30%'],
    )
      .addOption(
        new Option('--type <who>', 'platform or 机构')
          .choices(['platform', '机构'])
          .makeOptionMandatory(),
      )
      .requiredOption('--ratio <percent>', "the sharer's share, 10%–100%", ratio)
      .action(async (sharer: string, o: { type: string; ratio: number }, cmd: Command) => {
        await clientFor(cmd).store.sharers.setCommission({
          sharer_appid: sharer,
          commission_type: o.type === 'platform' ? 0 : 1,
          commission_ratio: o.ratio,
        })
        if (common(cmd).json) return printJson({ sharer_appid: sharer, ok: true })
        if (!common(cmd).quiet) process.stdout.write(`${sharer}: ${o.type}, ${percent(o.ratio)}\n`)
      }),
  )
  sharers.addCommand(
    subcommand('unbind <sharer_appid>', 'Unbind a sharer from the 机构', [
      'tuike store sharers unbind wxSharer0000000001',
    ]).action(async (sharer: string, _o: unknown, cmd: Command) => {
      await clientFor(cmd).store.sharers.unbind({ sharer_appid: sharer })
      if (!common(cmd).quiet) process.stdout.write(`unbound ${sharer}\n`)
    }),
  )
  return sharers
}

interface ProductFilters {
  planType: string
  keyword?: string
  category?: string
  minPrice?: number
  maxPrice?: number
  minSales?: number
  minRatio?: number
  limit: number
}

async function productRows(client: TuikeClient, o: ProductFilters) {
  const range = (min?: number, max?: number) =>
    min === undefined && max === undefined ? undefined : { min, max }
  const body = {
    plan_type: Number(o.planType),
    ...(o.keyword ? { keyword: o.keyword } : {}),
    ...(o.category ? { category: { category_id: o.category } } : {}),
    spu_item_condition: {
      selling_price_range: range(o.minPrice, o.maxPrice),
      monthly_sales_range: range(o.minSales),
      // The search filters are on 1/100,000; --min-ratio is parsed to 1/10,000.
      service_fee_rate_range: range(o.minRatio === undefined ? undefined : o.minRatio * 10),
    },
  }
  const rows = []
  for await (const key of client.store.products.listAll(body)) {
    const { product } = await client.store.products.retrieve({ ...key, plan_type: body.plan_type })
    rows.push(product)
    if (rows.length >= o.limit) break
  }
  return rows
}

function productsCommand(): Command {
  const products = new Command('products')
    .description('Promotable products (推客带货 plans)')
    .addHelpText(
      'after',
      examples(
        'tuike store products ls --keyword 洗衣液',
        'tuike store products info 1000000000000000001 --shop wxShop000000000001',
      ),
    )
  products.addCommand(
    subcommand(
      'ls',
      'Products with their lowest SKU price and the 机构 service ratio',
      [
        'tuike store products ls --keyword 洗衣液 --min-ratio 10%',
        'tuike store products ls --min-price 9.9 --max-price 99 --limit 20 --json',
      ],
      { alias: 'list' },
    )
      .addOption(new Option('--plan-type <n>', '1 定向, 2 公开, 3/4 机构').default('2'))
      .option('--keyword <text>')
      .option('--category <id>', 'category id (any level)')
      .option('--min-price <yuan>', 'lowest selling price', parseYuan)
      .option('--max-price <yuan>', 'highest selling price', parseYuan)
      .option('--min-sales <n>', 'monthly sales at least', parseCount)
      .option('--min-ratio <percent>', 'service ratio at least', parsePercent)
      .option('--limit <n>', 'at most this many (one detail call each)', parseCount, 20)
      .action(async (o: ProductFilters, cmd: Command) => {
        const rows = await productRows(clientFor(cmd), o)
        if (common(cmd).json) return printJson(rows)
        printTable(
          ['product_id', 'shop_appid', 'title', 'price ¥', 'service', 'sales 30d'],
          rows.map((p) => [
            String(p.product_id),
            p.shop_appid,
            p.product_info.title,
            yuan(Math.min(...p.product_info.skus.map((s) => s.sale_price))),
            percent(p.commission_info.service_ratio),
            String(p.product_info.statistical_data.sales_in_30_days),
          ]),
          ['left', 'left', 'left', 'right', 'right', 'right'],
        )
      }),
  )
  products.addCommand(
    subcommand('info <product_id>', 'One product: SKUs and commission', [
      'tuike store products info 1000000000000000001 --shop wxShop000000000001',
    ])
      .requiredOption('--shop <shop_appid>')
      .addOption(new Option('--plan-type <n>').default('2'))
      .action(async (id: string, o: { shop: string; planType: string }, cmd: Command) => {
        const { product } = await clientFor(cmd).store.products.retrieve({
          product_id: id,
          shop_appid: o.shop,
          plan_type: Number(o.planType),
        })
        if (common(cmd).json) return printJson(product)
        const c = product.commission_info
        process.stdout.write(
          `${product.product_info.title}\nshop ${product.shop_appid}  service ${percent(c.service_ratio)}  ${zonedTime(c.start_time)} – ${zonedTime(c.end_time)}\n`,
        )
        printTable(
          ['sku_id', 'price ¥', 'stock', 'attributes'],
          product.product_info.skus.map((s) => [
            s.sku_id,
            yuan(s.sale_price),
            String(s.stock_num),
            s.sku_attrs.map((a) => `${a.attr_key}:${a.attr_value}`).join(' '),
          ]),
        )
      }),
  )
  return products
}

function materialsCommand(): Command {
  const materials = new Command('materials').addHelpText(
    'after',
    examples(
      'tuike store materials link 1000000000000000001 --shop wxShop000000000001 --sharer wxSharer0000000001',
    ),
  )
  materials.description("A sharer's promotion material for a product")
  const kinds = {
    link: 'short links (short_link, http_short_link)',
    qr: 'the QR code URL',
    info: 'the single-product promotion link',
  } as const
  for (const [kind, what] of Object.entries(kinds)) {
    materials.addCommand(
      withCommon(new Command(kind))
        .addHelpText(
          'after',
          examples(
            `tuike store materials ${kind} 1000000000000000001 --shop wxShop000000000001 --sharer wxSharer0000000001`,
          ),
        )
        .description(`The sharer's ${what}`)
        .argument('<product_id>')
        .requiredOption('--shop <shop_appid>')
        .requiredOption('--sharer <sharer_appid>')
        .action(async (id: string, o: { shop: string; sharer: string }, cmd: Command) => {
          const m = clientFor(cmd).store.materials
          const body = { product_id: id, shop_appid: o.shop, sharer_appid: o.sharer }
          const r =
            kind === 'link'
              ? await m.link(body)
              : kind === 'qr'
                ? await m.qrcode(body)
                : await m.singleProduct(body)
          if (common(cmd).json) return printJson(r)
          const {
            errcode: _e,
            errmsg: _m,
            product_id: _p,
            shop_appid: _s,
            ...out
          } = r as Record<string, unknown>
          process.stdout.write(
            Object.values(out)
              .map((v) => `${v}\n`)
              .join(''),
          )
        }),
    )
  }
  return materials
}

const orderHead = () => [
  'order_id',
  'sku_id',
  timeHead('created'),
  'status',
  'paid ¥',
  'sharer',
  'sharer ¥',
  '机构 ¥',
]

function orderRow(o: StoreCommissionOrder): string[] {
  const c = o.order_detail.commission_info
  return [
    o.order_id,
    o.sku_id,
    localTime(o.create_time),
    statusName(STORE_STATUS_NAMES[o.status] ?? String(o.status)),
    yuan(o.order_detail.product_info.actual_payment),
    c.sharer_info?.nickname ?? '',
    yuan(c.sharer_info?.amount ?? 0),
    yuan(c.service_amount),
  ]
}

function ordersCommand(): Command {
  const orders = new Command('orders')
    .description('Commission orders (佣金单)')
    .addHelpText(
      'after',
      examples('tuike store orders ls --since 7d', 'tuike store orders sync --ledger store.sqlite'),
    )
  orders.addCommand(
    subcommand(
      'ls',
      'Commission orders in a time range, each with its detail',
      [
        'tuike store orders ls --since 7d',
        'tuike store orders ls --since 2026-11-01 --by update --sharer wxSharer0000000001 --json',
      ],
      { alias: 'list' },
    )
      .requiredOption('--since <when>', '2026-11-01, 7d, Unix seconds', (v) => parseTime(v))
      .option('--until <when>', 'default now; a bare date includes that day', (v) =>
        parseTime(v, true),
      )
      .addOption(
        new Option('--by <time>', 'create or update time')
          .choices(['create', 'update'])
          .default('create'),
      )
      .option('--sharer <appid>', "only this sharer's orders")
      .option('--concurrency <n>', 'order/get calls in flight', parseCount, 4)
      .action(
        async (
          o: { since: number; until?: number; by: string; sharer?: string; concurrency: number },
          cmd: Command,
        ) => {
          const range = { start_time: o.since, end_time: (o.until ?? nowSeconds() + 1) - 1 }
          const body = {
            ...(o.by === 'create' ? { create_time_range: range } : { update_time_range: range }),
            ...(o.sharer ? { sharer_appid: o.sharer } : {}),
          }
          const list: StoreCommissionOrder[] = []
          for await (const d of clientFor(cmd).store.orders.listDetails(body, {
            concurrency: Math.max(1, o.concurrency),
          }))
            list.push(d)
          if (common(cmd).json) return printJson(list)
          printTable(orderHead(), list.map(orderRow), [
            'left',
            'left',
            'left',
            'left',
            'right',
            'left',
            'right',
            'right',
          ])
          if (!common(cmd).quiet)
            process.stdout.write(`${list.length} commission order${list.length === 1 ? '' : 's'}\n`)
        },
      ),
  )
  orders.addCommand(
    subcommand(
      'sync',
      'Bring the ledger up to date with the 机构’s commission orders (resumable)',
      [
        'tuike store orders sync --ledger store.sqlite',
        'tuike store orders sync --ledger store.sqlite --since 2026-11-01 --json',
      ],
    )
      .addOption(ledgerOption())
      .option('--since <when>', 'first run: update times from here', (v) => parseTime(v), undefined)
      .option('--overlap <duration>', 're-read this much before the last sync', parseDuration, 3600)
      .option(
        '--window <duration>',
        'update time per window, each written with its checkpoint',
        parseDuration,
        86_400,
      )
      .option('--concurrency <n>', 'order/get calls in flight', parseCount, 4)
      .option('--full', 'ignore the stored watermark and read from --since again')
      .action(
        async (
          o: {
            ledger: string
            since?: number
            overlap: number
            window: number
            concurrency: number
            full?: boolean
          },
          cmd: Command,
        ) => {
          const creds = resolveCredentials(cmd)
          const now = nowSeconds()
          const ledger = new Ledger(o.ledger)
          try {
            const s = await syncStore(clientFor(cmd), ledger, creds.appid, now, {
              ...o,
              since: o.since ?? now - 30 * 86400,
              concurrency: Math.max(1, o.concurrency),
            })
            if (common(cmd).json) return printJson(s)
            if (!common(cmd).quiet)
              note(
                `synced ${s.fetched} commission orders updated ${zonedTime(s.from)} – ${zonedTime(s.until)}: ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged; ${s.orders} store orders in ${s.ledger}`,
              )
          } finally {
            ledger.close()
          }
        },
      ),
  )
  return orders
}

export function storeCommand(): Command {
  return new Command('store')
    .description(
      'The successor API (微信小店 推客带货) for a 联盟带货机构: sharers, products, materials, orders, callbacks',
    )
    .addCommand(sharersCommand())
    .addCommand(productsCommand())
    .addCommand(materialsCommand())
    .addCommand(ordersCommand())
    .addCommand(storeCallbacksCommand())
    .addHelpText(
      'after',
      `
Sign in with the 机构's appid and secret (tuike login --appid <机构 appid>, or TUIKE_APPID and
TUIKE_APPSECRET). Ratios are percentages here, 1/1,000,000 on the wire.

Examples:
  $ tuike store sharers ls
  $ tuike store products ls --min-price 10 --limit 5
  $ tuike store materials link 10000000000000001 --shop wx… --sharer wx…
  $ tuike store orders ls --since 7d
  $ tuike store orders sync --ledger orders.sqlite && tuike report --source ledger --ledger orders.sqlite`,
    )
}
