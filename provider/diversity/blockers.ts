// Blockers for path rules, shared by the evaluation and the relocation planner so both explain a problem alike.
import type { Structure } from "../../schema/customer";
import type { Position } from "../../schema/geometry";
import { DIMENSION_WORDS, describeThing, reportedValue, type Dimension } from "./dimensions";
import { isFixedBySite, isOperUp, type GroupLink, type SharedGroup, type SiteHints } from "./members";

/** Where a blocker is on the ground, for maps: the stretches that run too close and the shared structures. */
export interface BlockerPlace {
  segments?: { coordinates: Position[]; lengthMeters: number; minDistanceMeters: number }[];
  structures?: Structure[];
}

export interface Blocker {
  /**
   * "minLinks" | "distinct:<dimension>" | "requireMacsec" | "maxConcurrentMaintenance" | "unknownPath:<dimension>" |
   * "minSeparation" | "carrierRoute:<problem>" | "requireConsistentBgpTimers"
   */
  rule: string;
  /** Display references of the links concerned, e.g. "hq-primary/ch2". */
  links: string[];
  /** The shared physical thing, e.g. "conduit C-17". */
  shared?: string;
  /** Plain words: what is wrong and what to do about it. */
  explanation: string;
  /** Where it is on the ground (geometric rules only): the stretches too close, the shared structures. */
  place?: BlockerPlace;
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function countOf(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

export const refsOf = (links: readonly GroupLink[]): string[] => links.map((groupLink) => groupLink.ref);

/** A DOWN link is co-located all the same, but the reader should know it carries no traffic to lose. */
export function downNote(links: readonly GroupLink[]): string {
  const down = refsOf(links.filter((groupLink) => !isOperUp(groupLink)));
  if (down.length === 0) return "";
  const verb = down.length === 1 ? "is" : "are";
  return ` (${listWords(down)} ${verb} oper DOWN and provide${down.length === 1 ? "s" : ""} no redundancy until back up)`;
}

/** Where the shared thing is, when every sharing link agrees on it, e.g. " entering through E-1". */
function contextOf(group: SharedGroup): string {
  const context = DIMENSION_WORDS[group.dimension].context;
  if (context === undefined) return "";
  const values = new Set(group.links.map((groupLink) => reportedValue(groupLink.link, context.dimension)));
  const [only] = values;
  return values.size === 1 && only !== undefined ? ` ${context.phrase} ${only}` : "";
}

export function distinctBlocker(group: SharedGroup, hints: SiteHints): Blocker {
  const { dimension, value, links } = group;
  const words = DIMENSION_WORDS[dimension];
  const shared = describeThing(dimension, value);
  const toMove = refsOf(links.slice(1));
  const everyone = links.length === 2 ? "both" : `all ${links.length}`;
  const remedy = links.every((groupLink) => isFixedBySite(groupLink, dimension, hints))
    ? `the site has one building entrance — order a second entrance to satisfy '${dimension}'`
    : `relocate ${listWords(toMove)} to ${toMove.length === 1 ? `a different ${words.noun}` : `different ${words.plural}`}`;
  return {
    rule: `distinct:${dimension}`,
    links: refsOf(links),
    shared,
    explanation:
      `links ${listWords(refsOf(links))} share ${shared}${contextOf(group)}, so one failure there takes down ` +
      `${everyone}${downNote(links)}; ${remedy}`,
  };
}

/** Never treat a missing path as diverse: unreported data blocks until the partner reports it. */
export function unknownPathBlocker(dimension: Dimension, unreported: readonly GroupLink[]): Blocker[] {
  if (unreported.length === 0) return [];
  const { noun } = DIMENSION_WORDS[dimension];
  return [
    {
      rule: `unknownPath:${dimension}`,
      links: refsOf(unreported),
      explanation:
        `the partner did not report the ${noun} of ${listWords(refsOf(unreported))}, so '${dimension}' diversity ` +
        `cannot be verified; ask the partner to report it, or drop '${dimension}' from distinct`,
    },
  ];
}
