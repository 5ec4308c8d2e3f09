// The ConnectionProposalAccepter resource as programs use it (the reverse flow: the partner issued the key).
// Only types come from ./impl; the implementation is loaded by the dynamic provider host through the stub.
import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceType, ThinDynamicResource } from "../stub";
import type { AccepterWaitFor, ConnectionState, ConnectionTimeouts } from "../types";

export interface ConnectionProposalAccepterArgs {
  /** The activation key the partner generated (secret). A key for another connection replaces. */
  activationKey: pulumi.Input<string>;
  /** Direct Connect gateway id (UUID, e.g. `@pulumi/aws` directconnect.Gateway.id) or connection ARN. Replaces. */
  attachPoint: pulumi.Input<string>;
  /** 1–255 letters, digits, spaces, '-' and '_'. Changed in place. */
  description?: pulumi.Input<string>;
  /** At most 50 tags; changed in place. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** "pending" (default): done once AWS accepted; "available": wait until the connection works. */
  waitFor?: pulumi.Input<AccepterWaitFor>;
  /** Durations such as "20m" or "30s"; defaults create 30m, update 30m, delete 20m. */
  timeouts?: pulumi.Input<ConnectionTimeouts>;
}

export const CONNECTION_PROPOSAL_ACCEPTER_TYPE = dynamicResourceType("ConnectionProposalAccepter");

export class ConnectionProposalAccepter extends ThinDynamicResource {
  declare public readonly activationKey: pulumi.Output<string>;
  /** The AWS connection id, `lmcc-…`: the resource's id, so it stays known in the preview of an update. */
  declare public readonly connectionId: pulumi.Output<string>;
  declare public readonly arn: pulumi.Output<string>;
  declare public readonly sharedId: pulumi.Output<string>;
  declare public readonly state: pulumi.Output<ConnectionState>;
  declare public readonly bandwidthGbps: pulumi.Output<number>;
  declare public readonly billingTier: pulumi.Output<number | undefined>;
  declare public readonly environmentId: pulumi.Output<string>;
  declare public readonly location: pulumi.Output<string>;
  declare public readonly provider: pulumi.Output<string>;

  constructor(name: string, args: ConnectionProposalAccepterArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      activationKey: pulumi.secret(args.activationKey),
      resourceUrn: pulumi.createUrn(name, CONNECTION_PROPOSAL_ACCEPTER_TYPE, opts?.parent),
      arn: undefined,
      sharedId: undefined,
      state: undefined,
      bandwidthGbps: undefined,
      billingTier: undefined,
      environmentId: undefined,
      location: undefined,
      provider: undefined,
    };
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), "activationKey"];
    super("ConnectionProposalAccepter", name, props, { ...opts, additionalSecretOutputs: secretOutputs });
    this.connectionId = this.id;
  }
}
