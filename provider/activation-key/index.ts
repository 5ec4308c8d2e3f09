// The ActivationKey resource as programs use it. Only types are imported from ./impl: the implementation is
// loaded by the dynamic provider host through the thin stub (../stub.ts), never serialized with the program.
import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceType, ThinDynamicResource, type InputsOf } from "../stub";
import type { ActivationKeyArgsShape, BandwidthGbps, ConnectionState } from "../types";

/** The arguments of an ActivationKey; documented in ActivationKeyArgsShape (generated from ./schema.ts). */
export type ActivationKeyArgs = InputsOf<ActivationKeyArgsShape>;

export const ACTIVATION_KEY_TYPE = dynamicResourceType("ActivationKey");

export class ActivationKey extends ThinDynamicResource {
  /** The activation key to hand to the partner (secret). */
  declare public readonly activationKey: pulumi.Output<string>;
  /** The AWS connection id, `lmcc-…`: the resource's id, so it stays known in the preview of an update. */
  declare public readonly connectionId: pulumi.Output<string>;
  declare public readonly arn: pulumi.Output<string>;
  /** The id both sides share for the connection. */
  declare public readonly sharedId: pulumi.Output<string>;
  /** requested (waiting for the partner), pending, available, updating, down, failed, deleting, deleted. */
  declare public readonly state: pulumi.Output<ConnectionState>;
  declare public readonly bandwidthGbps: pulumi.Output<BandwidthGbps>;
  /** Bandwidth provisioned now (follows the Interconnect once the key is accepted). */
  declare public readonly connectionBandwidthGbps: pulumi.Output<number>;
  declare public readonly billingTier: pulumi.Output<number | undefined>;
  declare public readonly location: pulumi.Output<string>;
  /** The last-mile (or cloud) provider's name. */
  declare public readonly provider: pulumi.Output<string>;
  /** Where the key is activated at the partner (the portal flow). */
  declare public readonly activationPageUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: ActivationKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super("ActivationKey", name, args, opts);
  }
}
