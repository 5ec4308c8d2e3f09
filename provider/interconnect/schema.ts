// Interconnect's schema: its arguments as check validates them, its outputs and how each change is applied. The
// single source of the check, the diff rules, the public types (provider/generated/types.ts) and the README's
// reference (both written by `npm run schema`).
import { z } from "zod";
import {
  DiversityDimensionSchema,
  LinkHealthSchema,
  LinkSchema,
  MacsecModeSchema,
  PartnerConnectionStateSchema,
  VerificationStateSchema,
} from "../../schema/customer";
import { bandwidthGuardInputs } from "../common/bandwidth-guard";
import { DEFAULT_MAX_STEP_TIERS } from "../types";
import { documented, resourceSchema } from "../common/schema-docs";
import { bandwidthTierInput, identifierInput, timeoutsInput } from "../common/validation";

export const WaitForModeSchema = documented(z.enum(["verified", "accepted"]), { tsType: "WaitForMode" });

export const InterconnectInputsSchema = z.object({
  activationKey: documented(z.string().min(1, "must be the activation key issued by the cloud side"), {
    secret: true,
  }).describe(
    "The ActivationKey's `activationKey`, or a key handed over from another stack; a key of another shared " +
      "connection replaces (a key re-issued for the same connection does not)",
  ),
  site: identifierInput("a site name", 64).describe('Customer site (building) the links land in, e.g. `"nyc-hq"`'),
  bandwidthGbps: bandwidthTierInput
    .optional()
    .describe(
      "Only where this Interconnect owns the bandwidth: its key was issued outside this program (another stack, a " +
        "partner's portal); changed in place at the partner, limited by the step guard (`maxBandwidthStepTiers`). " +
        "Left out, the connection follows its ActivationKey; a value that differs from that ActivationKey's is refused",
    ),
  macsec: MacsecModeSchema.default("required").describe("MACsec on the links"),
  waitFor: WaitForModeSchema.default("verified").describe(
    "What create and update wait for: `verified` (available and verified by both sides) or `accepted`",
  ),
  timeouts: timeoutsInput.describe('How long create, update and delete wait, e.g. `"20m"`'),
  adopt: identifierInput("a partner connection id", 100)
    .optional()
    .describe(
      "Manage this existing partner connection (its id) instead of accepting the key. Setting it to the id this " +
        "Interconnect already manages is no change; removing it from an adopted Interconnect replaces it",
    ),
  diversity: z
    .array(DiversityDimensionSchema)
    .optional()
    .describe("Placement request to the partner: dimensions in which this connection's links must differ"),
  ...bandwidthGuardInputs,
  // An Interconnect that owns its bandwidth is guarded by default (an ActivationKey leaves it to the guard's own).
  maxBandwidthStepTiers: bandwidthGuardInputs.maxBandwidthStepTiers
    .default(DEFAULT_MAX_STEP_TIERS)
    .describe(bandwidthGuardInputs.maxBandwidthStepTiers.description ?? ""),
  bandwidthOwner: z
    .object({ resource: z.string(), bandwidthGbps: z.number(), connectionId: z.string() })
    .optional()
    .describe("Set by the Interconnect class when its key comes from an ActivationKey of the same program"),
  resourceUrn: z.string().min(1),
});

/**
 * A link's health in outputs: the partner's counters and timers but framesEncrypted, which grows on every read (a
 * refresh would always show drift); the unencrypted counter changes only when something is wrong.
 */
export const LinkHealthOutputSchema = z.object({
  macsec: LinkHealthSchema.shape.macsec.pick({ framesUnencrypted: true, keyStatus: true }),
  bgp: LinkHealthSchema.shape.bgp,
  latencyMs: LinkHealthSchema.shape.latencyMs,
  errorFrames: LinkHealthSchema.shape.errorFrames,
});

/** The link fields outputs carry; macsecCkn, routes and structures stay out (key material; the group maps paths). */
export const LinkOutputSchema = documented(
  LinkSchema.pick({
    name: true,
    device: true,
    facility: true,
    entrance: true,
    conduit: true,
    vlan: true,
    ipv4Subnet: true,
    localAsn: true,
    remoteAsn: true,
    bgpState: true,
    macsecActive: true,
    adminState: true,
    operState: true,
  }).extend({ health: LinkHealthOutputSchema }),
  { tsType: "LinkOutput", label: "LinkOutput" },
);

export const InterconnectOutputsSchema = z.object({
  connectionId: z
    .string()
    .describe("The partner connection id (what RedundantLinkGroup lists): the resource's id, known in previews"),
  sharedConnectionUuid: z.string().describe("The id both sides know the connection by"),
  bandwidthGbps: bandwidthTierInput.describe("As provisioned"),
  state: PartnerConnectionStateSchema.describe("Partner connection state, e.g. `available`, `updating`, `migrating`"),
  verificationState: VerificationStateSchema.describe("The Connection Coordinator's verification state"),
  interconnectName: z.string().optional().describe("The partner interconnect carrying the connection"),
  links: z
    .array(LinkOutputSchema)
    .describe(
      "Per link: name, device, facility, entrance, conduit, VLAN, subnet, ASNs, BGP, MACsec, admin/oper state and " +
        "health (never MACsec key material)",
    ),
  linkHealthProblems: z
    .array(z.string())
    .optional()
    .describe(
      "Link health problems in plain words, against the previous read: unencrypted frames sent since then, or a " +
        "MACsec key that is not live. Under macsec `required`, the next `up` fails while one persists (absent from state " +
        "written before links had health)",
    ),
  partnerSpecVersion: z
    .string()
    .optional()
    .describe(
      "The Connection Coordinator spec version the partner reported at the last create, update or read; `up` " +
        "refuses one this package does not speak (absent from state written before it was recorded)",
    ),
  activationKey: documented(z.string(), { secret: true }).describe("The accepted key"),
});

export const InterconnectSchema = resourceSchema({
  type: "Interconnect",
  summary: "The partner side of a private interconnect, ordered by accepting an activation key.",
  inputs: InterconnectInputsSchema,
  outputs: InterconnectOutputsSchema,
  idOutput: "connectionId",
  changes: {
    replace: ["site", "activationKey", "adopt", "macsec", "diversity"],
    update: ["bandwidthGbps"],
    providerOnly: ["waitFor", "timeouts", "allowLargeBandwidthStep", "maxBandwidthStepTiers", "priceTable"],
    // The partner allows one live connection per key: the old one goes first.
    deleteBeforeReplace: true,
  },
});

export type InterconnectInputs = z.output<typeof InterconnectInputsSchema>;
/** What state holds: the arguments and the outputs. */
export type InterconnectState = InterconnectInputs & z.output<typeof InterconnectOutputsSchema>;
