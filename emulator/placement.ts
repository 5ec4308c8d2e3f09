// Choosing physical paths for a connection's links: each link rides one channel (device + facility fixed by the
// channel), one of the channel's two conduits, and one of the customer site's building entrances.
import type { DiversityDimension } from "../schema/customer";
import type { InterconnectSpec, LinkPath, SiteSpec } from "./inventory";
import type { PartnerLinkRecord } from "./store";

/** Path elements to avoid, per dimension. */
export type AvoidSets = Partial<Record<DiversityDimension, Set<string>>>;

/** Dimensions diverseFrom is judged on when the request names none. */
export const DEFAULT_DIVERSE_FROM_DIMENSIONS: DiversityDimension[] = ["device", "conduit"];

export function avoidSetsOf(paths: LinkPath[], dimensions: DiversityDimension[]): AvoidSets {
  const sets: AvoidSets = {};
  for (const dim of dimensions) sets[dim] = new Set(paths.map((p) => p[dim]));
  return sets;
}

const clashes = (path: LinkPath, avoid: AvoidSets): DiversityDimension[] =>
  (Object.keys(avoid) as DiversityDimension[]).filter((dim) => avoid[dim]?.has(path[dim]));

/** Candidate paths for one channel; entrances are rotated by the link index so links alternate entrances. */
export function candidatePaths(ic: InterconnectSpec, channelId: string, site: SiteSpec, linkIndex: number): LinkPath[] {
  const ch = ic.channels.find((c) => c.id === channelId);
  if (!ch) return [];
  const n = site.entrances.length;
  const entrances = site.entrances.map((_, i) => site.entrances[(i + linkIndex) % n]);
  return entrances.flatMap((entrance) => ch.conduits.map((conduit) => ({ entrance, conduit, device: ch.device, facility: ch.facility })));
}

/** Why no path exists, in plain words. */
function explain(ic: InterconnectSpec, channelId: string, site: SiteSpec, avoid: AvoidSets): string {
  const ch = ic.channels.find((c) => c.id === channelId);
  if (avoid.entrance && site.entrances.every((e) => avoid.entrance?.has(e))) {
    return site.entrances.length === 1
      ? `site ${site.id} has a single building entrance (${site.entrances[0]}), so no path can avoid it`
      : `every building entrance of ${site.id} (${site.entrances.join(", ")}) is already used by the links to avoid`;
  }
  if (ch && avoid.device?.has(ch.device)) return `${channelId} of ${ic.id} terminates on device ${ch.device}, which is shared with the links to avoid`;
  if (ch && avoid.facility?.has(ch.facility)) return `${channelId} of ${ic.id} sits in facility ${ch.facility}, which is shared with the links to avoid`;
  if (ch && avoid.conduit) return `both conduits of ${channelId} on ${ic.id} (${ch.conduits.join(", ")}) are shared with the links to avoid`;
  return `no path for ${channelId} on ${ic.id} avoids the given links`;
}

export function choosePath(ic: InterconnectSpec, channelId: string, site: SiteSpec, linkIndex: number, avoid: AvoidSets): LinkPath | string {
  return candidatePaths(ic, channelId, site, linkIndex).find((p) => clashes(p, avoid).length === 0) ?? explain(ic, channelId, site, avoid);
}

/**
 * Paths for all links of a connection on an interconnect, or the reason there are none. `diversity` asks that the
 * links do not all share one element in each listed dimension (no single point of failure).
 */
export function placeLinks(ic: InterconnectSpec, site: SiteSpec, diversity: DiversityDimension[], avoid: AvoidSets): PartnerLinkRecord[] | string {
  const links: PartnerLinkRecord[] = [];
  for (const [i, ch] of ic.channels.entries()) {
    const path = choosePath(ic, ch.id, site, i, avoid);
    if (typeof path === "string") return path;
    links.push({ name: ch.id, path, adminDown: false });
  }
  for (const dim of diversity) {
    if (new Set(links.map((l) => l.path[dim])).size < 2) {
      return dim === "entrance" && site.entrances.length === 1
        ? `site ${site.id} has a single building entrance (${site.entrances[0]}), so its links cannot be entrance-diverse`
        : `all links on ${ic.id} would share one ${dim}`;
    }
  }
  return links;
}
