// Finds spans of time in which more links of the group are in maintenance than the policy allows.
import { displayNames, naturalOrder, type GroupMember } from "./members";

export interface MaintenanceConflict {
  /** Display references of every link in maintenance during the span, in group order. */
  links: string[];
  /** ISO 8601 (UTC) bounds of the span during which the limit is exceeded. */
  startTime: string;
  endTime: string;
}

interface Window {
  ref: string;
  start: number;
  end: number;
}

// Windows in these states will not take a link down any more; they are not maintenance to plan around.
const FINISHED_STATES = new Set(["completed", "cancelled", "canceled"]);

/** Upcoming and running windows, in group order (member, then link name, then start). */
export function plannedWindows(members: readonly GroupMember[]): Window[] {
  const displayName = displayNames(members);
  return members.flatMap((member) =>
    member.maintenance
      .filter((window) => !FINISHED_STATES.has(window.state.toLowerCase()))
      .map((window) => ({
        ref: `${displayName.get(member)}/${window.link}`,
        start: Date.parse(window.startTime),
        end: Date.parse(window.endTime),
      }))
      .filter((window) => window.end > window.start) // an empty window takes nothing down
      .sort((a, b) => naturalOrder(a.ref, b.ref) || a.start - b.start),
  );
}

/**
 * Cuts the timeline at every window boundary; within each piece the set of links in maintenance is constant.
 * Adjacent over-limit pieces merge into one conflict. Windows are half-open, so back-to-back windows do not overlap.
 */
export function findMaintenanceConflicts(windows: readonly Window[], maxConcurrent: number): MaintenanceConflict[] {
  const boundaries = [...new Set(windows.flatMap((w) => [w.start, w.end]))].sort((a, b) => a - b);
  const groupOrder = [...new Set(windows.map((w) => w.ref))];
  const conflicts: { start: number; end: number; links: Set<string> }[] = [];
  for (const [i, start] of boundaries.slice(0, -1).entries()) {
    const end = boundaries[i + 1];
    const inMaintenance = new Set(windows.filter((w) => w.start <= start && w.end >= end).map((w) => w.ref));
    if (inMaintenance.size <= maxConcurrent) continue;
    const previous = conflicts[conflicts.length - 1];
    if (previous?.end === start) {
      previous.end = end;
      inMaintenance.forEach((ref) => previous.links.add(ref));
    } else {
      conflicts.push({ start, end, links: inMaintenance });
    }
  }
  return conflicts.map(({ start, end, links }) => ({
    links: groupOrder.filter((ref) => links.has(ref)),
    startTime: new Date(start).toISOString(),
    endTime: new Date(end).toISOString(),
  }));
}
