// Two interconnects at one site and a RedundantLinkGroup judged on geometry. Stack config (all optional):
//   site (nyc-midtown), enforcement (warn), distinct (conduit; comma-separated), minSeparationMeters,
//   convergenceRadiusMeters, cutRadiusMeters, carrierRoutes (a GeoJSON FeatureCollection as JSON text).
import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect, RedundantLinkGroup, type Enforcement } from "pulumi-interconnect";

const config = new pulumi.Config();
const site = config.get("site") ?? "nyc-midtown";
const enforcement = config.get<Enforcement>("enforcement") ?? "warn";
const distinct = (config.get("distinct") ?? "conduit").split(",").map((d) => d.trim()) as ("conduit" | "structure")[];
const optionalNumber = (key: string) => config.getNumber(key);
const carrierRoutes = config.get("carrierRoutes");

function interconnect(name: string): Interconnect {
  const key = new ActivationKey(name, {
    environmentId: site.startsWith("sjc-") ? "us-west-2:sjc" : "us-east-1:nyc",
    bandwidthGbps: 10,
    attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
    remoteAccount: "partner-acct-1",
    description: `geometry pair ${name}`,
  });
  return new Interconnect(name, { activationKey: key.activationKey, site, bandwidthGbps: 10 });
}

const primary = interconnect(`${site}-a`);
const secondary = interconnect(`${site}-b`);
const policy = {
  minLinks: 4,
  distinct,
  maxConcurrentMaintenance: 1,
  requireMacsec: true,
  minSeparationMeters: optionalNumber("minSeparationMeters"),
  convergenceRadiusMeters: optionalNumber("convergenceRadiusMeters"),
  cutRadiusMeters: optionalNumber("cutRadiusMeters"),
};
const group = new RedundantLinkGroup(`${site}-pair`, {
  interconnects: [primary.connectionId, secondary.connectionId],
  names: [`${site}-a`, `${site}-b`],
  policy: Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined)) as typeof policy,
  enforcement,
  ...(carrierRoutes ? { carrierRoutes: JSON.parse(carrierRoutes) } : {}),
});

export const interconnects = { [`${site}-a`]: primary, [`${site}-b`]: secondary };
export const diversity = {
  compliant: group.compliant,
  blockers: group.blockers,
  survivesSingleFailure: group.survivesSingleFailure,
  relocations: group.relocations,
  links: group.links,
  worstCut: group.worstCut,
};
