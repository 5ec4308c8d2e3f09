// The RedundantLinkGroup resource as programs use it. Only types come from ./impl and ../diversity; the
// implementation is loaded by the dynamic provider host through the thin stub (../stub.ts).
import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceType, ThinDynamicResource } from "../stub";
// Public types only (plain TypeScript, see ../types.ts): this file's declarations are part of index.d.ts.
import type { Blocker, Dimension, DiversityPolicyInput, Enforcement, LinkSummary, MaintenanceConflict } from "../types";

export type { Enforcement } from "../types";

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
  /**
   * The carrier's routes, used instead of the partner's: a GeoJSON FeatureCollection with one LineString Feature per
   * link, `properties.link` = "<connectionId or interconnect name>/<link name>" (optional `properties.structures`).
   */
  carrierRoutes?: pulumi.Input<Record<string, unknown>>;
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
  /** With policy.cutRadiusMeters: where one cut of that radius takes down the most UP links. */
  declare public readonly worstCut: pulumi.Output<
    { point: [number, number]; radiusMeters: number; links: string[] } | undefined
  >;

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
      worstCut: undefined,
    };
    super("RedundantLinkGroup", name, props, opts);
  }
}
