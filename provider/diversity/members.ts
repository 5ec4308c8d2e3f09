// The links of a RedundantLinkGroup, flattened from its member connections in one deterministic order.
import type { Link, MaintenanceWindow } from "../../schema/customer";
import { reportedValue, type Dimension } from "./dimensions";

/** One connection of the group, as read from the partner API. */
export interface GroupMember {
  /** Display name of the interconnect, e.g. "hq-primary"; used in explanations. */
  interconnect: string;
  /** Partner connection id; used in relocation requests. */
  connectionId: string;
  /** The customer site (building) the links land in (PartnerConnection.site); looked up in `siteEntrances`. */
  site?: string;
  links: readonly Link[];
  /** Windows name links by `Link.name`. */
  maintenance: readonly MaintenanceWindow[];
}

/** What the caller knows about sites beyond what the partner reports. */
export interface SiteHints {
  /** Building entrances each site has, keyed by site. A site listed with one entrance cannot satisfy 'entrance'. */
  siteEntrances?: Readonly<Record<string, readonly string[]>>;
}

export interface GroupLink {
  /** Display reference for people, e.g. "hq-primary/ch2". */
  ref: string;
  /** Reference the partner's relocate API understands: "connectionId/linkName". */
  relocationRef: string;
  member: GroupMember;
  link: Link;
}

/** Natural order ("ch2" before "ch10"), independent of the host's locale. */
export const naturalOrder = (a: string, b: string): number => a.localeCompare(b, "en", { numeric: true });

/** Links in member declaration order (the first member is the one whose links are kept), then by link name. */
export function groupLinks(members: readonly GroupMember[]): GroupLink[] {
  const displayName = displayNames(members);
  return members.flatMap((member) =>
    [...member.links]
      .sort((a, b) => naturalOrder(a.name, b.name))
      .map((link) => ({
        ref: `${displayName.get(member)}/${link.name}`,
        relocationRef: `${member.connectionId}/${link.name}`,
        member,
        link,
      })),
  );
}

/** Interconnect display names, qualified with the connection id where two members share one, so refs stay unique. */
export function displayNames(members: readonly GroupMember[]): Map<GroupMember, string> {
  const uses = new Map<string, number>();
  for (const { interconnect } of members) uses.set(interconnect, (uses.get(interconnect) ?? 0) + 1);
  return new Map(
    members.map((m) => [m, uses.get(m.interconnect)! > 1 ? `${m.interconnect}[${m.connectionId}]` : m.interconnect]),
  );
}

export const isOperUp = (groupLink: GroupLink): boolean => groupLink.link.operState === "UP";

/** Carries traffic now: oper UP, its BGP session established, and not drained for a maintenance window. */
export const carriesTraffic = ({ link }: GroupLink): boolean =>
  link.operState === "UP" && link.bgpState === "ESTABLISHED" && !link.inMaintenance;

/**
 * True when moving the link cannot change its value in the dimension: its site is known (from the hints) to have a
 * single building entrance. Without a hint nothing is assumed.
 */
export function isFixedBySite(groupLink: GroupLink, dimension: Dimension, hints: SiteHints): boolean {
  const { site } = groupLink.member;
  return dimension === "entrance" && site !== undefined && hints.siteEntrances?.[site]?.length === 1;
}

/** Links that share a reported value in one dimension, in first-appearance order. */
export interface SharedGroup {
  dimension: Dimension;
  value: string;
  links: GroupLink[];
}

export function sharedGroups(links: readonly GroupLink[], dimension: Dimension): SharedGroup[] {
  const byValue = new Map<string, GroupLink[]>();
  for (const groupLink of links) {
    const value = reportedValue(groupLink.link, dimension);
    if (value !== undefined) byValue.set(value, [...(byValue.get(value) ?? []), groupLink]);
  }
  return [...byValue]
    .filter(([, sharing]) => sharing.length > 1)
    .map(([value, sharing]) => ({ dimension, value, links: sharing }));
}

/** Links whose path the partner did not report in the dimension. */
export function unreportedLinks(links: readonly GroupLink[], dimension: Dimension): GroupLink[] {
  return links.filter((groupLink) => reportedValue(groupLink.link, dimension) === undefined);
}
