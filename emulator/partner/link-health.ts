// A link's health as the partner's customer API reports it (schema/customer.ts LinkHealthSchema), and the faults the
// admin API injects into it. Counters are computed from the emulated clock, so they grow between reads without a
// ticker and stay the same across a restart:
//   - frames at a steady rate from the connection's creation: encrypted while MACsec is on with a live key, otherwise
//     unencrypted (a link whose MACsec was switched off alone: unencrypted from then on);
//   - a leak adds unencrypted frames from its start under the key and on the device it started with: a rotation (a new
//     active key, from its start time) or a move to another device (from the move) ends it, as the remedy does;
//   - latency is the fiber route's round trip (light covers about 200 km per ms in fiber) plus the equipment's, plus
//     any injected extra; errors count from an injected rate.
import { length, lineString } from "@turf/turf";
import type { LinkHealth } from "../../schema/customer";
import type { Route } from "../../schema/geometry";
import type { SpecRecords } from "../coordinator/spec-records";
import type { LinkHealthFaultRecord, PartnerConnectionRecord, PartnerLinkRecord } from "../state/store";

/** Frames a link carries per second in the emulator (a lightly loaded 10G link's order of magnitude, scaled down). */
export const FRAMES_PER_SECOND = 1000;
/** BGP timers the partner configures by default (RFC 4271's suggested hold time, keepalive a third of it). */
export const DEFAULT_BGP_TIMERS = { holdTimeSeconds: 90, keepaliveSeconds: 30 };
const EQUIPMENT_LATENCY_MS = 0.2;
const FIBER_KM_PER_MS = 200;

const perSecond = (rate: number, fromMs: number, toMs: number) =>
  Math.max(0, Math.floor(((toMs - fromMs) * rate) / 1000));

export interface LinkHealthInputs {
  records: SpecRecords;
  connection: PartnerConnectionRecord;
  link: PartnerLinkRecord;
  channel: string;
  route: Route | undefined;
}

export function linkHealth(inputs: LinkHealthInputs): LinkHealth {
  const { records, connection, link, channel, route } = inputs;
  const now = records.now();
  const fault = link.health;
  const keys = records.macsecKeysOn(channel);
  const active = keys.find((k) => k.active);
  const off = connection.macsec === "off" || link.macsecOff?.since !== undefined;
  const keyStatus = off ? "NONE" : active ? "LIVE" : keys.length > 0 ? "PENDING" : "MISSING";
  const carried = perSecond(FRAMES_PER_SECOND, connection.createdAt, now);
  // MACsec switched off on this link alone: the frames of those spells are unencrypted, the rest stay encrypted.
  const encrypted = connection.macsec !== "off" && active ? carried - linkMacsecOffFrames(link, now) : 0;
  return {
    macsec: {
      framesEncrypted: encrypted,
      framesUnencrypted: carried - encrypted + leakedFrames(inputs, now),
      keyStatus,
    },
    bgp: {
      holdTimeSeconds: fault?.holdTimeSeconds ?? DEFAULT_BGP_TIMERS.holdTimeSeconds,
      keepaliveSeconds: fault?.keepaliveSeconds ?? DEFAULT_BGP_TIMERS.keepaliveSeconds,
      flaps: fault?.flaps ?? 0,
    },
    latencyMs: Math.round((routeLatencyMs(route) + (fault?.extraLatencyMs ?? 0)) * 100) / 100,
    errorFrames:
      (fault?.erroredBefore ?? 0) +
      (fault?.errors ? perSecond(fault.errors.framesPerSecond, fault.errors.since, now) : 0),
  };
}

/** Frames the link carried while its MACsec was switched off alone (the current spell up to now). */
function linkMacsecOffFrames(link: PartnerLinkRecord, now: number): number {
  const off = link.macsecOff;
  if (!off) return 0;
  return off.framesBefore + (off.since === undefined ? 0 : perSecond(FRAMES_PER_SECOND, off.since, now));
}

/** Ends a spell of MACsec switched off on the link alone (its port set up again), keeping what it carried. */
export function endMacsecOff(link: PartnerLinkRecord, now: number): void {
  if (link.macsecOff?.since === undefined) return;
  link.macsecOff = { framesBefore: linkMacsecOffFrames(link, now) };
}

/** Unencrypted frames of leaks: those that ended, plus the current one up to its end (a rotation or a move) or now. */
function leakedFrames(inputs: LinkHealthInputs, now: number): number {
  const fault = inputs.link.health;
  if (!fault?.leak) return fault?.leakedBefore ?? 0;
  return fault.leakedBefore + perSecond(fault.leak.framesPerSecond, fault.leak.since, leakEnd(inputs, fault.leak, now));
}

/** When a leak stopped: the start of a key that replaced its key, the move of the link off its device, else now. */
function leakEnd(
  { records, connection, link, channel }: LinkHealthInputs,
  leak: NonNullable<LinkHealthFaultRecord["leak"]>,
  now: number,
): number {
  const rotatedTo = records
    .macsecKeysOn(channel)
    .find((k) => k.active && k.ckn !== leak.keyCkn && k.startTime >= leak.since);
  const ends = [now];
  if (rotatedTo) ends.push(rotatedTo.startTime);
  if (link.path.device !== leak.device) ends.push(connection.updatedAt);
  return Math.max(leak.since, Math.min(...ends));
}

function routeLatencyMs(route: Route | undefined): number {
  const km = route ? length(lineString(route.coordinates), { units: "kilometers" }) : 0;
  return EQUIPMENT_LATENCY_MS + (2 * km) / FIBER_KM_PER_MS;
}

/** What the admin API may change in a link's health; omitted fields stay as they are. */
export interface LinkHealthChange {
  leakFramesPerSecond?: number;
  holdTimeSeconds?: number;
  keepaliveSeconds?: number;
  flaps?: number;
  extraLatencyMs?: number;
  errorFramesPerSecond?: number;
  /** Ends every fault: the counters keep what they counted, timers and latency return to normal. */
  clear?: boolean;
}

/** Applies a health fault to a link at `now`, folding what running leaks and error rates counted so far. */
export function injectHealthFault(inputs: LinkHealthInputs, change: LinkHealthChange): LinkHealthFaultRecord {
  const { records, link } = inputs;
  const now = records.now();
  const before = linkHealth(inputs);
  const fault: LinkHealthFaultRecord = link.health ?? {
    leakedBefore: 0,
    flaps: 0,
    extraLatencyMs: 0,
    erroredBefore: 0,
  };
  // Clearing stops the leak and the error rate (their counts stay counted) and restores timers and latency.
  const leakRate = change.clear ? 0 : change.leakFramesPerSecond;
  const errorRate = change.clear ? 0 : change.errorFramesPerSecond;
  if (leakRate !== undefined) {
    fault.leakedBefore = leakedFrames(inputs, now);
    const keyCkn = records.activeMacsecKey(inputs.channel)?.ckn;
    fault.leak = leakRate > 0 ? { framesPerSecond: leakRate, since: now, keyCkn, device: link.path.device } : undefined;
  }
  if (errorRate !== undefined) {
    fault.erroredBefore = before.errorFrames;
    fault.errors = errorRate > 0 ? { framesPerSecond: errorRate, since: now } : undefined;
  }
  if (change.clear)
    Object.assign(fault, { holdTimeSeconds: undefined, keepaliveSeconds: undefined, extraLatencyMs: 0 });
  if (change.holdTimeSeconds !== undefined) fault.holdTimeSeconds = change.holdTimeSeconds;
  if (change.keepaliveSeconds !== undefined) fault.keepaliveSeconds = change.keepaliveSeconds;
  if (change.flaps !== undefined) fault.flaps = before.bgp.flaps + change.flaps;
  if (change.extraLatencyMs !== undefined) fault.extraLatencyMs = change.extraLatencyMs;
  link.health = fault;
  return fault;
}
