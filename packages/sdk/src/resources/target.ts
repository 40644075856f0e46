/**
 * Target plans (定向计划): plan info, apply, application status.
 * @module
 */
import { GeneratedTarget } from '../generated/endpoints.ts'
import type {
  TargetApplyStatusQuery,
  TargetApplyTargetBody,
  TargetPlanInfoQuery,
} from '../wire-types.ts'

/** `planInvitationUrl`: the plan's invitation link. */
export type TargetPlanInfoParams = TargetPlanInfoQuery
/** `planId` (a string: it can exceed 2^53) and `applyReason`. */
export type TargetApplyTargetParams = TargetApplyTargetBody
/** `planId`. */
export type TargetApplyStatusParams = TargetApplyStatusQuery

/** Target plans: planInfo, applyTarget, applyStatus, one request each. */
export class Target extends GeneratedTarget {}
