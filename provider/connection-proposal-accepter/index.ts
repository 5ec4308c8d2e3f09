// The ConnectionProposalAccepter resource as programs use it. Its arguments, outputs and what the class registers all come from its
// schema (./schema.ts, through the generated ../generated/types.ts); the implementation is loaded by the dynamic
// provider host through the thin stub (../stub.ts), never serialized with the program.
import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceType, ThinDynamicResource, type InputsOf, type OutputsOf } from "../stub";
import type { ConnectionProposalAccepterArgsShape, ConnectionProposalAccepterOutputs } from "../types";

/** The arguments of a ConnectionProposalAccepter; documented in ConnectionProposalAccepterArgsShape (from ./schema.ts). */
export type ConnectionProposalAccepterArgs = InputsOf<ConnectionProposalAccepterArgsShape>;

export const CONNECTION_PROPOSAL_ACCEPTER_TYPE = dynamicResourceType("ConnectionProposalAccepter");

/** Its outputs, documented in ConnectionProposalAccepterOutputs (generated from ./schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface ConnectionProposalAccepter extends OutputsOf<ConnectionProposalAccepterOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ConnectionProposalAccepter extends ThinDynamicResource {
  constructor(name: string, args: ConnectionProposalAccepterArgs, opts?: pulumi.CustomResourceOptions) {
    super("ConnectionProposalAccepter", name, args, opts);
  }
}
