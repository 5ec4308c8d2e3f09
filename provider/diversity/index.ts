// Physical-diversity policy for RedundantLinkGroup: validation, evaluation and relocation planning. Pure code.
export { DIMENSIONS, type Dimension } from "./dimensions";
export type { GroupMember, SiteHints } from "./members";
export type { Blocker } from "./blockers";
export type { MaintenanceConflict } from "./maintenance";
export {
  DiversityPolicySchema,
  validatePolicy,
  type DiversityPolicy,
  type DiversityPolicyInput,
  type PolicyFailure,
  type PolicyValidation,
} from "./policy";
export { evaluatePolicy, type LinkSummary, type PolicyEvaluation } from "./evaluate";
export { planRelocations, type RelocationMove, type RelocationPlan } from "./plan";
