// A redundant pair: two interconnects from one cloud region to the partner metro, landing at one customer site, and a
// RedundantLinkGroup that holds their eight links to a physical-diversity policy.
//
// Stack config (all optional):
//   site         customer site (building): nyc-hq (default), nyc-annex, sjc-campus
//   enforcement  reconcile (default): have the partner relocate links until the group complies;
//                fail: never move anything, fail the update while the group does not comply; warn: report only
//   distinct     dimensions in which no two links may share an element: comma-separated or a JSON list of
//                device, entrance, facility, conduit (default "conduit")
//   bandwidthGbps  per interconnect, default 10
import * as pulumi from "@pulumi/pulumi";
import {
  ActivationKey,
  Interconnect,
  RedundantLinkGroup,
  type DiversityDimension,
  type Enforcement,
  type BandwidthGbps,
} from "pulumi-interconnect";

const config = new pulumi.Config();
const site = config.get("site") ?? "nyc-hq";
const enforcement = config.get<Enforcement>("enforcement") ?? "reconcile";
const distinct = parseList(config.get("distinct") ?? "conduit") as DiversityDimension[];
const bandwidthGbps = (config.getNumber("bandwidthGbps") ?? 10) as BandwidthGbps; // check() rejects non-tiers

// What you know about your buildings and the partner does not report: the entrances each site has. A site with one
// entrance cannot satisfy "entrance", and the group then says so (order a second entrance) instead of asking the
// partner for moves that cannot exist. These are the emulator's sites (emulator/README.md).
const siteEntrances: Record<string, string[]> = {
  "nyc-hq": ["nyc-hq-north", "nyc-hq-south"],
  "nyc-annex": ["nyc-annex-main"],
  "sjc-campus": ["sjc-campus-east", "sjc-campus-west"],
};
// The cloud region and partner metro the site is reached through.
const environment = site.startsWith("sjc-") ? "us-west-2:sjc" : "us-east-1:nyc";

function interconnect(name: string): Interconnect {
  const key = new ActivationKey(name, {
    environmentId: environment,
    bandwidthGbps,
    attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
    remoteAccount: "partner-acct-1",
    description: `redundant pair ${name}`,
  });
  return new Interconnect(name, { activationKey: key.activationKey, site }); // follows its key's bandwidth
}

const primary = interconnect(`${site}-a`);
const secondary = interconnect(`${site}-b`);

const group = new RedundantLinkGroup(`${site}-pair`, {
  // Priority order: where links clash, the primary's stay and the secondary's are moved.
  interconnects: [primary.connectionId, secondary.connectionId],
  names: [`${site}-a`, `${site}-b`],
  policy: { minLinks: 4, distinct, maxConcurrentMaintenance: 1, requireMacsec: true },
  enforcement,
  siteEntrances,
});

function parseList(value: string): string[] {
  const trimmed = value.trim();
  const items: unknown = trimmed.startsWith("[") ? JSON.parse(trimmed) : trimmed.split(",");
  if (!Array.isArray(items)) throw new Error(`config distinct: expected a list of dimensions, got ${value}`);
  return items.map((item) => String(item).trim()).filter((item) => item !== "");
}

// The same shape as the root demo's outputs, so examples/drills run on either stack.
export const interconnects = { [`${site}-a`]: primary, [`${site}-b`]: secondary };
export const diversity = {
  enforcement,
  distinct,
  compliant: group.compliant,
  blockers: group.blockers,
  survivesSingleFailure: group.survivesSingleFailure,
  relocations: group.relocations,
  links: group.links,
};
