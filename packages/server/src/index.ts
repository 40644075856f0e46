/**
 * @tuike/server: a self-hostable server that speaks the WeChat union promoter API.
 * @module
 */
export { createTuike, servedEndpointIds, type Tuike, type TuikeOptions } from './app.ts'
export { type Clock, systemClock, TestClock } from './clock.ts'
export { DEFAULT_CONFIG, type ServerConfig } from './config.ts'
export { type BackupSummary, backupSqlite, restoreSqlite } from './db/backup.ts'
export { type MigrationStatus, migrateUp, migrationStatus, refuseNewer } from './db/migrate.ts'
export {
  type DatabaseOptions,
  type Dialect,
  maskDatabaseUrl,
  type OpenDatabase,
  openDatabase,
} from './db/open.ts'
export { createLogger, LOG_LEVELS, type Logger, type LogLevel, silentLogger } from './log.ts'
export { clusterMetrics, Metrics } from './ops/metrics.ts'
export { UNSERVED } from './routes/unserved.ts'
export { type SeedCatalogueOptions, seedCatalogue } from './seed/catalogue.ts'
export { type SeedOrdersOptions, seedOrders } from './seed/orders.ts'
export {
  CategoryImport,
  ProductImport,
  ShopImport,
  SkuImport,
} from './services/catalogue-write.ts'
export { CouponImport } from './services/coupon.ts'
export type { NewOrder, NewOrderLine } from './services/orders.ts'
export { Settings } from './services/settings.ts'
export { webhookSignature } from './services/webhooks.ts'
export { StartupError } from './startup-error.ts'
