// Physical-diversity policy for RedundantLinkGroup: validation, evaluation and relocation planning. Pure code.
export { DIMENSIONS, POLICY_DIMENSIONS, type Dimension, type PolicyDimension } from "./dimensions";
export type { GroupMember, SiteHints } from "./members";
export { countOf, type Blocker, type BlockerPlace } from "./blockers";
export type { MaintenanceConflict } from "./maintenance";
export {
  DiversityPolicySchema,
  validatePolicy,
  type DiversityPolicy,
  type DiversityPolicyInput,
  type PolicyFailure,
  type PolicyValidation,
} from "./policy";
export { evaluatePolicy, type LinkSummary, type PolicyEvaluation, type Survival } from "./evaluate";
export type { WorstCut } from "./separation";
export { applyCarrierRoutes, CarrierRoutesSchema, type CarrierRoutes } from "./carrier";
export * as geometry from "../../schema/geometry";
export { planRelocations, type RelocationMove, type RelocationPlan } from "./plan";
