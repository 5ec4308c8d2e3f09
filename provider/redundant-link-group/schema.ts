// RedundantLinkGroup's schema: its arguments as check validates them, its outputs and how each change is applied.
// The single source of the check, the diff rules, the public types (provider/generated/types.ts) and the README's
// reference (both written by `npm run schema`).
import { z } from "zod";
import { documented, resourceSchema } from "../common/schema-docs";
import { CarrierRoutesSchema, DiversityPolicySchema } from "../diversity";
import { BlockerSchema, LinkSummarySchema, MaintenanceConflictSchema, SurvivalSchema, WorstCutSchema } from "./report";

export const ENFORCEMENTS = ["reconcile", "fail", "warn"] as const;

export const EnforcementSchema = documented(
  z.enum(ENFORCEMENTS, { error: `must be one of ${ENFORCEMENTS.join(", ")}` }),
  { tsType: "Enforcement" },
);

export const RedundantLinkGroupInputsSchema = z.object({
  interconnects: z
    .array(z.string().min(1, "must be a partner connection id"), { error: "must be a list of partner connection ids" })
    .min(1, "must list at least one partner connection id")
    .describe(
      "Partner connection ids (`Interconnect.connectionId`) in priority order: where links clash, the earlier " +
        "member's links stay in place and the later ones are relocated",
    ),
  names: z
    .array(z.string().min(1, "must be a non-empty display name"), { error: "must be a list of display names" })
    .optional()
    .describe("Display names for explanations, one per interconnect; the connection ids by default"),
  policy: DiversityPolicySchema.describe("The diversity policy (its fields below)"),
  enforcement: EnforcementSchema.default("reconcile").describe(
    "`reconcile`: relocate links until compliant; `fail`: never move, fail if not compliant; `warn`: only report",
  ),
  siteEntrances: z
    .record(
      z.string(),
      z.array(z.string().min(1, "must be an entrance name")).min(1, "must list at least one entrance"),
      { error: 'must map each site to its building entrances, e.g. { "nyc-annex": ["E-1"] }' },
    )
    .optional()
    .describe(
      'Building entrances per customer site, e.g. `{ "nyc-annex": ["E-1"] }`; a single-entrance site cannot ' +
        "satisfy `entrance`",
    ),
  carrierRoutes: CarrierRoutesSchema.optional().describe(
    "The carrier's routes, used instead of the partner's: one LineString Feature per link (`properties.link` = " +
      '`"<connectionId or name>/<link>"`, optional `properties.structures`); a link without one, or a route not ' +
      "ending within 50 m of the link's facility and entrance, is a blocker",
  ),
  resourceUrn: z.string().min(1),
});

/** An output computed by ../diversity (its shape in ./report.ts), published as its hand-written public type. */
const reported = <T extends z.ZodType>(schema: T, tsType: string, label: string) =>
  documented(schema, { tsType, label });

export const RedundantLinkGroupOutputsSchema = z.object({
  compliant: z.boolean().describe("The group meets its policy"),
  blockers: reported(z.array(BlockerSchema), "Blocker[]", "list of Blocker").describe(
    "What keeps the group from compliance, each with a plain-words explanation and remedy",
  ),
  survivesSingleFailure: reported(SurvivalSchema, "Survival", "{ dimension: boolean }").describe(
    "Per dimension: does an UP link survive any single failure in it (`structure`, `cut` when they apply); " +
      "`maintenance`: can any one traffic-bearing link go into maintenance with BGP failing over within the group's timers",
  ),
  links: reported(z.array(LinkSummarySchema), "LinkSummary[]", "list of LinkSummary").describe(
    "Every member link with its physical path",
  ),
  maintenanceConflicts: reported(
    z.array(MaintenanceConflictSchema),
    "MaintenanceConflict[]",
    "list of MaintenanceConflict",
  ).describe("Maintenance windows that overlap beyond `maxConcurrentMaintenance`"),
  relocations: z.number().describe("Links the last create or update moved"),
  worstCut: reported(WorstCutSchema, "WorstCut", "{ point, radiusMeters, links }")
    .optional()
    .describe("With `policy.cutRadiusMeters`: where one cut takes down the most UP links"),
});

export const RedundantLinkGroupSchema = resourceSchema({
  type: "RedundantLinkGroup",
  summary:
    "A physical-diversity policy over the links of several Interconnects, verified and reconciled each `up`. Every " +
    "change re-evaluates the group; with `enforcement: reconcile` that may relocate links (make-before-break).",
  inputs: RedundantLinkGroupInputsSchema,
  outputs: RedundantLinkGroupOutputsSchema,
  // The group is a policy: there is nothing to replace, and a change re-evaluates (and may relocate links).
  changes: {
    replace: [],
    update: ["interconnects", "names", "policy", "enforcement", "siteEntrances", "carrierRoutes"],
    providerOnly: [],
  },
});

export type RedundantLinkGroupInputs = z.output<typeof RedundantLinkGroupInputsSchema>;
/** What state holds: the arguments and the outputs. */
export type RedundantLinkGroupState = RedundantLinkGroupInputs & z.output<typeof RedundantLinkGroupOutputsSchema>;
