// The public API of `pulumi-interconnect`: the resources, their arguments and outputs, and the settings helpers.
// Everything this file reaches is plain TypeScript (see ./types.ts); the API clients are `pulumi-interconnect/clients`
// and the emulator `pulumi-interconnect/emulator`.
export * from "./types";
export { ActivationKey, ACTIVATION_KEY_TYPE, type ActivationKeyArgs } from "./activation-key";
export {
  ConnectionProposalAccepter,
  CONNECTION_PROPOSAL_ACCEPTER_TYPE,
  type ConnectionProposalAccepterArgs,
} from "./connection-proposal-accepter";
export { Interconnect, INTERCONNECT_TYPE, type InterconnectArgs } from "./interconnect";
export { RedundantLinkGroup, REDUNDANT_LINK_GROUP_TYPE, type RedundantLinkGroupArgs } from "./redundant-link-group";
export { RESOURCE_TYPES, dynamicResourceType, type ResourceTypeName } from "./stub";
export {
  CONFIG_NAMESPACE,
  type ConnectionSettings,
  readSettings,
  requireRegion,
  resetConnectionSettings,
  setConnectionSettings,
} from "./settings";
export { parseDuration } from "./common/duration";
