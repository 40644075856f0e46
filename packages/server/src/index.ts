/**
 * @tuike/server: a self-hostable server that speaks the WeChat union promoter API.
 * @module
 */
export { createTuike, servedEndpointIds, type Tuike, type TuikeOptions } from './app.ts'
export { type Clock, systemClock, TestClock } from './clock.ts'
export { DEFAULT_CONFIG, type ServerConfig } from './config.ts'
export { type Dialect, type OpenDatabase, openDatabase } from './db/open.ts'
export { createLogger, type Logger, silentLogger } from './log.ts'
export { UNSERVED } from './routes/unserved.ts'
export { type SeedCatalogueOptions, seedCatalogue } from './seed/catalogue.ts'
export { type SeedOrdersOptions, seedOrders } from './seed/orders.ts'
