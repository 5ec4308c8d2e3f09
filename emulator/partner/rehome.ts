// Re-homing one link at the partner without the customer API (POST /_admin/rehome): the partner's repair crew or its
// maintenance moves a link onto another device, building entrance or conduit. A drift the provider must detect, and a
// RelocateLink can repair. The new path must exist in the inventory, so the link's route follows it.
import type { PartnerConnection } from "../../schema/customer";
import { conflict, invalidArgument, notFound } from "../http/errors";
import type { Inventory } from "../world/inventory";
import type { LinkPath } from "../world/catalog";
import type { PartnerConnectionRecord, PartnerLinkRecord } from "../state/store";

/** The path elements a re-home can name; the facility follows the device and the conduit. */
export const REHOME_DIMENSIONS = ["device", "entrance", "conduit"] as const;
export type RehomeDimension = (typeof REHOME_DIMENSIONS)[number];
export type RehomeOnto = Partial<Record<RehomeDimension, string>>;

/** Where to move the link: named elements, or those of another link ("into the conduit that link X uses"). */
export type RehomeTarget =
  { onto: RehomeOnto } | { shareWith: { connectionId: string; link: string; dimensions: RehomeDimension[] } };

export interface Rehomed {
  connectionId: string;
  link: string;
  from: LinkPath;
  to: LinkPath;
  connection: PartnerConnection;
}

/** The ports the re-home needs: the partner's connections and inventory. */
export interface RehomeDeps {
  inventory: Inventory;
  connection: (id: string) => PartnerConnectionRecord | undefined;
  now: () => number;
  view: (pc: PartnerConnectionRecord) => PartnerConnection;
}

/** Moves one link of partner connection `id`; undefined when the partner has no connection `id`. */
export function rehomeLink(deps: RehomeDeps, id: string, linkName: string, target: RehomeTarget): Rehomed | undefined {
  const pc = deps.connection(id);
  if (!pc) return undefined;
  if (pc.state === "deleted" || pc.state === "deleting") throw conflict(`connection ${pc.id} is ${pc.state}`);
  const link = linkOf(pc, linkName);
  const onto = "onto" in target ? target.onto : sharedElements(deps, link, target.shareWith);
  const from = { ...link.path };
  link.path = rehomedPath(deps.inventory, pc, from, onto);
  pc.updatedAt = deps.now();
  return { connectionId: pc.id, link: link.name, from, to: { ...link.path }, connection: deps.view(pc) };
}

function linkOf(pc: PartnerConnectionRecord, name: string): PartnerLinkRecord {
  const link = pc.links.find((l) => l.name === name);
  if (!link) {
    const names = pc.links.map((l) => l.name).join(", ") || "none yet";
    throw notFound(`connection ${pc.id} has no link ${name} (its links: ${names})`);
  }
  return link;
}

/** The elements of another link to move onto, in the dimensions asked. */
function sharedElements(
  deps: RehomeDeps,
  link: PartnerLinkRecord,
  shareWith: { connectionId: string; link: string; dimensions: RehomeDimension[] },
): RehomeOnto {
  const other = deps.connection(shareWith.connectionId);
  if (!other) throw notFound(`no partner connection ${shareWith.connectionId} to share with`);
  const theirs = linkOf(other, shareWith.link);
  if (theirs === link) throw invalidArgument("shareWith names the link being re-homed; name another link");
  return Object.fromEntries(shareWith.dimensions.map((dim) => [dim, theirs.path[dim]]));
}

/** The device, the facility it sits in, and where it serves, for each device of the connection's environment. */
function devicesOf(inventory: Inventory, environment: string): Map<string, { facility: string; uses: string[] }> {
  const devices = new Map<string, { facility: string; uses: string[] }>();
  for (const ic of inventory.environment(environment)?.interconnects ?? []) {
    for (const ch of ic.channels) {
      const device = devices.get(ch.device) ?? { facility: ch.facility, uses: [] };
      device.uses.push(`${ic.id} ${ch.id}`);
      devices.set(ch.device, device);
    }
  }
  return devices;
}

/** The conduits with a surveyed route from `facility` to `site`. */
const conduitsFrom = (inventory: Inventory, site: string, facility: string) =>
  inventory.catalog.geography.conduits.filter((c) => c.site === site && c.facility === facility).map((c) => c.conduit);

/** The link's new path: every named element checked against the site's inventory, the facility derived. */
export function rehomedPath(inventory: Inventory, pc: PartnerConnectionRecord, from: LinkPath, onto: RehomeOnto) {
  const site = inventory.site(pc.site)!;
  const entrance = onto.entrance ?? from.entrance;
  if (!site.entrances.includes(entrance))
    throw conflict(`site ${site.id} has no building entrance ${entrance} (it has ${site.entrances.join(", ")})`);
  const devices = devicesOf(inventory, pc.environment);
  const device = onto.device ?? from.device;
  const facility = devices.get(device)?.facility;
  if (!facility) {
    const known = [...devices].map(([id, d]) => `${id} (${d.facility}: ${d.uses.join(", ")})`);
    throw conflict(`${pc.environment} has no device ${device}; its devices: ${known.join("; ")}`);
  }
  const conduit = onto.conduit ?? from.conduit;
  const lane = inventory.catalog.geography.conduits.find((c) => c.site === site.id && c.conduit === conduit);
  const here = conduitsFrom(inventory, site.id, facility).join(", ");
  if (!lane) throw conflict(`no conduit ${conduit} reaches ${site.id}; from ${facility} these do: ${here}`);
  if (lane.facility !== facility) {
    const what = onto.device ? `device ${device}` : `the link's device ${device}`;
    throw conflict(
      `conduit ${conduit} leaves ${lane.facility}, but ${what} sits in ${facility}: name a device in ` +
        `${lane.facility} too (shareWith: add "device" to dimensions), or a conduit from ${facility} to ${site.id} ` +
        `(${here})`,
    );
  }
  return { device, facility, entrance, conduit };
}
