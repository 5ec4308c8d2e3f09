// Geometry bench: evaluation time of a RedundantLinkGroup judged on real routes (minSeparationMeters 10, structure
// diversity, cutRadiusMeters 4), for 16 links and how it grows to 64. Links are the emulator's nyc routes (every
// conduit lane to nyc-midtown and nyc-hq), so pairs overlap as they do in a metro.
//   npm run build --silent && npm run bench:geometry   (writes nothing; prints a Markdown table for the Geometry
//   section of bench/analysis.md, which bench/run.ts copies into bench/RESULTS.md)
import { buildCatalog, Inventory } from "../emulator/world/inventory";
import { DiversityPolicySchema, evaluatePolicy, type GroupMember } from "../provider/diversity";
import type { Link } from "../schema/customer";
import { healthyLinkHealth } from "../tests/support/fixtures";

const inventory = new Inventory(buildCatalog(1));
const routes = inventory.catalog.geography.conduits.filter((c) => c.site === "nyc-midtown" || c.site === "nyc-hq");

function members(count: number): GroupMember[] {
  return Array.from({ length: count / 4 }, (_, m) => ({
    interconnect: `ic-${m}`,
    connectionId: `pc-${m}`,
    maintenance: [],
    links: Array.from({ length: 4 }, (_, i): Link => {
      const lane = routes[(m * 4 + i) % routes.length];
      const entrance = inventory.catalog.geography.entrances.find((e) => e.site === lane.site)!;
      const path = { facility: lane.facility, conduit: lane.conduit, entrance: entrance.id, device: `d-${m}-${i}` };
      const geometry = inventory.route(lane.site, path)!;
      return {
        name: `ch${i + 1}`,
        channel: `c${i}`,
        ...path,
        vlan: 1,
        ipv4Subnet: "",
        localAsn: 1,
        remoteAsn: 2,
        bgpState: "ESTABLISHED",
        macsecActive: true,
        adminState: "ADMIN_STATE_UP",
        operState: "UP",
        inMaintenance: false,
        health: healthyLinkHealth(),
        route: geometry.route,
        structures: geometry.structures,
      };
    }),
  }));
}

const policy = DiversityPolicySchema.parse({
  distinct: ["conduit", "structure"],
  minSeparationMeters: 10,
  cutRadiusMeters: 4,
});
console.log("| links | pairs | evaluation (median of 3) | blockers |");
console.log("| ---: | ---: | ---: | ---: |");
for (const count of [16, 32, 48, 64]) {
  const group = members(count);
  const times: number[] = [];
  let blockers = 0;
  for (let run = 0; run < 3; run++) {
    const started = process.hrtime.bigint();
    blockers = evaluatePolicy(policy, group).blockers.length;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const median = times.sort((a, b) => a - b)[1];
  console.log(`| ${count} | ${(count * (count - 1)) / 2} | ${median.toFixed(0)} ms | ${blockers} |`);
}
