// What the plugin answers when the engine previews a create or an update (Configure says it supports previews): no
// API call; the outputs the operation leaves as they are stay known (an ActivationKey's key, so what uses it previews
// the same), the others are unknown, and secret fields are marked as in state.
import { RESOURCE_FIELDS } from "../generated/resource-fields";
import { DECLARED_INPUTS } from "../common/resource-kit";
import { UNKNOWN } from "../common/validation";
import type { ResourceTypeName } from "../stub";

type Bag = Record<string, unknown>;
type OutputOf<T extends ResourceTypeName> = (typeof RESOURCE_FIELDS)[T]["outputs"][number];

/**
 * The outputs an in-place update leaves as they were: what names the object (ARNs, shared ids, location, the
 * partner's name for it) and the activation key, which AWS keeps on a resize of a key a partner has accepted (one no
 * partner has accepted yet is re-issued; only an API call could tell, and a preview makes none: `up` then updates
 * what uses it, as the TypeScript face's preview does). The others (states, sizes AWS reports, links, a group's
 * report) are what an update re-reads, so they are unknown.
 * The arguments themselves take their new values (the update's purpose), the id stays.
 */
export const KEPT_BY_UPDATE: { [T in ResourceTypeName]: readonly OutputOf<T>[] } = {
  ActivationKey: ["activationKey", "arn", "sharedId", "location", "provider", "activationPageUrl"],
  ConnectionProposalAccepter: ["activationKey", "arn", "sharedId", "environmentId", "location", "provider"],
  Interconnect: ["sharedConnectionUuid", "interconnectName", "activationKey"],
  RedundantLinkGroup: [],
};

/** The outputs of a previewed update: the old ones it keeps, unknown for those it re-reads, the new arguments. */
export function previewUpdateOutputs(type: ResourceTypeName, olds: Bag, news: Bag): Bag {
  const kept = KEPT_BY_UPDATE[type] as readonly string[];
  const outputs: Bag = Object.fromEntries(Object.entries(olds).filter(([key]) => key !== DECLARED_INPUTS));
  for (const output of RESOURCE_FIELDS[type].outputs as readonly string[])
    if (!kept.includes(output)) outputs[output] = UNKNOWN;
  return { ...outputs, ...news };
}

/** The outputs of a previewed create: the arguments as given; every output the create reports is missing (unknown). */
export const previewCreateOutputs = (news: Bag): Bag => ({ ...news });
