// The ConnectionProposalAccepter resource as programs use it (the reverse flow: the partner issued the key).
// Only types come from ./impl; the implementation is loaded by the dynamic provider host through the stub.
import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceType, ThinDynamicResource, type InputsOf } from "../stub";
import type { ConnectionProposalAccepterArgsShape, ConnectionState } from "../types";

/** The arguments of a ConnectionProposalAccepter; documented in ConnectionProposalAccepterArgsShape (from ./schema.ts). */
export type ConnectionProposalAccepterArgs = InputsOf<ConnectionProposalAccepterArgsShape>;

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
    super("ConnectionProposalAccepter", name, args, opts);
  }
}
