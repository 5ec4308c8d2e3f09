// Evaluates a RedundantLinkGroup's diversity policy against the links the partner reports. Pure: no I/O, no clock.
import { inCanonicalOrder, perDimension, reportedValue, type Dimension } from "./dimensions";
import { countOf, distinctBlocker, downNote, listWords, refsOf, unknownPathBlocker, type Blocker } from "./blockers";
import { findMaintenanceConflicts, plannedWindows, type MaintenanceConflict } from "./maintenance";
import {
  carriesTraffic,
  groupLinks,
  isOperUp,
  sharedGroups,
  unreportedLinks,
  type GroupLink,
  type GroupMember,
  type SiteHints,
} from "./members";
import type { DiversityPolicy } from "./policy";
import type { LinkSummary, Survival } from "../types";
import {
  separationBlockers,
  structureBlockers,
  survivesCut,
  survivesStructureFailure,
  unknownRouteBlockers,
  worstCut,
  type WorstCut,
} from "./separation";

// What a group reports is its public type (../types.ts): one definition, which the map and the outputs share.
export type { LinkSummary, Survival } from "../types";

export interface PolicyEvaluation {
  compliant: boolean;
  blockers: Blocker[];
  /**
   * Per dimension: would at least one UP link stay up if any single thing in that dimension failed? And `maintenance`:
   * can any one traffic-bearing link be drained, BGP failing over within the group's timers?
   */
  survivesSingleFailure: Survival;
  links: LinkSummary[];
  maintenanceConflicts: MaintenanceConflict[];
  /** With cutRadiusMeters: where one cut of that radius takes down the most UP links. */
  worstCut?: WorstCut;
}

export function evaluatePolicy(
  policy: DiversityPolicy,
  members: readonly GroupMember[],
  hints: SiteHints = {},
): PolicyEvaluation {
  const links = groupLinks(members);
  const distinct = inCanonicalOrder(policy.distinct);
  const maintenanceConflicts = findMaintenanceConflicts(plannedWindows(members), policy.maxConcurrentMaintenance);
  const blockers = [
    ...minLinksBlockers(policy.minLinks, links),
    ...distinct.flatMap((dimension) => unknownPathBlocker(dimension, unreportedLinks(links, dimension))),
    ...distinct.flatMap((dimension) => sharedGroups(links, dimension).map((group) => distinctBlocker(group, hints))),
    ...unknownRouteBlockers(policy, links),
    ...separationBlockers(policy, links),
    ...structureBlockers(policy, links),
    ...(policy.requireMacsec ? macsecBlockers(links) : []),
    ...(policy.requireConsistentBgpTimers ? bgpTimerBlockers(links) : []),
    ...maintenanceConflicts.map((conflict) => maintenanceBlocker(conflict, policy.maxConcurrentMaintenance)),
  ];
  const cut = worstCut(policy, links);
  const structure = survivesStructureFailure(links);
  const survivesCutOfRadius = survivesCut(policy, links, cut);
  return {
    compliant: blockers.length === 0,
    blockers,
    survivesSingleFailure: {
      ...survivesSingleFailure(links),
      maintenance: survivesMaintenance(links),
      ...(structure === undefined ? {} : { structure }),
      ...(survivesCutOfRadius === undefined ? {} : { cut: survivesCutOfRadius }),
    },
    links: links.map((groupLink) => summarize(groupLink, blockers)),
    maintenanceConflicts,
    ...(cut ? { worstCut: cut } : {}),
  };
}

/** Only UP links carry traffic, so only they count towards the minimum. */
function minLinksBlockers(minLinks: number, links: readonly GroupLink[]): Blocker[] {
  const down = links.filter((groupLink) => !isOperUp(groupLink));
  const providing = links.length - down.length;
  if (providing >= minLinks) return [];
  const downClause =
    down.length === 0
      ? ""
      : `, but ${listWords(refsOf(down))} ${down.length === 1 ? "is" : "are"} oper DOWN and provide` +
        `${down.length === 1 ? "s" : ""} no redundancy, leaving ${providing}`;
  const remedy =
    down.length === 0
      ? "add links or connections to the group"
      : `bring ${down.length === 1 ? "it" : "them"} back up or add links`;
  return [
    {
      rule: "minLinks",
      links: refsOf(down),
      explanation:
        `the group has ${links.length === 0 ? "no links" : countOf(links.length, "link", "links")}${downClause}; ` +
        `the policy requires at least ${minLinks} — ${remedy}`,
    },
  ];
}

function macsecBlockers(links: readonly GroupLink[]): Blocker[] {
  const unprotected = links.filter((groupLink) => !groupLink.link.macsecActive);
  if (unprotected.length === 0) return [];
  return [
    {
      rule: "requireMacsec",
      links: refsOf(unprotected),
      explanation:
        `MACsec is not active on ${listWords(refsOf(unprotected))}${downNote(unprotected)}, but the policy requires ` +
        `it; order the connection with macsec "required" and check its key with the partner, or set requireMacsec ` +
        `to false`,
    },
  ];
}

/** Links whose BGP timers differ from the rest fail over differently: one blocker naming every timer pair. */
function bgpTimerBlockers(links: readonly GroupLink[]): Blocker[] {
  const pairs = timerGroups(links);
  if (pairs.length < 2) return [];
  const [usual] = pairs[0];
  const odd = pairs.slice(1).flatMap(([, groupLinks]) => groupLinks);
  return [
    {
      rule: "requireConsistentBgpTimers",
      links: refsOf(odd),
      explanation:
        `BGP timers differ within the group: ${pairs.map(([pair, l]) => `${listWords(refsOf(l))} ${pair}`).join("; ")}. ` +
        `A failure would not fail over alike (a session with a longer hold time is declared dead later); ask the ` +
        `partner to set ${usual} on ${listWords(refsOf(odd))}, as on the others, or set requireConsistentBgpTimers ` +
        `to false`,
    },
  ];
}

/** Links grouped by their BGP timer pair, the most common pair (the group's timers) first. */
function timerGroups(links: readonly GroupLink[]): [string, GroupLink[]][] {
  const pairOf = ({ link }: GroupLink) =>
    `hold ${link.health.bgp.holdTimeSeconds} s / keepalive ${link.health.bgp.keepaliveSeconds} s`;
  const byPair = new Map<string, GroupLink[]>();
  for (const groupLink of links) byPair.set(pairOf(groupLink), [...(byPair.get(pairOf(groupLink)) ?? []), groupLink]);
  return [...byPair.entries()].sort((a, b) => b[1].length - a[1].length);
}

/**
 * Can any one traffic-bearing link go into maintenance with BGP failing over within the group's timers? Another link
 * must still carry traffic, and the link taken out must not hold its session longer than the group's hold time (the
 * most common among the traffic-bearing links): a longer one keeps sending traffic into a dead session after the
 * others would have failed over.
 */
function survivesMaintenance(links: readonly GroupLink[]): boolean {
  const holdTimes = links.filter(carriesTraffic).map(({ link }) => link.health.bgp.holdTimeSeconds);
  if (holdTimes.length < 2) return false;
  const groupHoldTime = mostCommon(holdTimes);
  return holdTimes.every((holdTime) => holdTime <= groupHoldTime);
}

/** The most common value; of equally common ones the smallest, so the answer does not depend on link order. */
function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort(([a, m], [b, n]) => n - m || a - b)[0][0];
}

function maintenanceBlocker(conflict: MaintenanceConflict, maxConcurrent: number): Blocker {
  return {
    rule: "maxConcurrentMaintenance",
    links: conflict.links,
    explanation:
      `links ${listWords(conflict.links)} have maintenance overlapping between ${conflict.startTime} and ` +
      `${conflict.endTime}, more than the ${countOf(maxConcurrent, "link", "links")} the policy allows at once; ` +
      `ask the partner to reschedule so the windows do not overlap`,
  };
}

/**
 * No single failure takes every UP link down exactly when the UP links reach two different reported values. An
 * unreported value might equal any other, so it never proves diversity on its own.
 */
function survivesSingleFailure(links: readonly GroupLink[]): Record<Dimension, boolean> {
  const up = links.filter(isOperUp);
  const survives = (dimension: Dimension) =>
    new Set(up.map((groupLink) => reportedValue(groupLink.link, dimension)).filter((v) => v !== undefined)).size > 1;
  return perDimension(survives);
}

function summarize(groupLink: GroupLink, blockers: readonly Blocker[]): LinkSummary {
  const { link, member, ref } = groupLink;
  return {
    link: ref,
    interconnect: member.interconnect,
    connectionId: member.connectionId,
    name: link.name,
    path: perDimension((dimension) => reportedValue(link, dimension) ?? null),
    operUp: isOperUp(groupLink),
    carriesTraffic: carriesTraffic(groupLink),
    macsecActive: link.macsecActive,
    inMaintenance: link.inMaintenance,
    blockedBy: blockers.filter((blocker) => blocker.links.includes(ref)).map((blocker) => blocker.rule),
    health: {
      keyStatus: link.health.macsec.keyStatus,
      framesUnencrypted: link.health.macsec.framesUnencrypted,
      holdTimeSeconds: link.health.bgp.holdTimeSeconds,
      keepaliveSeconds: link.health.bgp.keepaliveSeconds,
    },
    ...(link.route ? { route: link.route } : {}),
    ...(link.structures ? { structures: link.structures } : {}),
  };
}
