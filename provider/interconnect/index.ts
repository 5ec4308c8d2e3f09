// The Interconnect resource as programs use it. Only types come from ./impl; the implementation is loaded by the
// dynamic provider host through the stub.
import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceType, ThinDynamicResource, type InputsOf } from "../stub";
import type {
  BandwidthGbps,
  InterconnectArgsShape,
  LinkOutput,
  PartnerConnectionState,
  VerificationState,
} from "../types";

/** The arguments of an Interconnect; documented in InterconnectArgsShape (generated from ./schema.ts). */
export type InterconnectArgs = InputsOf<InterconnectArgsShape>;

export const INTERCONNECT_TYPE = dynamicResourceType("Interconnect");

export class Interconnect extends ThinDynamicResource {
  /**
   * The partner connection id: the resource's id. Taken from `id` rather than the stored output because the engine
   * previews an updated dynamic resource's outputs as unknown while its id stays known, so a RedundantLinkGroup
   * listing it is not previewed as changing when only this Interconnect's bandwidth changes.
   */
  declare public readonly connectionId: pulumi.Output<string>;
  declare public readonly sharedConnectionUuid: pulumi.Output<string>;
  declare public readonly bandwidthGbps: pulumi.Output<BandwidthGbps>;
  declare public readonly state: pulumi.Output<PartnerConnectionState>;
  declare public readonly verificationState: pulumi.Output<VerificationState>;
  declare public readonly interconnectName: pulumi.Output<string | undefined>;
  declare public readonly links: pulumi.Output<LinkOutput[]>;
  declare public readonly activationKey: pulumi.Output<string>;

  constructor(name: string, args: InterconnectArgs, opts?: pulumi.CustomResourceOptions) {
    super("Interconnect", name, args, opts);
  }
}
