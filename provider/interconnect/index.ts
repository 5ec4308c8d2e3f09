// The Interconnect resource as programs use it. Only types come from ./impl; the implementation is loaded by the
// dynamic provider host through the stub.
import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceType, ThinDynamicResource } from "../stub";
import type {
  BandwidthGbps,
  DiversityDimension,
  InterconnectTimeouts,
  LinkOutput,
  MacsecMode,
  PartnerConnectionState,
  VerificationState,
  WaitForMode,
} from "../types";

export interface InterconnectArgs {
  /**
   * The activation key (secret): an ActivationKey's `activationKey` (the AWS connection's key), or one handed over
   * from another stack. A key for a different shared connection replaces the Interconnect.
   */
  activationKey: pulumi.Input<string>;
  /** Customer site (building) the links land in, e.g. "nyc-hq". */
  site: pulumi.Input<string>;
  /** Defaults to the key's size. Changed in place; see allowLargeBandwidthStep. */
  bandwidthGbps?: pulumi.Input<BandwidthGbps>;
  /** Default "required". */
  macsec?: pulumi.Input<MacsecMode>;
  /** What create/update wait for: "verified" (default: available and verified) or "accepted". */
  waitFor?: pulumi.Input<WaitForMode>;
  /** Durations such as "20m" or "30s"; defaults create 30m, update 30m, delete 20m. */
  timeouts?: pulumi.Input<InterconnectTimeouts>;
  /** Manage an existing partner connection (its id) instead of accepting the key. */
  adopt?: pulumi.Input<string>;
  diversity?: pulumi.Input<pulumi.Input<DiversityDimension>[]>;
  /** Allow raising bandwidth by more than maxBandwidthStepTiers tiers in one change. */
  allowLargeBandwidthStep?: pulumi.Input<boolean>;
  /** Default 2. */
  maxBandwidthStepTiers?: pulumi.Input<number>;
  /** Monthly price per tier, keyed by Gbps, e.g. { "10": 1200, "25": 2600 }; shown when a step is refused. */
  priceTable?: pulumi.Input<Record<string, pulumi.Input<number>>>;
}

export const INTERCONNECT_TYPE = dynamicResourceType("Interconnect");

export class Interconnect extends ThinDynamicResource {
  /**
   * The partner connection id: the resource's id. Taken from `id` rather than the stored output because the engine
   * previews an updated dynamic resource's outputs as unknown while its id stays known, so a RedundantLinkGroup
   * listing it is not previewed as changing when only this Interconnect's bandwidth changes.
   */
  declare public readonly connectionId: pulumi.Output<string>;
  declare public readonly sharedConnectionUuid: pulumi.Output<string>;
  declare public readonly bandwidthGbps: pulumi.Output<number>;
  declare public readonly state: pulumi.Output<PartnerConnectionState>;
  declare public readonly verificationState: pulumi.Output<VerificationState>;
  declare public readonly interconnectName: pulumi.Output<string | undefined>;
  declare public readonly links: pulumi.Output<LinkOutput[]>;
  declare public readonly activationKey: pulumi.Output<string>;

  constructor(name: string, args: InterconnectArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      activationKey: pulumi.secret(args.activationKey),
      bandwidthGbps: args.bandwidthGbps, // an output even when defaulted from the key
      resourceUrn: pulumi.createUrn(name, INTERCONNECT_TYPE, opts?.parent),
      sharedConnectionUuid: undefined,
      state: undefined,
      verificationState: undefined,
      interconnectName: undefined,
      links: undefined,
    };
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), "activationKey"];
    super("Interconnect", name, props, { ...opts, additionalSecretOutputs: secretOutputs });
    this.connectionId = this.id;
  }
}
