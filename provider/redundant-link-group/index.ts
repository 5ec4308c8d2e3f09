// The RedundantLinkGroup resource as programs use it. Only types come from ./impl and ../diversity; the
// implementation is loaded by the dynamic provider host through the thin stub (../stub.ts).
import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceType, ThinDynamicResource, type InputsOf } from "../stub";
// Public types only (plain TypeScript, see ../types.ts): this file's declarations are part of index.d.ts.
import type {
  Blocker,
  LinkSummary,
  MaintenanceConflict,
  RedundantLinkGroupArgsShape,
  Survival,
  WorstCut,
} from "../types";

export type { Enforcement } from "../types";

/** The arguments of a RedundantLinkGroup; documented in RedundantLinkGroupArgsShape (generated from ./schema.ts). */
export type RedundantLinkGroupArgs = InputsOf<RedundantLinkGroupArgsShape>;

export const REDUNDANT_LINK_GROUP_TYPE = dynamicResourceType("RedundantLinkGroup");

export class RedundantLinkGroup extends ThinDynamicResource {
  declare public readonly compliant: pulumi.Output<boolean>;
  /** What keeps the group from meeting its policy, each with a plain-words explanation and remedy. */
  declare public readonly blockers: pulumi.Output<Blocker[]>;
  /** Per dimension: does at least one UP link stay up whatever single thing in that dimension fails? */
  declare public readonly survivesSingleFailure: pulumi.Output<Survival>;
  declare public readonly links: pulumi.Output<LinkSummary[]>;
  declare public readonly maintenanceConflicts: pulumi.Output<MaintenanceConflict[]>;
  /** Links the last create or update relocated. */
  declare public readonly relocations: pulumi.Output<number>;
  /** With policy.cutRadiusMeters: where one cut of that radius takes down the most UP links. */
  declare public readonly worstCut: pulumi.Output<WorstCut | undefined>;

  constructor(name: string, args: RedundantLinkGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super("RedundantLinkGroup", name, args, opts);
  }
}
