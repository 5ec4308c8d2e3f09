// The RedundantLinkGroup resource as programs use it. Its arguments, outputs and what the class registers all come from its
// schema (./schema.ts, through the generated ../generated/types.ts); the implementation is loaded by the dynamic
// provider host through the thin stub (../stub.ts), never serialized with the program.
import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceType, ThinDynamicResource, type InputsOf, type OutputsOf } from "../stub";
// Public types only (plain TypeScript, see ../types.ts): this file's declarations are part of index.d.ts.
import type { RedundantLinkGroupArgsShape, RedundantLinkGroupOutputs } from "../types";

export type { Enforcement } from "../types";

/** The arguments of a RedundantLinkGroup; documented in RedundantLinkGroupArgsShape (generated from ./schema.ts). */
export type RedundantLinkGroupArgs = InputsOf<RedundantLinkGroupArgsShape>;

export const REDUNDANT_LINK_GROUP_TYPE = dynamicResourceType("RedundantLinkGroup");

/** Its outputs, documented in RedundantLinkGroupOutputs (generated from ./schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface RedundantLinkGroup extends OutputsOf<RedundantLinkGroupOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RedundantLinkGroup extends ThinDynamicResource {
  constructor(name: string, args: RedundantLinkGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super("RedundantLinkGroup", name, args, opts);
  }
}
