// Reads the dynamic provider host's CPU profile (written by ./profile-hook.js) and summarizes where its sampled time
// went, by package (or this package's file) and by function, self time only.
import * as fs from "node:fs";
import * as path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** "zod", "@grpc/grpc-js", "node:internal", "dist/provider/stub.js", "((idle))"… */
function owner(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return `(${functionName || "native"})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return url.split("/")[0];
  return path.relative(process.cwd(), url.replace(/^file:\/\//, ""));
}

/**
 * Functions whose time *including callees* explains a preview: the SDK's per-property bookkeeping for each registered
 * resource (transferProperties, whose promises each capture a stack trace), stack formatting, ts-node compiling the
 * program, and the provider's check and diff.
 */
const INCLUSIVE = ["transferProperties", "get stack", "prepareStackTrace", "compile", "check", "diff", "getProvider"];

function times(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byOwner: Record<string, number> = {};
  const byFunction: Record<string, number> = {};
  const inclusive: Record<string, number> = {};
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const who = owner(node);
    byOwner[who] = (byOwner[who] ?? 0) + ms;
    const fn = `${node.callFrame.functionName || "(anonymous)"} ${who}:${node.callFrame.lineNumber + 1}`;
    byFunction[fn] = (byFunction[fn] ?? 0) + ms;
    const counted = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const name = byId.get(at)!.callFrame.functionName;
      if (INCLUSIVE.includes(name) && !counted.has(name)) {
        counted.add(name);
        inclusive[name] = (inclusive[name] ?? 0) + ms;
      }
    }
  }
  return { byOwner, byFunction, inclusive };
}

const top = (table: Record<string, number>, count: number) =>
  Object.entries(table)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms: Math.round(ms) }));

/** The provider host's and the program's profiles in `dir`, summarized by role. */
export function summarizeProfiles(dir: string) {
  const byRole: Record<string, unknown> = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
    const { byOwner, byFunction, inclusive } = times(profile);
    const busy = Object.entries(byOwner)
      .filter(([who]) => who !== "((idle))" && who !== "((program))")
      .reduce((ms, [, x]) => ms + x, 0);
    byRole[file.split("-")[0]] = {
      file: path.join(dir, file),
      wallMs: Math.round((profile.endTime - profile.startTime) / 1000),
      busyMs: Math.round(busy),
      idleMs: Math.round(byOwner["((idle))"] ?? 0),
      inclusiveMs: Object.fromEntries(Object.entries(inclusive).map(([name, ms]) => [name, Math.round(ms)])),
      topOwners: top(byOwner, 12),
      topFunctions: top(byFunction, 15),
    };
  }
  return byRole;
}
