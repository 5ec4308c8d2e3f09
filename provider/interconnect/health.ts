// Link health, checked rather than assumed: MACsec that is configured but lets frames out in the clear, or whose key is
// not live. Problems are stated in plain words against the counters of the last read (refresh reports them as drift);
// under macsec "required" the next `up` re-measures and fails while a link still leaks, naming the remedy.
import { setTimeout as delay } from "node:timers/promises";
import { countedSince } from "../common/counters";
import type { Link, MacsecMode, PartnerConnection } from "../../schema/customer";
import type { PartnerClient } from "../clients/partner";
import type { LinkOutput } from "../types";

/** How long `up` watches the counters of a link it found leaking before: long enough to see a leak of 1 frame/s. */
export const LEAK_SAMPLE_MS = 2000;

/** A link as read now or before (from state: its output form). */
interface Measured {
  name: string;
  health: { macsec: { framesUnencrypted: number; keyStatus: string } };
}

/** Problems in plain words: frames sent unencrypted since `previous` was read, or a key that is not live. */
export function healthProblems(
  macsec: MacsecMode,
  links: readonly Measured[],
  previous: readonly Measured[] | undefined,
): string[] {
  if (macsec === "off") return [];
  return links.flatMap((link) => {
    const problems: string[] = [];
    const now = link.health.macsec.framesUnencrypted;
    const leaked = countedSince(now, previous?.find((p) => p.name === link.name)?.health?.macsec.framesUnencrypted);
    if (leaked !== undefined && leaked > 0)
      problems.push(`link ${link.name}: ${leaked} unencrypted frames since the last read (framesUnencrypted ${now})`);
    if (link.health.macsec.keyStatus !== "LIVE")
      problems.push(`link ${link.name}: MACsec key ${link.health.macsec.keyStatus}, not LIVE`);
    return problems;
  });
}

/** What fixes a leaking link, with the spec operation and the channel to name. */
const remedyFor = (link: Link) =>
  `rotate link ${link.name}'s MACsec key (the Connection Coordinator's RequestMacSecKeyRotation on channel ` +
  `${link.channel}; ask the partner) or move the link to other equipment (RelocateLink, or a RedundantLinkGroup ` +
  `relocation)`;

/**
 * Under macsec "required": watches the links for LEAK_SAMPLE_MS and throws while any still leaks or has no live key,
 * with the link, the counter and the remedy. Returns the connection as last read, and its problems (none).
 */
export async function requireHealthyLinks(
  client: PartnerClient,
  subject: string,
  first: PartnerConnection,
  sleep: (ms: number) => Promise<void> = delay,
): Promise<PartnerConnection> {
  await sleep(LEAK_SAMPLE_MS);
  const latest = await client.getConnection({ id: first.id });
  const failing = latest.links.filter((link) => healthProblems("required", [link], first.links).length > 0);
  if (failing.length === 0) return latest;
  const lines = failing.map(
    (link) => `  - ${healthProblems("required", [link], first.links).join("; ")}: ${remedyFor(link)}`,
  );
  throw new Error(
    `${subject}: macsec is "required" but ${failing.length} link(s) are not protected ` +
      `(counters read ${LEAK_SAMPLE_MS / 1000} s apart):\n${lines.join("\n")}`,
  );
}

/** The health fields outputs carry: everything but framesEncrypted, which grows on every read (a refresh would always
 * show drift). */
export function healthOutput(health: Link["health"]): LinkOutput["health"] {
  return {
    macsec: { framesUnencrypted: health.macsec.framesUnencrypted, keyStatus: health.macsec.keyStatus },
    bgp: health.bgp,
    latencyMs: health.latencyMs,
    errorFrames: health.errorFrames,
  };
}
