// Draws one RedundantLinkGroup's outputs as a self-contained map (SVG, or HTML around it): each link's route in its own
// colour, facilities, entrances and structures, and every violation highlighted. Offline: no tiles, no scripts.
import { distance, point, toMercator } from "@turf/turf";
import type { LinkSummary } from "../types";

type Position = [number, number];

export interface MapStructure {
  id: string;
  kind: string;
  lon: number;
  lat: number;
}
export interface MapLink {
  link: string;
  path?: { facility?: string | null; entrance?: string | null; conduit?: string | null };
  operUp?: boolean;
  macsecActive?: boolean;
  blockedBy?: string[];
  health?: LinkSummary["health"];
  route?: { type: "LineString"; coordinates: Position[] };
  structures?: MapStructure[];
}
export interface MapBlocker {
  rule: string;
  links: string[];
  explanation: string;
  place?: { segments?: { coordinates: Position[]; lengthMeters: number }[]; structures?: MapStructure[] };
}
export interface GroupOutputs {
  compliant?: boolean;
  links: MapLink[];
  blockers?: MapBlocker[];
  worstCut?: { point: Position; radiusMeters: number; links: string[] };
}

/** The highlight colour of violations; the browser test looks for it in the screenshot. */
export const VIOLATION_COLOUR = "#e6194b";
/** The dashed outline of a link whose health is in doubt (see healthWarning); the browser test looks for it. */
export const HEALTH_COLOUR = "#f5a300";

/** Why a link's health is in doubt, in legend words, or undefined: frames in the clear under MACsec, odd BGP timers. */
export function healthWarning(link: MapLink): string | undefined {
  const reasons: string[] = [];
  const health = link.health;
  // Since the group's previous read: a leak that was stopped is no longer marked (older state has only the total).
  const leaked = health?.unencryptedSinceLastRead ?? health?.framesUnencrypted ?? 0;
  if (health && link.macsecActive !== false && leaked > 0)
    reasons.push(
      `${leaked} unencrypted frames${health.unencryptedSinceLastRead === undefined ? "" : " since the last read,"} with MACsec on`,
    );
  if (health && link.blockedBy?.includes("requireConsistentBgpTimers"))
    reasons.push(`BGP timers ${health.holdTimeSeconds}/${health.keepaliveSeconds} s differ from the group's`);
  return reasons.length > 0 ? reasons.join("; ") : undefined;
}
// Distinct, readable on a light background, none of them close to the violation red.
const PALETTE = [
  "#1f77b4",
  "#2ca02c",
  "#9467bd",
  "#ff7f0e",
  "#17becf",
  "#8c564b",
  "#bcbd22",
  "#7f7f7f",
  "#0b3d91",
  "#006d2c",
  "#54278f",
  "#b35806",
  "#01665e",
  "#543005",
  "#4d4d4d",
  "#3690c0",
];
const WIDTH = 1100;
const HEIGHT = 760;
const PAD = 60;
const LEGEND_W = 300;

const esc = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Web Mercator (turf toMercator), fitted to the drawing area with north up and equal scale on both axes. */
function projector(positions: Position[]): { at: (p: Position) => Position; metersPerPixel: number } {
  const projected = positions.map((p) => toMercator<Position>(p));
  const xs = projected.map((p) => p[0]);
  const ys = projected.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const areaW = WIDTH - LEGEND_W - 2 * PAD;
  const areaH = HEIGHT - 2 * PAD;
  const scale = Math.min(areaW / Math.max(maxX - minX, 1), areaH / Math.max(maxY - minY, 1));
  const offX = PAD + (areaW - (maxX - minX) * scale) / 2;
  const offY = PAD + (areaH - (maxY - minY) * scale) / 2;
  const at = (p: Position): Position => {
    const [x, y] = toMercator<Position>(p);
    return [offX + (x - minX) * scale, offY + (maxY - y) * scale];
  };
  // Ground meters per pixel, measured with turf between two projected points one pixel-span apart.
  const [a, b] = [positions[0], positions[positions.length - 1]];
  const pixels = Math.hypot(at(a)[0] - at(b)[0], at(a)[1] - at(b)[1]);
  const meters = distance(point(a), point(b), { units: "meters" });
  return { at, metersPerPixel: pixels > 0 ? meters / pixels : 1 };
}

const pointsAttr = (coordinates: Position[], at: (p: Position) => Position) =>
  coordinates
    .map((p) =>
      at(p)
        .map((v) => v.toFixed(1))
        .join(","),
    )
    .join(" ");

export function renderSvg(group: GroupOutputs, title = "RedundantLinkGroup"): string {
  const routed = group.links.filter((l) => l.route && l.route.coordinates.length > 1);
  const all = routed.flatMap((l) => l.route!.coordinates);
  if (all.length === 0) throw new Error("the group's outputs carry no link routes (is the partner reporting routes?)");
  const { at, metersPerPixel } = projector(all);
  const colour = new Map(group.links.map((l, i) => [l.link, PALETTE[i % PALETTE.length]]));
  const blockers = group.blockers ?? [];
  const violated = new Set(blockers.filter((b) => b.place).flatMap((b) => b.links));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" ` +
      `font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${esc(title)}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#f5f3ee"/>`,
    grid(),
    `<g id="routes">${routed.map((l) => routeElement(l, colour.get(l.link)!, violated.has(l.link), at)).join("")}</g>`,
    `<g id="violations">${blockers.map((b) => violationElements(b, at)).join("")}</g>`,
    `<g id="structures">${structureElements(routed, at)}</g>`,
    `<g id="places">${placeElements(routed, at)}</g>`,
    group.worstCut ? worstCutElement(group.worstCut, at, metersPerPixel) : "",
    scaleBar(metersPerPixel),
    legend(group, colour, title),
    `</svg>`,
  ];
  return parts.join("\n");
}

function grid(): string {
  const lines: string[] = [];
  for (let x = 0; x < WIDTH - LEGEND_W; x += 40) lines.push(`<line x1="${x}" y1="0" x2="${x}" y2="${HEIGHT}"/>`);
  for (let y = 0; y < HEIGHT; y += 40) lines.push(`<line x1="0" y1="${y}" x2="${WIDTH - LEGEND_W}" y2="${y}"/>`);
  return `<g stroke="#e4e0d6" stroke-width="1">${lines.join("")}</g>`;
}

function routeElement(link: MapLink, stroke: string, violated: boolean, at: (p: Position) => Position): string {
  const dash = link.operUp === false ? ` stroke-dasharray="8 6"` : "";
  const label = `${link.link}${link.path?.conduit ? ` via ${link.path.conduit}` : ""}`;
  const warning = healthWarning(link);
  // A wide dashed halo under the route: the route keeps its own colour, the halo says its health is in doubt.
  const halo = warning
    ? `<polyline class="health-warning" data-health="${esc(link.link)}" fill="none" stroke="${HEALTH_COLOUR}" ` +
      `stroke-width="10" stroke-opacity="0.85" stroke-dasharray="10 6" points="${pointsAttr(link.route!.coordinates, at)}">` +
      `<title>${esc(`${link.link}: ${warning}`)}</title></polyline>`
    : "";
  return (
    halo +
    `<polyline class="route${violated ? " violating" : ""}" data-link="${esc(link.link)}" fill="none" ` +
    `stroke="${stroke}" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"${dash} ` +
    `points="${pointsAttr(link.route!.coordinates, at)}"><title>${esc(label)}</title></polyline>`
  );
}

function violationElements(blocker: MapBlocker, at: (p: Position) => Position): string {
  const what = esc(`${blocker.rule}: ${blocker.links.join(" & ")}`);
  const segments = (blocker.place?.segments ?? []).map((segment) => {
    const title = `<title>${esc(blocker.explanation)}</title>`;
    if (segment.coordinates.length < 2) {
      const [x, y] = at(segment.coordinates[0]);
      return (
        `<circle data-violation="${what}" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="9" fill="none" ` +
        `stroke="${VIOLATION_COLOUR}" stroke-width="4">${title}</circle>`
      );
    }
    return (
      `<polyline data-violation="${what}" fill="none" stroke="${VIOLATION_COLOUR}" stroke-opacity="0.8" ` +
      `stroke-width="11" stroke-linecap="round" points="${pointsAttr(segment.coordinates, at)}">${title}</polyline>`
    );
  });
  const structures = (blocker.place?.structures ?? []).map((s) => {
    const [x, y] = at([s.lon, s.lat]);
    return (
      `<circle data-violation="${what}" data-structure="${esc(s.id)}" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" ` +
      `r="8" fill="${VIOLATION_COLOUR}" fill-opacity="0.25" stroke="${VIOLATION_COLOUR}" stroke-width="3">` +
      `<title>${esc(`${s.kind} ${s.id}: ${blocker.explanation}`)}</title></circle>`
    );
  });
  return [...segments, ...structures].join("");
}

function structureElements(links: MapLink[], at: (p: Position) => Position): string {
  const seen = new Map<string, MapStructure>();
  for (const l of links) for (const s of l.structures ?? []) seen.set(s.id, s);
  return [...seen.values()]
    .map((s) => {
      const [x, y] = at([s.lon, s.lat]).map((v) => v.toFixed(1));
      const title = `<title>${esc(`${s.kind} ${s.id}`)}</title>`;
      if (s.kind === "bridge") {
        return (
          `<rect class="structure" data-kind="bridge" x="${+x - 5}" y="${+y - 5}" width="10" height="10" ` +
          `transform="rotate(45 ${x} ${y})" fill="#fff" stroke="#333" stroke-width="1.5">${title}</rect>`
        );
      }
      const r = s.kind === "handhole" ? 2.2 : 3;
      return (
        `<circle class="structure" data-kind="${esc(s.kind)}" cx="${x}" cy="${y}" r="${r}" fill="#fff" ` +
        `stroke="#555" stroke-width="1.2">${title}</circle>`
      );
    })
    .join("");
}

/** Facilities (first route position) and entrances (last), labelled once each. */
function placeElements(links: MapLink[], at: (p: Position) => Position): string {
  const places = new Map<string, { kind: "facility" | "entrance"; at: Position }>();
  for (const l of links) {
    const c = l.route!.coordinates;
    places.set(l.path?.facility ?? `facility of ${l.link}`, { kind: "facility", at: c[0] });
    places.set(l.path?.entrance ?? `entrance of ${l.link}`, { kind: "entrance", at: c[c.length - 1] });
  }
  return [...places]
    .map(([name, place], i) => {
      const [x, y] = at(place.at);
      const label =
        `<text x="${(x + 10).toFixed(1)}" y="${(y + (i % 2 ? 14 : -8)).toFixed(1)}" font-size="12" ` +
        `fill="#222" stroke="#f5f3ee" stroke-width="3" paint-order="stroke">${esc(name)}</text>`;
      const mark =
        place.kind === "facility"
          ? `<rect data-place="facility" x="${(x - 8).toFixed(1)}" y="${(y - 8).toFixed(1)}" width="16" height="16" ` +
            `fill="#222" rx="2"><title>facility ${esc(name)}</title></rect>`
          : `<path data-place="entrance" d="M ${x.toFixed(1)} ${(y - 9).toFixed(1)} l 8 14 h -16 z" fill="#fff" ` +
            `stroke="#222" stroke-width="2"><title>entrance ${esc(name)}</title></path>`;
      return mark + label;
    })
    .join("");
}

function worstCutElement(cut: NonNullable<GroupOutputs["worstCut"]>, at: (p: Position) => Position, mpp: number) {
  const [x, y] = at(cut.point);
  const r = Math.max(6, cut.radiusMeters / mpp);
  return (
    `<circle data-cut="worst" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}" fill="none" ` +
    `stroke="#000" stroke-width="1.5" stroke-dasharray="4 3"><title>${esc(
      `worst single cut of ${cut.radiusMeters} m: takes down ${cut.links.join(", ")}`,
    )}</title></circle>`
  );
}

/** A scale bar of a round length (turf-measured meters per pixel). */
function scaleBar(metersPerPixel: number): string {
  const target = metersPerPixel * 150;
  const nice = [50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000].find((m) => m >= target / 2) ?? 50000;
  const px = nice / metersPerPixel;
  const label = nice >= 1000 ? `${nice / 1000} km` : `${nice} m`;
  const y = HEIGHT - 28;
  return (
    `<g id="scale"><rect x="${PAD}" y="${y}" width="${px.toFixed(1)}" height="6" fill="#222"/>` +
    `<text x="${PAD}" y="${y - 6}" font-size="12" fill="#222">${label}</text>` +
    `<text x="${WIDTH - LEGEND_W - 40}" y="40" font-size="22" fill="#222" text-anchor="middle">N</text>` +
    `<path d="M ${WIDTH - LEGEND_W - 40} 46 l 7 18 h -14 z" fill="#222"/></g>`
  );
}

/** Each link whose health is in doubt, and why, wrapped to the legend's width. */
function healthNotes(links: readonly MapLink[], x: number, top: number): string {
  const lines = links.flatMap((l) => {
    const warning = healthWarning(l);
    return warning ? [`⚠ ${l.link}:`, ...wrap(warning, 44).map((line) => `   ${line}`)] : [];
  });
  return lines
    .map((line, i) => `<text data-health-note="" x="${x}" y="${top + i * 16}" font-size="11">${esc(line)}</text>`)
    .join("");
}

/** Words into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + word.length + 1 <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function legend(group: GroupOutputs, colour: Map<string, string>, title: string): string {
  const x = WIDTH - LEGEND_W + 16;
  const blockers = group.blockers ?? [];
  const rows = group.links.map((l, i) => {
    const y = 92 + i * 20;
    const warning = healthWarning(l);
    const flag = blockers.some((b) => b.links.includes(l.link)) || warning ? " ⚠" : "";
    return (
      `<g data-legend="${esc(l.link)}"><line x1="${x}" y1="${y}" x2="${x + 28}" y2="${y}" ` +
      `stroke="${colour.get(l.link)}" ` +
      `stroke-width="4"/><text x="${x + 36}" y="${y + 4}" font-size="12" fill="#222">${esc(l.link)}${flag}` +
      `${l.path?.conduit ? ` · ${esc(l.path.conduit)}` : ""}</text></g>`
    );
  });
  const base = 92 + group.links.length * 20 + 12;
  const keys = [
    `<line x1="${x}" y1="${base}" x2="${x + 28}" y2="${base}" stroke="${VIOLATION_COLOUR}" stroke-width="9" ` +
      `stroke-opacity="0.8"/><text x="${x + 36}" y="${base + 4}" font-size="12">violation (${blockers.length} blocker` +
      `${blockers.length === 1 ? "" : "s"})</text>`,
    `<line x1="${x}" y1="${base + 78}" x2="${x + 28}" y2="${base + 78}" stroke="${HEALTH_COLOUR}" stroke-width="9" ` +
      `stroke-dasharray="10 6"/><text x="${x + 36}" y="${base + 82}" font-size="12">health in doubt (why below)</text>`,
    healthNotes(group.links, x, base + 106),
    `<rect x="${x + 8}" y="${base + 12}" width="12" height="12" fill="#222" rx="2"/>` +
      `<text x="${x + 36}" y="${base + 22}" font-size="12">facility</text>`,
    `<path d="M ${x + 14} ${base + 30} l 7 12 h -14 z" fill="#fff" stroke="#222" stroke-width="2"/>` +
      `<text x="${x + 36}" y="${base + 42}" font-size="12">building entrance</text>`,
    `<circle cx="${x + 14}" cy="${base + 56}" r="3" fill="#fff" stroke="#555"/>` +
      `<text x="${x + 36}" y="${base + 60}" font-size="12">manhole / handhole</text>`,
  ];
  const status = group.compliant === false ? "NOT compliant" : group.compliant ? "compliant" : "";
  return (
    `<g id="legend"><rect x="${WIDTH - LEGEND_W}" y="0" width="${LEGEND_W}" height="${HEIGHT}" fill="#fff" ` +
    `stroke="#ddd"/><text x="${x}" y="36" font-size="16" font-weight="bold">${esc(title)}</text>` +
    `<text x="${x}" y="60" font-size="13" fill="${group.compliant === false ? VIOLATION_COLOUR : "#2a7a2a"}">` +
    `${status}</text>${rows.join("")}${keys.join("")}</g>`
  );
}

export function renderHtml(group: GroupOutputs, title = "RedundantLinkGroup"): string {
  const blockers = (group.blockers ?? []).map((b) => `<li data-rule="${esc(b.rule)}">${esc(b.explanation)}</li>`);
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>`,
    "<style>body{margin:16px;font:14px Helvetica,Arial,sans-serif;color:#222;background:#fafafa}",
    "svg{max-width:100%;height:auto;border:1px solid #ddd;background:#fff}li{margin:4px 0}",
    "polyline.route:hover{stroke-width:6}</style></head><body>",
    renderSvg(group, title),
    blockers.length > 0 ? `<h2>Blockers</h2><ol>${blockers.join("")}</ol>` : "<p>No blockers.</p>",
    "</body></html>",
  ].join("\n");
}
