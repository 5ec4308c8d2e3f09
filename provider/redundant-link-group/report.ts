// The shapes of what a RedundantLinkGroup reports (its blockers, links, survival, maintenance conflicts, worst cut) as
// zod schemas, so the Pulumi package schema (scripts/pulumi-package.ts) gives the plugin's SDKs typed outputs. Each
// is typed by the hand-written public type it describes (../report-types.ts): the compiler keeps the two in step.
import { z } from "zod";
import { DiversityDimensionSchema, LineStringSchema, PositionSchema, StructureSchema } from "../../schema/customer";
import type { Blocker, LinkSummary, MaintenanceConflict, Survival, WorstCut } from "../report-types";

const linkRefs = z.array(z.string()).describe("Display references of the links, e.g. `hq-primary/ch2`");
const perDimension = <T extends z.ZodType>(value: T) =>
  z.object(
    Object.fromEntries(DiversityDimensionSchema.options.map((dimension) => [dimension, value])) as Record<
      z.infer<typeof DiversityDimensionSchema>,
      T
    >,
  );

export const BlockerSchema: z.ZodType<Blocker> = z.object({
  rule: z.string().describe('The rule broken: "minLinks", "distinct:<dimension>", "requireMacsec", …'),
  links: linkRefs,
  shared: z.string().optional().describe('The shared physical thing, e.g. "conduit C-17"'),
  explanation: z.string().describe("Plain words: what is wrong and what to do about it"),
});

export const SurvivalSchema: z.ZodType<Survival> = perDimension(z.boolean()).extend({
  structure: z.boolean().optional(),
  cut: z.boolean().optional(),
  maintenance: z.boolean().optional(),
});

const LinkHealthSchema = z.object({
  keyStatus: z.string(),
  framesUnencrypted: z.number(),
  unencryptedSinceLastRead: z.number().optional(),
  holdTimeSeconds: z.number(),
  keepaliveSeconds: z.number(),
});

export const LinkSummarySchema: z.ZodType<LinkSummary> = z.object({
  link: z.string().describe('Display reference, e.g. "hq-primary/ch2"'),
  interconnect: z.string(),
  connectionId: z.string(),
  name: z.string(),
  path: perDimension(z.string().nullable()).describe("The physical path per dimension; null where not reported"),
  operUp: z.boolean(),
  carriesTraffic: z.boolean().optional().describe("Oper UP, BGP established and not in maintenance"),
  macsecActive: z.boolean(),
  inMaintenance: z.boolean(),
  blockedBy: z.array(z.string()).describe("Rules of the blockers that name this link, in blocker order"),
  health: LinkHealthSchema.optional().describe("MACsec key status, unencrypted frames and BGP timers"),
  route: LineStringSchema.optional().describe("The fiber route, facility to entrance"),
  structures: z.array(StructureSchema).optional().describe("The structures along the route"),
});

export const MaintenanceConflictSchema: z.ZodType<MaintenanceConflict> = z.object({
  links: linkRefs,
  startTime: z.string().describe("ISO 8601 (UTC) start of the span during which the limit is exceeded"),
  endTime: z.string().describe("ISO 8601 (UTC) end of that span"),
});

export const WorstCutSchema: z.ZodType<WorstCut> = z.object({
  point: PositionSchema.describe("[longitude, latitude]"),
  radiusMeters: z.number(),
  links: linkRefs,
});
