export { BANDWIDTH_TIERS_GBPS } from "../schema/customer";
export type { BandwidthGbps, DiversityDimension, MacsecMode } from "../schema/customer";
export { ActivationKey } from "./activation-key";
export type { ActivationKeyArgs } from "./activation-key";
export { Interconnect } from "./interconnect";
export type { InterconnectArgs } from "./interconnect";
export { RedundantLinkGroup, type Enforcement, type RedundantLinkGroupArgs } from "./redundant-link-group";
export * from "./client";
export {
  CONFIG_NAMESPACE,
  type ConnectionSettings,
  cloudClient,
  partnerClient,
  readSettings,
  resetConnectionSettings,
  setConnectionSettings,
} from "./config";
export { parseDuration } from "./common/duration";
