// The ActivationKey resource as programs use it. Only types are imported from ./impl: the implementation is
// loaded by the dynamic provider host through the thin stub (../stub.ts), never serialized with the program.
import * as pulumi from "@pulumi/pulumi";
import type { CloudConnectionState } from "../../schema/customer";
import { dynamicResourceType, ThinDynamicResource } from "../stub";

export interface ActivationKeyArgs {
  /** Environment id, e.g. "us-east-1:nyc" (see CloudClient.listEnvironments). */
  environment: pulumi.Input<string>;
  /** One of BANDWIDTH_TIERS_GBPS. Changing it later: see the note at the top of ./impl.ts. */
  bandwidthGbps: pulumi.Input<number>;
  /** Gateway the connection attaches to, e.g. "dxgw-0123abcd". */
  attachPoint: pulumi.Input<string>;
  /** The partner account allowed to accept the key. */
  remoteAccountId: pulumi.Input<string>;
  description?: pulumi.Input<string>;
}

export const ACTIVATION_KEY_TYPE = dynamicResourceType("ActivationKey");

export class ActivationKey extends ThinDynamicResource {
  /** The activation key to hand to the partner (secret). */
  declare public readonly key: pulumi.Output<string>;
  declare public readonly connectionId: pulumi.Output<string>;
  declare public readonly sharedConnectionUuid: pulumi.Output<string>;
  declare public readonly state: pulumi.Output<CloudConnectionState>;
  declare public readonly expiresAt: pulumi.Output<string>;
  declare public readonly bandwidthGbps: pulumi.Output<number>;
  declare public readonly connectionBandwidthGbps: pulumi.Output<number>;

  constructor(name: string, args: ActivationKeyArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      resourceUrn: pulumi.createUrn(name, ACTIVATION_KEY_TYPE, opts?.parent),
      key: undefined,
      connectionId: undefined,
      sharedConnectionUuid: undefined,
      state: undefined,
      expiresAt: undefined,
      connectionBandwidthGbps: undefined,
    };
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), "key"];
    super("activation-key", "ActivationKey", name, props, { ...opts, additionalSecretOutputs: secretOutputs });
  }
}
