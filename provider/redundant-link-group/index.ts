// The RedundantLinkGroup resource as programs use it. Only types come from ./impl and ../diversity; the
// implementation is loaded by the dynamic provider host through the thin stub (../stub.ts).
import * as pulumi from "@pulumi/pulumi";
import type { Blocker, Dimension, DiversityPolicyInput, LinkSummary, MaintenanceConflict } from "../diversity";
import { dynamicResourceType, ThinDynamicResource } from "../stub";
import type { Enforcement } from "./impl";

export type { Enforcement } from "./impl";

export interface RedundantLinkGroupArgs {
  /**
   * Partner connection ids (Interconnect.connectionId), in priority order: where links clash, the earlier
   * member's links stay in place and the later ones are relocated.
   */
  interconnects: pulumi.Input<pulumi.Input<string>[]>;
  /** Display names for explanations, one per interconnect; the connection ids by default. */
  names?: pulumi.Input<pulumi.Input<string>[]>;
  /** e.g. { minLinks: 4, distinct: ["device", "entrance", "conduit"], maxConcurrentMaintenance: 1, requireMacsec: true }. */
  policy: pulumi.Input<DiversityPolicyInput>;
  /** "reconcile" (default): relocate links until compliant; "fail": never move, fail if not compliant; "warn": report. */
  enforcement?: pulumi.Input<Enforcement>;
  /** Building entrances per customer site, e.g. { "nyc-annex": ["E-1"] }; a single-entrance site cannot satisfy 'entrance'. */
  siteEntrances?: pulumi.Input<Record<string, pulumi.Input<pulumi.Input<string>[]>>>;
}

export const REDUNDANT_LINK_GROUP_TYPE = dynamicResourceType("RedundantLinkGroup");

export class RedundantLinkGroup extends ThinDynamicResource {
  declare public readonly compliant: pulumi.Output<boolean>;
  /** What keeps the group from meeting its policy, each with a plain-words explanation and remedy. */
  declare public readonly blockers: pulumi.Output<Blocker[]>;
  /** Per dimension: does at least one UP link stay up whatever single thing in that dimension fails? */
  declare public readonly survivesSingleFailure: pulumi.Output<Record<Dimension, boolean>>;
  declare public readonly links: pulumi.Output<LinkSummary[]>;
  declare public readonly maintenanceConflicts: pulumi.Output<MaintenanceConflict[]>;
  /** Links the last create or update relocated. */
  declare public readonly relocations: pulumi.Output<number>;

  constructor(name: string, args: RedundantLinkGroupArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      resourceUrn: pulumi.createUrn(name, REDUNDANT_LINK_GROUP_TYPE, opts?.parent),
      compliant: undefined,
      blockers: undefined,
      survivesSingleFailure: undefined,
      links: undefined,
      maintenanceConflicts: undefined,
      relocations: undefined,
    };
    super("redundant-link-group", "RedundantLinkGroup", name, props, opts);
  }
}
