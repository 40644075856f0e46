/**
 * Target plans (定向计划): plan info, apply, application status.
 * @module
 */
import type { APIPromise } from '../core/api-promise.ts'
import { APIResource } from '../core/resource.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type {
  PlanApplication,
  PlanProduct,
  TargetApplyStatusQuery,
  TargetApplyStatusResponse,
  TargetApplyTargetBody,
  TargetApplyTargetResponse,
  TargetPlanInfoQuery,
  TargetPlanInfoResponse,
} from '../wire-types.ts'

export type {
  PlanApplication,
  PlanProduct,
  TargetApplyStatusResponse,
  TargetApplyTargetResponse,
  TargetPlanInfoResponse,
}
/** `planInvitationUrl`: the plan's invitation link. */
export type TargetPlanInfoParams = TargetPlanInfoQuery
/** `planId` (a string: it can exceed 2^53) and `applyReason`. */
export type TargetApplyTargetParams = TargetApplyTargetBody
/** `planId`. */
export type TargetApplyStatusParams = TargetApplyStatusQuery

export class Target extends APIResource {
  /**
   * A target plan and at most 10 of its products (there is no paging).
   *
   * `GET /union/promoter/target/plan_info`. Errors: 200002.
   */
  planInfo(
    params: TargetPlanInfoParams,
    options?: RequestOptions,
  ): APIPromise<TargetPlanInfoResponse> {
    return this._query('/union/promoter/target/plan_info', params, options)
  }

  /**
   * Apply to join a target plan.
   *
   * `POST /union/promoter/target/apply_target`. Errors: 200002.
   */
  applyTarget(
    body: TargetApplyTargetParams,
    options?: RequestOptions,
  ): APIPromise<TargetApplyTargetResponse> {
    return this._write('/union/promoter/target/apply_target', body, options)
  }

  /**
   * The state of an application; read it from joinTime/rejectTime/removeTime, not promoterStatus.
   *
   * `GET /union/promoter/target/apply_status`. Errors: 200002.
   */
  applyStatus(
    params: TargetApplyStatusParams,
    options?: RequestOptions,
  ): APIPromise<TargetApplyStatusResponse> {
    return this._query('/union/promoter/target/apply_status', params, options)
  }
}
