/**
 * `tuike seed`: fill a database with the deterministic demo catalogue and order traffic.
 * @module
 */
import { Command, InvalidArgumentError, Option } from 'commander'
import { CliError } from '../errors.ts'
import { progressBar } from '../progress.ts'

function count(value: string): number {
  const n = Number(value.replace(/_/g, ''))
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('must be a non-negative integer')
  return n
}

export function seedCommand(): Command {
  return new Command('seed')
    .description('Seed the demo catalogue and/or order traffic into a database')
    .addOption(
      new Option('--db <url>', 'database: sqlite:<file> or a postgres:// URL')
        .env('TUIKE_DB')
        .default('sqlite:./.tuike/tuike.db'),
    )
    .option('--products <n>', 'products to generate (into an empty catalogue)', count)
    .option('--orders <n>', 'orders to generate over the last 90 days', count)
    .option('--promoters <n>', 'promoters to spread the orders over', count, 1)
    .option('--seed <s>', 'PRNG seed: the same seed gives the same data', count, 1)
    .addHelpText(
      'after',
      `
Examples:
  $ tuike seed --products 1000000 --db sqlite:./big.db
  $ tuike seed --orders 5000000 --promoters 1000 --db sqlite:./big.db`,
    )
    .action(
      async (opts: {
        db: string
        products?: number
        orders?: number
        promoters: number
        seed: number
      }) => {
        if (opts.products === undefined && opts.orders === undefined) {
          throw new CliError('nothing to seed: pass --products N and/or --orders N', 2)
        }
        // Loaded on use: promoter commands start without loading the server.
        const { openDatabase, seedCatalogue, seedOrders } = await import('@tuike/server')
        const database = await openDatabase(opts.db)
        try {
          if (opts.products !== undefined) {
            const bar = progressBar('products')
            const r = await seedCatalogue(database.db, {
              products: opts.products,
              seed: opts.seed,
              onProgress: (done, total, phase) => bar.update(done, total, phase),
            })
            bar.stop()
            process.stdout.write(
              `seeded ${r.products} products, ${r.shops} shops, ${r.categories} categories in ${(r.ms / 1000).toFixed(1)} s\n`,
            )
          }
          if (opts.orders !== undefined) {
            const bar = progressBar('orders')
            const r = await seedOrders(database.db, {
              orders: opts.orders,
              promoters: opts.promoters,
              seed: opts.seed,
              onProgress: (done, total) => bar.update(done, total),
            })
            bar.stop()
            process.stdout.write(`seeded ${r.orders} orders in ${(r.ms / 1000).toFixed(1)} s\n`)
          }
        } catch (err) {
          throw new CliError((err as Error).message)
        } finally {
          await database.close()
        }
      },
    )
}
