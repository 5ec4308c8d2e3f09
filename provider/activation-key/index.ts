// The ActivationKey resource as programs use it. Its arguments, outputs and what the class registers all come from its
// schema (./schema.ts, through the generated ../generated/types.ts); the implementation is loaded by the dynamic
// provider host through the thin stub (../stub.ts), never serialized with the program.
import * as pulumi from "@pulumi/pulumi";
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
    keyOwners.set(this.activationKey, {
      resource: `ActivationKey "${name}"`,
      bandwidthGbps: args.bandwidthGbps,
      connectionId: this.connectionId,
    });
  }
}

/** The ActivationKey that owns a connection's bandwidth, as an Interconnect of the same program passes it on. */
export interface BandwidthOwner {
  resource: string;
  bandwidthGbps: pulumi.Input<number>;
  /** Known in the preview of an update, unknown in that of a replacement: tells the two apart for the Interconnect. */
  connectionId: pulumi.Input<string>;
}

/** Each ActivationKey of this program by its `activationKey` output: the value an Interconnect is handed. */
const keyOwners = new WeakMap<pulumi.Output<string>, BandwidthOwner>();

/** The ActivationKey of this program whose `activationKey` output `activationKey` is, if it is one. */
export const bandwidthOwnerOf = (activationKey: unknown): BandwidthOwner | undefined =>
  pulumi.Output.isInstance(activationKey) ? keyOwners.get(activationKey as pulumi.Output<string>) : undefined;
