/**
 * `tuike store callbacks show|deliveries|listen`: the 机构's callback settings and deliveries
 * (Tuike's operator API: WeChat offers no API for them), and a local receiver that verifies and
 * decrypts each callback with the SDK's middleware and prints it as NDJSON.
 * @module
 */
import { createServer } from 'node:http'
import type { TuikeClient } from '@tuike/sdk'
import { storeCallbackMiddleware } from '@tuike/sdk/store-callbacks'
import { Command, Option } from 'commander'
import { common, resolveCredentials, sdkClient } from '../context.ts'
import { CliError } from '../errors.ts'
import { examples, subcommand } from '../help.ts'
import { listCommand } from '../listing.ts'
import { note, printJson } from '../output.ts'
import { localTime, parseCount, timeHead } from '../units.ts'

/** An operator client for the signed-in 机构's server (TUIKE_ADMIN_KEY). */
function operator(cmd: Command): { client: TuikeClient; appid: string } {
  const { appid, baseURL } = resolveCredentials(cmd)
  const adminKey = process.env.TUIKE_ADMIN_KEY
  if (!adminKey)
    throw new CliError('callback settings live in the operator API: set TUIKE_ADMIN_KEY', 2)
  return { client: sdkClient({ baseURL, adminKey }), appid }
}

export function storeCallbacksCommand(): Command {
  const callbacks = new Command('callbacks').addHelpText(
    'after',
    examples(
      'tuike store callbacks show',
      'tuike store callbacks listen --port 8788 --token "$TOKEN" --aes-key "$AES_KEY"',
    ),
  )
  callbacks.description('The 机构 callbacks: settings, deliveries, and a local receiver')
  callbacks.addCommand(
    subcommand('show', 'The callback URL and mode (Tuike servers; needs TUIKE_ADMIN_KEY)', [
      'tuike store callbacks show',
      'tuike store callbacks show --json',
    ]).action(async (_o: unknown, cmd: Command) => {
      const { client, appid } = operator(cmd)
      const inst = await client.admin.institutions.get(appid)
      if (common(cmd).json) return printJson(inst.callback)
      process.stdout.write(
        inst.callback
          ? `url  ${inst.callback.url}\nmode ${inst.callback.mode}\n`
          : 'no callback URL set\n',
      )
    }),
  )
  callbacks.addCommand(
    listCommand(
      subcommand(
        'deliveries',
        'The latest callback deliveries (Tuike servers; needs TUIKE_ADMIN_KEY)',
        ['tuike store callbacks deliveries', 'tuike store callbacks deliveries --json'],
      ),
      async (cmd) => {
        const { client, appid } = operator(cmd)
        return (await client.admin.institutions.callbacks(appid)).deliveryList
      },
      {
        head: () => ['deliveryId', 'event', 'status', 'attempts', timeHead('created')],
        row: (d) => [
          d.deliveryId,
          d.event,
          d.status,
          String(d.attempts.length),
          localTime(d.createdAt),
        ],
      },
    ),
  )
  callbacks.addCommand(
    subcommand('listen', 'Receive callbacks locally: verify, decrypt, print each event as NDJSON', [
      'tuike store callbacks listen --port 8788 --token "$TOKEN" --aes-key "$AES_KEY"',
    ])
      .option('--port <n>', 'port to listen on', parseCount, 8788)
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .addOption(new Option('--token <token>', 'the callback Token').env('TUIKE_CALLBACK_TOKEN'))
      .addOption(
        new Option('--aes-key <key>', 'the 43-character EncodingAESKey').env(
          'TUIKE_CALLBACK_AES_KEY',
        ),
      )
      .action(
        async (
          o: { port: number; host: string; token?: string; aesKey?: string },
          cmd: Command,
        ) => {
          if (!o.token) throw new CliError('give --token (or TUIKE_CALLBACK_TOKEN)', 2)
          const { appid } = resolveCredentials(cmd)
          const handler = storeCallbackMiddleware(
            { token: o.token, appid, ...(o.aesKey ? { encodingAesKey: o.aesKey } : {}) },
            (event, cb) => {
              process.stdout.write(`${JSON.stringify({ mode: cb.mode, event })}\n`)
            },
          )
          const server = createServer((req, res) => void handler(req, res))
          await new Promise<void>((resolve) => server.listen(o.port, o.host, resolve))
          note(`listening on http://${o.host}:${o.port}/ for ${appid}'s callbacks (Ctrl-C stops)`)
        },
      ),
  )
  return callbacks
}
