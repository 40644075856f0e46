/**
 * Custom user parameters (自定义用户参数): bind an Open Platform account, then attach a string
 * to a unionid; that user's orders carry it as `customUserId`.
 * @module
 */
import { GeneratedOpenAccount } from '../generated/endpoints.ts'

/** The Open Platform binding and custom strings, one request each. */
export class OpenAccount extends GeneratedOpenAccount {}
