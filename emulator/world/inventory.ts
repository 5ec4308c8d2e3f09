// Physical inventory: a deterministic catalog derived from the seed. The layout (environments, interconnects,
// facilities, conduits, sites and the traps) is fixed; the seed only changes the opaque ids (obfuscated device ids,
// demarcs), so tests can rely on names while ids stay realistic. See emulator/README.md for the default catalog.
import { createHash } from "node:crypto";
import { BANDWIDTH_TIERS_GBPS } from "../../schema/customer";
import type { LineString, Structure } from "../../schema/customer";
import type { ChannelSpec, EnvironmentSpec, InterconnectSpec, LinkPath, SiteSpec } from "./catalog";
import { buildGeography, linkRoute, type Geography } from "./geography";

export interface Catalog {
  seed: number;
  environments: EnvironmentSpec[];
  sites: SiteSpec[];
  /** Facilities, entrances and structures as points; every conduit's route to each site (emulator/world/geography.ts). */
  geography: Geography;
}

const opaqueId = (seed: number, prefix: string, key: string) =>
  `${prefix}-${createHash("sha256").update(`${seed}/${key}`).digest("hex").slice(0, 10)}`;

interface InterconnectLayout {
  id: string;
  deviceGroup: string;
  cloudReservedMbps: number;
  /** Per-channel primary conduit overrides (the shared-conduit trap). */
  sharedConduits?: Record<string, string>;
}

function buildEnvironment(
  seed: number,
  env: Omit<EnvironmentSpec, "interconnects" | "supportedBandwidthsGbps">,
  layouts: InterconnectLayout[],
): EnvironmentSpec {
  const metro = env.partnerMetro;
  // Channels 1-2 sit in facility a, 3-4 in facility b; odd channels' MACsec is managed by the partner, even by the cloud.
  const interconnects = layouts.map((layout): InterconnectSpec => ({
    id: layout.id,
    environment: env.id,
    maxBandwidthMbps: 100_000,
    channelMemberSizeGbps: 100,
    membersPerChannel: 1,
    cloudReservedMbps: layout.cloudReservedMbps,
    channels: [1, 2, 3, 4].map((n) => ({
      id: `ch${n}`,
      device: opaqueId(seed, "dev", `${metro}/${layout.deviceGroup}/${n}`),
      facility: `${metro}-fac-${n <= 2 ? "a" : "b"}`,
      conduits: [
        layout.sharedConduits?.[`ch${n}`] ?? `${metro}-cdt-${layout.id}-ch${n}`,
        `${metro}-cdt-${layout.id}-ch${n}-alt`,
      ],
      demarc: opaqueId(seed, "demarc", `${env.id}/${layout.id}/${n}`).toUpperCase(),
      macsecManager: n % 2 === 1 ? "partner" : "cloud",
    })),
  }));
  return { ...env, supportedBandwidthsGbps: [...BANDWIDTH_TIERS_GBPS], interconnects };
}

export function buildCatalog(seed: number): Catalog {
  const environments = [
    buildEnvironment(
      seed,
      {
        id: "us-east-1:nyc",
        cloudRegion: "us-east-1",
        cloudRegionDisplay: "US East (N. Virginia)",
        partnerMetro: "nyc",
        partnerMetroDisplay: "New York",
      },
      [
        // Trap: ic-1 and ic-2 share a device group and the ch3 conduit; they look diverse but are not.
        { id: "ic-1", deviceGroup: "g1", cloudReservedMbps: 0, sharedConduits: { ch3: "nyc-cdt-river" } },
        { id: "ic-2", deviceGroup: "g1", cloudReservedMbps: 0, sharedConduits: { ch3: "nyc-cdt-river" } },
        { id: "ic-3", deviceGroup: "g2", cloudReservedMbps: 0 },
      ],
    ),
    buildEnvironment(
      seed,
      {
        id: "us-west-2:sjc",
        cloudRegion: "us-west-2",
        cloudRegionDisplay: "US West (Oregon)",
        partnerMetro: "sjc",
        partnerMetroDisplay: "San Jose",
      },
      [
        // Trap: ic-1 is nearly full on the cloud side (88 of 100 Gbps sold elsewhere), but empty in the partner's books,
        // so the partner places new connections there first and a later bandwidth increase forces a migration.
        { id: "ic-1", deviceGroup: "g1", cloudReservedMbps: 88_000 },
        { id: "ic-2", deviceGroup: "g2", cloudReservedMbps: 0 },
        { id: "ic-3", deviceGroup: "g3", cloudReservedMbps: 20_000 },
      ],
    ),
  ];
  return {
    seed,
    environments,
    geography: buildGeography(environments),
    sites: [
      { id: "nyc-hq", metro: "nyc", entrances: ["nyc-hq-north", "nyc-hq-south"] },
      // Trap: a single building entrance, so no two links can be entrance-diverse.
      { id: "nyc-annex", metro: "nyc", entrances: ["nyc-annex-main"] },
      // Trap: two entrances, but every default placement puts two links on conduits with different ids that share one
      // trench along 42nd St (2 m apart for ~500 m): conduit-diverse on paper, one backhoe in the street.
      { id: "nyc-midtown", metro: "nyc", entrances: ["nyc-midtown-42nd", "nyc-midtown-43rd"] },
      { id: "sjc-campus", metro: "sjc", entrances: ["sjc-campus-east", "sjc-campus-west"] },
    ],
  };
}

export class Inventory {
  constructor(readonly catalog: Catalog) {}

  environment(id: string): EnvironmentSpec | undefined {
    return this.catalog.environments.find((e) => e.id === id);
  }

  interconnect(environment: string, id: string): InterconnectSpec | undefined {
    return this.environment(environment)?.interconnects.find((i) => i.id === id);
  }

  channel(environment: string, interconnect: string, id: string): ChannelSpec | undefined {
    return this.interconnect(environment, interconnect)?.channels.find((c) => c.id === id);
  }

  site(id: string): SiteSpec | undefined {
    return this.catalog.sites.find((s) => s.id === id);
  }

  /** A link's route (facility, conduit lane, entrance) and the structures along it; undefined off the map. */
  route(site: string, path: LinkPath): { route: LineString; structures: Structure[] } | undefined {
    const key = `${site}|${path.facility}|${path.conduit}|${path.entrance}`;
    if (!this.routes.has(key)) this.routes.set(key, linkRoute(this.catalog.geography, site, path));
    return this.routes.get(key);
  }

  private readonly routes = new Map<string, ReturnType<typeof linkRoute>>();

  allChannels(): { environment: string; interconnect: string; channel: ChannelSpec }[] {
    return this.catalog.environments.flatMap((e) =>
      e.interconnects.flatMap((i) => i.channels.map((channel) => ({ environment: e.id, interconnect: i.id, channel }))),
    );
  }
}
