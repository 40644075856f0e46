/**
 * Target plans (定向计划): plan info, apply, application status.
 * @module
 */
import { GeneratedTarget } from '../generated/endpoints.ts'

/** Target plans: planInfo, applyTarget, applyStatus, one request each. */
export class Target extends GeneratedTarget {}
