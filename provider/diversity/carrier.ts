// Carrier path data: routes the customer got from the carrier (a GeoJSON FeatureCollection, one LineString per link),
// used instead of the partner's routes, and checked against the facility and entrance the partner reports.
import { z } from "zod";
import { StructureSchema, STRUCTURE_KINDS } from "../../schema/customer";
import { listWords, type Blocker } from "./blockers";
import { displayNames, type GroupMember } from "./members";
import { endsOf, metersBetween, type Position, type Route } from "../../schema/geometry";
import { showPosition } from "./separation";
import { documented } from "../common/schema-docs";

/** A carrier route's ends must lie this close to the partner's facility and entrance. */
export const CARRIER_END_TOLERANCE_METERS = 50;

const show = (value: unknown): string => (value === undefined ? "nothing" : JSON.stringify(value));

const position = z.tuple(
  [
    z
      .number({ error: (i) => `longitude must be a number from -180 to 180; got ${show(i.input)}` })
      .min(-180)
      .max(180),
    z
      .number({ error: (i) => `latitude must be a number from -90 to 90; got ${show(i.input)}` })
      .min(-90)
      .max(90),
  ],
  { error: (i) => `a position must be [longitude, latitude]; got ${show(i.input)}` },
);

const structure = StructureSchema.extend({
  kind: z.enum(STRUCTURE_KINDS, {
    error: (i) => `structure kind ${show(i.input)} is unknown; allowed: ${STRUCTURE_KINDS.join(", ")}`,
  }),
});

const CarrierFeatureSchema = z.object({
  type: z.literal("Feature", { error: (i) => `type must be "Feature"; got ${show(i.input)}` }),
  properties: z.object(
    {
      link: z
        .string({ error: (i) => `properties.link must be "<connectionId or name>/<link>"; got ${show(i.input)}` })
        .regex(/^[^/]+\/[^/]+$/, {
          error: (i) => `link must be "<connectionId or name>/<link>"; got ${show(i.input)}`,
        }),
      structures: z.array(structure).optional(),
    },
    { error: (i) => `properties must be an object with link; got ${show(i.input)}` },
  ),
  geometry: z.object({
    type: z.literal("LineString", { error: (i) => `geometry.type must be "LineString"; got ${show(i.input)}` }),
    coordinates: z
      .array(position, { error: (i) => `coordinates must be a list of positions; got ${show(i.input)}` })
      .min(2, { error: "a LineString needs at least 2 positions" }),
  }),
});

export const CarrierRoutesSchema = documented(
  z
    .object({
      type: z.literal("FeatureCollection", { error: (i) => `type must be "FeatureCollection"; got ${show(i.input)}` }),
      features: z.array(CarrierFeatureSchema, { error: (i) => `features must be a list; got ${show(i.input)}` }),
    })
    .superRefine((collection, ctx) => {
      const keys = collection.features.map((feature) => feature.properties.link);
      keys.forEach((key, index) => {
        if (keys.indexOf(key) !== index) {
          const message = `link ${JSON.stringify(key)} has more than one route; give one Feature per link`;
          ctx.addIssue({ code: "custom", path: ["features", index, "properties", "link"], message });
        }
      });
    }),
  // Published loosely typed: programs build the collection from parsed JSON or from their own GeoJSON types.
  { tsType: "object", label: "GeoJSON FeatureCollection" },
);
export type CarrierRoutes = z.infer<typeof CarrierRoutesSchema>;

/**
 * The members with each link's route and structures taken from the carrier's data, and the problems found: a link
 * without a carrier route, a route whose ends are not the link's facility and entrance, a route for no group link.
 */
export function applyCarrierRoutes(
  members: readonly GroupMember[],
  routes: CarrierRoutes,
): { members: GroupMember[]; blockers: Blocker[] } {
  const names = displayNames(members);
  const byKey = new Map(routes.features.map((feature) => [feature.properties.link, feature]));
  const used = new Set<string>();
  const missing: string[] = [];
  const blockers: Blocker[] = [];
  const updated = members.map((member) => ({
    ...member,
    links: member.links.map((link) => {
      const ref = `${names.get(member)}/${link.name}`;
      const key = [`${member.connectionId}/${link.name}`, ref, `${member.interconnect}/${link.name}`].find((k) =>
        byKey.has(k),
      );
      if (key === undefined) {
        missing.push(ref);
        const { route: _route, structures: _structures, ...rest } = link;
        return rest;
      }
      used.add(key);
      const feature = byKey.get(key)!;
      const route = oriented(feature.geometry, link.route);
      const mismatch = link.route ? endMismatch(ref, route, link.route) : undefined;
      if (mismatch) blockers.push(mismatch);
      return { ...link, route, structures: feature.properties.structures ?? link.structures };
    }),
  }));
  if (missing.length > 0) blockers.unshift(missingBlocker(missing));
  const unused = [...byKey.keys()].filter((key) => !used.has(key));
  if (unused.length > 0) blockers.push(unusedBlocker(unused));
  return { members: updated, blockers };
}

/** A carrier may draw the route entrance first; turn it facility first, as the partner reports routes. */
function oriented(route: Route, partner: Route | undefined): Route {
  if (!partner) return route;
  const [facility] = endsOf(partner);
  const [first, last] = endsOf(route);
  if (metersBetween(last, facility) < metersBetween(first, facility)) {
    return { type: "LineString", coordinates: [...route.coordinates].reverse() };
  }
  return route;
}

function endMismatch(ref: string, carrier: Route, partner: Route): Blocker | undefined {
  const [carrierStart, carrierEnd] = endsOf(carrier);
  const [facility, entrance] = endsOf(partner);
  const off = (at: Position, expected: Position, what: string) => {
    const meters = Math.round(metersBetween(at, expected));
    return meters > CARRIER_END_TOLERANCE_METERS ? [`${what} ${showPosition(expected)} is ${meters} m away`] : [];
  };
  const problems = [...off(carrierStart, facility, "the facility"), ...off(carrierEnd, entrance, "the entrance")];
  if (problems.length === 0) return undefined;
  return {
    rule: "carrierRoute:ends",
    links: [ref],
    explanation:
      `the carrier route of ${ref} does not end at the link's facility and entrance (${listWords(problems)}; ` +
      `tolerance ${CARRIER_END_TOLERANCE_METERS} m), so it may describe another circuit; get the route of this ` +
      `link from the carrier`,
  };
}

function missingBlocker(refs: string[]): Blocker {
  return {
    rule: "carrierRoute:missing",
    links: refs,
    explanation:
      `carrierRoutes has no route for ${listWords(refs)}, so ${refs.length === 1 ? "its" : "their"} separation ` +
      `cannot be verified; add a Feature with properties.link "<connectionId or name>/<link>" for each`,
  };
}

function unusedBlocker(keys: string[]): Blocker {
  return {
    rule: "carrierRoute:unknownLink",
    links: [],
    explanation:
      `carrierRoutes names ${listWords(keys.map((k) => JSON.stringify(k)))}, which ` +
      `${keys.length === 1 ? "is" : "are"} ` +
      `not a link of the group; use "<connectionId or interconnect name>/<link name>"`,
  };
}
