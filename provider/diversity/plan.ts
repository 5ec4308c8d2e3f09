// Plans partner relocations (make-before-break moves) that would make a group physically diverse. Pure and greedy:
// the best keep/move split is a maximum-independent-set problem, and groups are small enough that keeping links in
// declaration order is both good and predictable. Within a single dimension it is optimal (one link kept per value).
import { inCanonicalOrder, reportedValue, type Dimension } from "./dimensions";
import { distinctBlocker, unknownPathBlocker, type Blocker } from "./blockers";
import {
  groupLinks,
  isFixedBySite,
  sharedGroups,
  unreportedLinks,
  type GroupLink,
  type GroupMember,
  type SiteHints,
} from "./members";
import type { DiversityPolicy } from "./policy";
import { closeRuns, DEFAULT_CONVERGENCE_RADIUS_METERS } from "../../schema/geometry";
import { routeOf } from "./separation";

/** One partner relocate call: POST /v1/connections/{connectionId}/links/{link}/relocate with { distinct, avoid }. */
export interface RelocationMove {
  /** "connectionId/linkName". */
  link: string;
  /** Dimensions the new path must not share with the avoided links. */
  distinct: Dimension[];
  /** Links ("connectionId/linkName") whose paths, at the time of this move, must be avoided. */
  avoid: string[];
  /** The new route must keep this far from the avoided links' routes (policy minSeparationMeters). */
  minSeparationMeters?: number;
  convergenceRadiusMeters?: number;
  /** Structures of the avoided links the new route must not pass through ('structure' in distinct). */
  avoidStructures?: string[];
}

export interface RelocationPlan {
  /** In execution order: each move avoids the kept links and the links moved before it. */
  moves: RelocationMove[];
  /** Problems no relocation can fix: a single-entrance site, or path data the partner did not report. */
  unsatisfiable: Blocker[];
}

type PlanPolicy = Pick<DiversityPolicy, "distinct" | "minSeparationMeters" | "convergenceRadiusMeters">;

export function planRelocations(
  policy: PlanPolicy,
  members: readonly GroupMember[],
  hints: SiteHints = {},
): RelocationPlan {
  const links = groupLinks(members);
  const distinct = inCanonicalOrder(policy.distinct);
  // What a relocation could change for this link; a single-entrance site keeps its entrance whatever moves.
  const movable = (groupLink: GroupLink) => distinct.filter((d) => !isFixedBySite(groupLink, d, hints));

  const kept: GroupLink[] = [];
  const moved: GroupLink[] = [];
  for (const candidate of links) {
    const clashes = kept.some(
      (keeper) =>
        movable(candidate).some((d) => sameKnownValue(candidate, keeper, d)) ||
        geometricClash(policy, candidate, keeper),
    );
    (clashes ? moved : kept).push(candidate);
  }

  const moves = moved.map((groupLink, index): RelocationMove => {
    const inPlace = links.filter((other) => [...kept, ...moved.slice(0, index)].includes(other));
    return {
      link: groupLink.relocationRef,
      distinct: movable(groupLink),
      avoid: inPlace.map((other) => other.relocationRef),
      ...geometricAsk(policy, inPlace),
    };
  });

  // After the moves, a link keeps its value in a dimension unless it was moved and could change it there.
  const keepsValue = (groupLink: GroupLink, dimension: Dimension) =>
    kept.includes(groupLink) || !movable(groupLink).includes(dimension);
  const unsatisfiable = [
    ...distinct.flatMap((dimension) => unknownPathBlocker(dimension, unreportedLinks(links, dimension))),
    ...distinct.flatMap((dimension) =>
      sharedGroups(
        links.filter((groupLink) => keepsValue(groupLink, dimension)),
        dimension,
      ).map((group) => distinctBlocker(group, hints)),
    ),
  ];
  return { moves, unsatisfiable };
}

/** Routes closer than the policy allows, or a structure both pass through: one of them has to move. */
function geometricClash(policy: PlanPolicy, a: GroupLink, b: GroupLink): boolean {
  const [ra, rb] = [routeOf(a), routeOf(b)];
  if (!ra || !rb) return false;
  const convergenceRadiusMeters = policy.convergenceRadiusMeters ?? DEFAULT_CONVERGENCE_RADIUS_METERS;
  if (policy.minSeparationMeters !== undefined) {
    const options = { thresholdMeters: policy.minSeparationMeters, convergenceRadiusMeters };
    if (closeRuns(ra, rb, options).length > 0) return true;
  }
  if (!policy.distinct.includes("structure")) return false;
  const theirs = new Set((b.link.structures ?? []).map((s) => s.id));
  return (a.link.structures ?? []).some((s) => theirs.has(s.id));
}

/** What a move must ask of the partner beyond distinct dimensions. */
function geometricAsk(policy: PlanPolicy, inPlace: readonly GroupLink[]): Partial<RelocationMove> {
  const ask: Partial<RelocationMove> = {};
  if (policy.minSeparationMeters !== undefined) {
    ask.minSeparationMeters = policy.minSeparationMeters;
    if (policy.convergenceRadiusMeters !== undefined) ask.convergenceRadiusMeters = policy.convergenceRadiusMeters;
  }
  if (policy.distinct.includes("structure")) {
    ask.avoidStructures = [...new Set(inPlace.flatMap((other) => (other.link.structures ?? []).map((s) => s.id)))];
  }
  return ask;
}

function sameKnownValue(a: GroupLink, b: GroupLink, dimension: Dimension): boolean {
  const value = reportedValue(a.link, dimension);
  return value !== undefined && value === reportedValue(b.link, dimension);
}
