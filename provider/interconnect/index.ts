// The Interconnect resource as programs use it. Its arguments, outputs and what the class registers all come from its
// schema (./schema.ts, through the generated ../generated/types.ts); the implementation is loaded by the dynamic
// provider host through the thin stub (../stub.ts), never serialized with the program.
import * as pulumi from "@pulumi/pulumi";
import { bandwidthOwnerOf } from "../bandwidth-owners";
import { dynamicResourceType, ThinDynamicResource, type InputsOf, type OutputsOf } from "../stub";
import type { InterconnectArgsShape, InterconnectOutputs } from "../types";

/** The arguments of an Interconnect; documented in InterconnectArgsShape (generated from ./schema.ts). */
export type InterconnectArgs = InputsOf<InterconnectArgsShape>;

export const INTERCONNECT_TYPE = dynamicResourceType("Interconnect");

/** Its outputs, documented in InterconnectOutputs (generated from ./schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Interconnect extends OutputsOf<InterconnectOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Interconnect extends ThinDynamicResource {
  constructor(name: string, args: InterconnectArgs, opts?: pulumi.CustomResourceOptions) {
    // A key from an ActivationKey of this program: that key owns the bandwidth (./ownership.ts), and check compares.
    const bandwidthOwner = bandwidthOwnerOf(args.activationKey);
    super("Interconnect", name, bandwidthOwner ? { ...args, bandwidthOwner } : args, opts);
  }
}
