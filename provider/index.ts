export { BANDWIDTH_TIERS_GBPS } from "../schema/aws";
export type { BandwidthGbps, ConnectionState } from "../schema/aws";
export type { DiversityDimension, MacsecMode } from "../schema/customer";
export { ActivationKey } from "./activation-key";
export type { ActivationKeyArgs } from "./activation-key";
export type { ActivationKeyOutputs, ActivationKeyWaitFor } from "./activation-key/impl";
export { ConnectionProposalAccepter } from "./connection-proposal-accepter";
export type { ConnectionProposalAccepterArgs } from "./connection-proposal-accepter";
export type { AccepterWaitFor, ConnectionProposalAccepterOutputs } from "./connection-proposal-accepter/impl";
export type { ConnectionTimeouts } from "./common/aws-connection";
export { Interconnect } from "./interconnect";
export type { InterconnectArgs } from "./interconnect";
export { RedundantLinkGroup, type Enforcement, type RedundantLinkGroupArgs } from "./redundant-link-group";
export * from "./client";
export {
  AwsApiError,
  AwsCredentialsError,
  AwsInterconnectClient,
  awsEndpoint,
  type AwsClientOptions,
  type AwsCredentials,
  type AwsInterconnectMethods,
} from "./aws-client";
export {
  CONFIG_NAMESPACE,
  type ConnectionSettings,
  awsClient,
  partnerClient,
  readSettings,
  requireRegion,
  resetConnectionSettings,
  setConnectionSettings,
} from "./config";
export { parseDuration } from "./common/duration";
