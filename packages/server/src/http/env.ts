/**
 * The app's Hono environment, typed once: every route module registers on an `AppHono`.
 * @module
 */
import type { Context, Hono } from 'hono'
import type { AccessVariables } from './access.ts'

export interface AppEnv {
  Variables: AccessVariables
}

export type AppHono = Hono<AppEnv>
export type AppContext = Context<AppEnv>
