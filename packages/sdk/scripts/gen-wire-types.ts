/**
 * Generates src/wire-types.ts: the contract's request and response types, expanded into plain
 * type literals so the SDK (and its published .d.ts) never imports @tuike/contract. Also writes
 * test/wire-types.typecheck.ts, which `tsc` uses to prove each generated type still equals the
 * contract's. Run: `node --import tsx packages/sdk/scripts/gen-wire-types.ts` (then it formats
 * both files with Biome).
 * @module
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AdminEndpoint } from '@tuike/contract'
import ts from 'typescript'
import { ENDPOINT_METHODS, STORE_ENDPOINT_METHODS } from '../src/endpoint-methods.ts'
import { endpointsSource } from './gen-endpoints.ts'
import {
  adminClientSource,
  adminTypeName,
  copiedSource,
  errcodesSource,
  HEADER,
} from './gen-sources.ts'

const here = dirname(fileURLToPath(import.meta.url))
export const SDK_DIR = join(here, '..')

/** Per endpoint: the generated name prefix. GET endpoints get `<P>Query`, POST `<P>Body`. */
export const ENDPOINT_NAMES: Record<string, string> = {
  'cgi-bin/token': 'Token',
  'cgi-bin/stable_token': 'StableToken',
  'promotion/add': 'PromotionCreate',
  'promotion/del': 'PromotionDelete',
  'promotion/upd': 'PromotionUpdate',
  'promotion/list': 'PromotionList',
  'product/category': 'ProductCategories',
  'product/list': 'ProductList',
  'product/select': 'ProductSelect',
  'product/generate': 'ProductGenerate',
  'product/parse_tag': 'ProductParseTag',
  'order/info': 'OrderRetrieve',
  'order/search': 'OrderSearch',
  'order/search_normal_order': 'NormalOrderSearch',
  'target/plan_info': 'TargetPlanInfo',
  'target/apply_target': 'TargetApplyTarget',
  'target/apply_status': 'TargetApplyStatus',
  'open_account/bind': 'OpenAccountBind',
  'open_account/get': 'OpenAccountRetrieve',
  'open_account/add_customize_info': 'OpenAccountAddCustomizeInfo',
  'open_account/del_customize_info': 'OpenAccountDeleteCustomizeInfo',
  'open_account/get_customize_info': 'OpenAccountRetrieveCustomizeInfo',
  'open_product/list': 'OpenProductList',
  'open_product/generate': 'OpenProductGenerate',
  'tuike/order/changes': 'TuikeOrderChanges',
  'tuike/webhook/add': 'TuikeWebhookCreate',
  'tuike/webhook/list': 'TuikeWebhookList',
  'tuike/webhook/del': 'TuikeWebhookDelete',
  'tuike/webhook/test': 'TuikeWebhookTest',
  'tuike/webhook/redeliver': 'TuikeWebhookRedeliver',
  'tuike/webhook/deliveries': 'TuikeWebhookDeliveries',
  'tuike/report': 'TuikeReport',
  'tuike/attribution/explain': 'TuikeAttributionExplain',
}

/** The successor API's endpoints (STORE_ENDPOINTS), named the same way with a `Store` prefix. */
export const STORE_ENDPOINT_NAMES: Record<string, string> = {
  'promoter/get_promoter_register_and_bind_status': 'StoreRegisterAndBindStatus',
  'promoter/get_bind_sharer_list': 'StoreBindSharerList',
  'promoter/headsupplier_unbind_promoter': 'StoreUnbindSharer',
  'promoter/set_sharer_commission_info': 'StoreSetSharerCommission',
  'promoter/get_promote_product_list': 'StorePromoteProductList',
  'promoter/get_promote_product_detail': 'StorePromoteProductRetrieve',
  'promoter/set_sharer_product_commission_info': 'StoreSetSharerProductCommission',
  'promoter/get_sharer_product_commission_info': 'StoreSharerProductCommission',
  'promoter/get_product_promotion_link_info': 'StorePromotionLink',
  'promoter/get_product_promotion_qrcode_info': 'StorePromotionQrcode',
  'promoter/get_promoter_single_product_promotion_info': 'StoreSingleProductPromotion',
  'headsupplier/order/list/get': 'StoreOrderList',
  'headsupplier/order/get': 'StoreOrderRetrieve',
}

/**
 * The SDK's names for what a union method takes when it is the row's input as is:
 * `<prefix>Params`, an alias of `<prefix>Query` or `<prefix>Body`, with its doc.
 */
export const PARAMS: Record<string, string> = {
  'promotion/add': '`promotionSourceName`: 1–20 characters, unique among the live spots.',
  'promotion/del': "The spot's pid and its current name (both must match).",
  'promotion/upd': 'The spot as it is now, and its new name.',
  'promotion/list': '`start` (0-based) and `limit`; default 0/20.',
  'product/generate': '`pid` and up to 50 `{productId, appId, customizeInfo?}`.',
  'product/parse_tag': '`tagList`: `#小程序://…` tags.',
  'order/search': '`page` (1-based), `pageSize` (≤ 200), pay-time or update-time window.',
  'target/plan_info': "`planInvitationUrl`: the plan's invitation link.",
  'target/apply_target': '`planId` (a string: it can exceed 2^53) and `applyReason`.',
  'target/apply_status': '`planId`.',
  'open_account/bind': '`openAccount`: an Open Platform appid of the same legal entity.',
  'open_account/add_customize_info': '`unionid` and its `customizeInfo`.',
  'open_account/del_customize_info': '`unionid`.',
  'open_account/get_customize_info': '`unionid`.',
  'open_product/generate': '`pid`, `getShortUrl`/`getInfo` (default true) and up to 50 products.',
}

/**
 * Shared shapes, by name: `z.output` of the contract's schema of that name (models), unless
 * `schema` names another or `mode` is `input` (filters the caller builds).
 */
const MODELS: Record<string, { doc: string; schema?: string; mode?: 'input' }> = {
  Promotion: { doc: 'A promotion spot (推广位).' },
  ProductCategory: { doc: 'A product category.' },
  UnionProduct: { doc: 'A union product.' },
  GeneratedMaterial: { doc: 'Promotion material for one product.' },
  ParsedTag: { doc: 'A decoded promotion tag.' },
  ParsedTagError: { doc: 'A per-tag error inside a successful parse_tag response (37027).' },
  Order: { doc: 'An order of order/info and order/search.' },
  OrderProduct: { doc: 'One product line of an order.' },
  CommissionStatus: { doc: 'Commission state of an order line.' },
  NormalOrder: { doc: 'A trade-component order.' },
  OpenProduct: { doc: 'A trade-component product.' },
  PlanProduct: { doc: 'A product of a target plan.' },
  PlanApplication: { doc: 'An application to a target plan.' },
  OrderChange: { doc: 'One change of the Tuike order change feed.' },
  OrderEvent: { doc: 'An order change type / webhook event.' },
  Webhook: { doc: 'A Tuike webhook subscription.' },
  WebhookDelivery: { doc: 'One webhook delivery with its attempts.', schema: 'Delivery' },
  ReportRow: { doc: 'One row of a Tuike report (fen).' },
  StoreBoundSharer: { doc: 'A sharer bound to the 机构.', schema: 'BoundSharer' },
  StorePromoteProduct: { doc: 'A promotable product of the successor API (detail).' },
  StoreCommissionOrder: { doc: 'A commission order of the successor API (`commssion_order`).' },
  StoreCallbackEvent: { doc: 'A decrypted 机构 callback event.' },
  CommissionOrderUpdateEvent: { doc: 'The head_supplier_commission_order_update callback event.' },
  PromoterBindEvent: { doc: 'The promoter_bind_result callback event.' },
  ShippingMethodsFilter: {
    doc: 'The `shippingMethods` filter (sent as JSON text).',
    mode: 'input',
  },
  AddressFilter: {
    doc: 'One `addressList` filter entry (the list is sent as JSON text).',
    mode: 'input',
  },
  PromoterView: { doc: 'A promoter account (admin API).' },
  AdminOrder: { doc: 'An order with its promoter (admin API).' },
  AdminPlan: { doc: 'A targeted plan (admin API).' },
  ImportResult: { doc: 'What an NDJSON import applied.' },
}

interface Entry {
  name: string
  contract: string
  doc: string
  /** Written as an alias of this generated type, not expanded. */
  alias?: string
}

function adminEntries(admin: readonly AdminEndpoint[]): Entry[] {
  const out: Entry[] = []
  for (const ep of admin) {
    const row = `(typeof ADMIN_ENDPOINTS)['${ep.id}']`
    const name = adminTypeName(ep.id)
    const wire = `${ep.method} ${ep.path}`
    if (ep.params)
      out.push({
        name: `${name}Params`,
        contract: `AdminParams<${row}>['params']`,
        doc: `Path parameters of \`${wire}\`.`,
      })
    if (ep.body)
      out.push({
        name: `${name}Body`,
        contract: `AdminParams<${row}>['body']`,
        doc: `Body of \`${wire}\`.`,
      })
    out.push({
      name: `${name}Response`,
      contract: `AdminResponse<${row}>`,
      doc: `Success response of \`${wire}\`.`,
    })
  }
  return out
}

function entries(methods: Record<string, 'GET' | 'POST'>, paths: Record<string, string>): Entry[] {
  const out: Entry[] = []
  const named = [
    ...Object.entries(ENDPOINT_NAMES).map(([id, prefix]) => ['ENDPOINTS', id, prefix] as const),
    ...Object.entries(STORE_ENDPOINT_NAMES).map(
      ([id, prefix]) => ['STORE_ENDPOINTS', id, prefix] as const,
    ),
  ]
  for (const [table, id, prefix] of named) {
    const ep = `(typeof ${table})['${id}']`
    const wire = `${methods[id]} ${paths[id]}`
    const input = `${prefix}${methods[id] === 'GET' ? 'Query' : 'Body'}`
    out.push({
      name: input,
      contract: `EndpointParams<${ep}>`,
      doc: `${methods[id] === 'GET' ? 'Query' : 'JSON body'} of \`${wire}\`, as on the wire.`,
    })
    if (PARAMS[id]) {
      out.push({
        name: `${prefix}Params`,
        contract: `EndpointParams<${ep}>`,
        doc: PARAMS[id],
        alias: input,
      })
    }
    out.push({
      name: `${prefix}Response`,
      contract: `EndpointResponse<${ep}>`,
      doc: `Success response of \`${wire}\`.`,
    })
  }
  for (const [name, m] of Object.entries(MODELS)) {
    out.push({
      name,
      contract: `z.${m.mode ?? 'output'}<typeof C.${m.schema ?? name}>`,
      doc: m.doc,
    })
  }
  return out
}

const PRELUDE = `import type * as C from '@tuike/contract'
import type {
  ADMIN_ENDPOINTS,
  AdminParams,
  AdminResponse,
  ENDPOINTS,
  EndpointParams,
  EndpointResponse,
  STORE_ENDPOINTS,
} from '@tuike/contract'
import type { z } from 'zod'
`

/** Build both files' text (unformatted). */
export async function generate(): Promise<{ types: string; check: string }> {
  const { ENDPOINTS, STORE_ENDPOINTS, ADMIN_ENDPOINT_LIST } = await import('@tuike/contract')
  const all = [...Object.values(ENDPOINTS), ...Object.values(STORE_ENDPOINTS)]
  const methods = Object.fromEntries(all.map((e) => [e.id, e.method]))
  const paths = Object.fromEntries(all.map((e) => [e.id, e.path]))
  for (const id of Object.keys(ENDPOINTS)) {
    if (!ENDPOINT_NAMES[id]) throw new Error(`gen-wire-types: no name for endpoint ${id}`)
  }
  for (const id of Object.keys(STORE_ENDPOINTS)) {
    if (!STORE_ENDPOINT_NAMES[id]) throw new Error(`gen-wire-types: no name for endpoint ${id}`)
  }
  for (const id of Object.keys(PARAMS)) {
    if (!(id in ENDPOINTS))
      throw new Error(`gen-wire-types: PARAMS names ${id}, which is no endpoint`)
  }
  const list = [...entries(methods, paths), ...adminEntries(ADMIN_ENDPOINT_LIST)]
  const dir = mkdtempSync(join(SDK_DIR, '.gen-'))
  try {
    const probe = join(dir, 'probe.ts')
    writeFileSync(
      probe,
      PRELUDE + list.map((e) => `export type ${e.name} = ${e.contract}\n`).join(''),
    )
    const program = ts.createProgram([probe], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: true,
    })
    const diags = ts.getPreEmitDiagnostics(program, program.getSourceFile(probe))
    if (diags.length) throw new Error(ts.formatDiagnostics(diags, ts.createCompilerHost({})))
    const checker = program.getTypeChecker()
    const sf = program.getSourceFile(probe)!
    const flags =
      ts.TypeFormatFlags.NoTruncation |
      ts.TypeFormatFlags.InTypeAlias |
      ts.TypeFormatFlags.MultilineObjectLiterals
    const body: string[] = []
    for (const st of sf.statements) {
      if (!ts.isTypeAliasDeclaration(st)) continue
      const e = list.find((x) => x.name === st.name.text)!
      if (e.alias) {
        body.push(`/** ${e.doc} */\nexport type ${e.name} = ${e.alias}\n`)
        continue
      }
      const text = checker.typeToString(checker.getTypeAtLocation(st.name), undefined, flags)
      if (/\bimport\(|\bz\.|\$Zod|\bZod/.test(text)) {
        throw new Error(`gen-wire-types: ${e.name} did not expand to a plain type: ${text}`)
      }
      body.push(`/** ${e.doc} */\nexport type ${e.name} = ${text}\n`)
    }
    const types = `${HEADER}\n/**\n * Wire types of every endpoint, expanded from the contract's zod schemas.\n * @module\n */\n\n${body.join('\n')}`
    const check = `${HEADER}
/**
 * Type-level test, checked by \`tsc\`: each generated wire type equals the contract's.
 * @module
 */
${PRELUDE}import type * as W from '../src/wire-types.ts'

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
function same<_T extends true>(): void {}

${list.map((e) => `same<Same<W.${e.name}, ${e.contract}>>()`).join('\n')}
`
    return { types, check }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The generated runtime files, by path below the SDK (unformatted). */
export async function runtimeSources(): Promise<Record<string, string>> {
  const { ADMIN_ENDPOINT_LIST, ENDPOINT_LIST, ERRCODES, ERR_KINDS, STORE_ENDPOINT_LIST } =
    await import('@tuike/contract')
  return {
    'src/generated/admin.ts': adminClientSource(ADMIN_ENDPOINT_LIST),
    'src/generated/endpoints.ts': endpointsSource(
      [...ENDPOINT_LIST, ...STORE_ENDPOINT_LIST],
      { ...ENDPOINT_METHODS, ...STORE_ENDPOINT_METHODS },
      { ...ENDPOINT_NAMES, ...STORE_ENDPOINT_NAMES },
      new Set(Object.keys(PARAMS)),
    ),
    'src/generated/errcodes.ts': errcodesSource(ERRCODES, [...ERR_KINDS]),
    'src/generated/money.ts': copiedSource('money.ts'),
    'src/generated/page-headers.ts': copiedSource('page-headers.ts'),
    'src/generated/wechat-crypto.ts': copiedSource('wechat-crypto.ts'),
    'src/generated/time.ts': copiedSource('time.ts'),
    'src/generated/orders-csv.ts': copiedSource('orders-csv.ts'),
  }
}

/** Format TypeScript text with the repository's Biome settings. */
export function format(text: string, name: string): string {
  return execFileSync('npx', ['biome', 'format', `--stdin-file-path=${name}`], {
    cwd: SDK_DIR,
    input: text,
    encoding: 'utf8',
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { types, check } = await generate()
  writeFileSync(join(SDK_DIR, 'src/wire-types.ts'), format(types, 'src/wire-types.ts'))
  writeFileSync(
    join(SDK_DIR, 'test/wire-types.typecheck.ts'),
    format(check, 'test/wire-types.typecheck.ts'),
  )
  for (const [file, text] of Object.entries(await runtimeSources())) {
    writeFileSync(join(SDK_DIR, file), format(text, file))
  }
  console.log('wrote src/wire-types.ts, test/wire-types.typecheck.ts and src/generated/*.ts')
}
