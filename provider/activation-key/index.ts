// The ActivationKey resource as programs use it. Its arguments, outputs and what the class registers all come from its
// schema (./schema.ts, through the generated ../generated/types.ts); the implementation is loaded by the dynamic
// provider host through the thin stub (../stub.ts), never serialized with the program.
import * as pulumi from "@pulumi/pulumi";
import { recordBandwidthOwner } from "../bandwidth-owners";
import { dynamicResourceType, ThinDynamicResource, type InputsOf, type OutputsOf } from "../stub";
import type { ActivationKeyArgsShape, ActivationKeyOutputs } from "../types";

/** The arguments of an ActivationKey; documented in ActivationKeyArgsShape (generated from ./schema.ts). */
export type ActivationKeyArgs = InputsOf<ActivationKeyArgsShape>;

export const ACTIVATION_KEY_TYPE = dynamicResourceType("ActivationKey");

/** Its outputs, documented in ActivationKeyOutputs (generated from ./schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface ActivationKey extends OutputsOf<ActivationKeyOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ActivationKey extends ThinDynamicResource {
  constructor(name: string, args: ActivationKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super("ActivationKey", name, args, opts);
    recordBandwidthOwner(this.activationKey, {
      resource: `ActivationKey "${name}"`,
      bandwidthGbps: args.bandwidthGbps,
      connectionId: this.connectionId,
    });
  }
}
