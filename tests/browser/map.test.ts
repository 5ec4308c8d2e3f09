/// <reference lib="dom" />
// The map in a real browser: Debian's chromium driven by playwright-core loads interconnect-map's HTML for the
// nyc-midtown trench (warn case), and the test checks what a person would see: every link's route drawn and visible,
// the violation highlighted (its colour in the computed style and in the screenshot's pixels).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { chromium, type Browser } from "playwright-core";
import { buildCatalog, Inventory } from "../../emulator/world/inventory";
import { candidatePaths } from "../../emulator/world/placement";
import { DiversityPolicySchema, evaluatePolicy, type GroupMember } from "../../provider/diversity";
import { renderHtml, VIOLATION_COLOUR } from "../../provider/map/render";
import { healthyLinkHealth, link } from "../support/fixtures";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = path.join(os.tmpdir(), "interconnect-map-test");

/** Two connections at nyc-midtown placed as the partner places them by default (ic-1, ic-2), with routes. */
function midtownMembers(): GroupMember[] {
  const inventory = new Inventory(buildCatalog(1));
  const site = inventory.site("nyc-midtown")!;
  return ["ic-1", "ic-2"].map((icId, n) => {
    const ic = inventory.interconnect("us-east-1:nyc", icId)!;
    const links = ic.channels.map((ch, i) => {
      const p = candidatePaths(ic, ch.id, site, i)[0];
      return link({ name: ch.id, ...p, ...inventory.route(site.id, p)! });
    });
    return { interconnect: `midtown-${"ab"[n]}`, connectionId: `pc-${n}`, site: site.id, links, maintenance: [] };
  });
}

describe("interconnect-map in chromium (playwright-core)", function () {
  this.timeout(120_000);
  let browser: Browser | undefined;

  before(async () => {
    // .ci/run installs Debian's chromium; a machine without it fails here with the fix rather than skipping.
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  });
  after(async () => browser?.close());

  it("draws every link's route, the trench highlighted, in a screenshot a person can read", async () => {
    const policy = DiversityPolicySchema.parse({ distinct: ["conduit", "structure"], minSeparationMeters: 10 });
    const evaluation = evaluatePolicy(policy, midtownMembers());
    expect(evaluation.blockers.some((b) => b.rule === "minSeparation")).to.equal(true);
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, "midtown-warn.html");
    fs.writeFileSync(file, renderHtml(evaluation, "nyc-midtown-pair (warn)"));

    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`file://${file}`);
    const routes = page.locator("[data-link]");
    expect(await routes.count()).to.equal(8);
    for (const route of await routes.all()) {
      expect(await drawn(route), (await route.getAttribute("data-link")) ?? "").to.equal(true);
    }
    const violation = page.locator("polyline[data-violation]").first();
    expect(await drawn(violation)).to.equal(true);
    const stroke = await violation.evaluate((el) => getComputedStyle(el).stroke);
    expect(stroke).to.equal("rgb(230, 25, 75)");

    const shot = path.join(SHOTS, "midtown-warn.png");
    const png = await page.locator("svg").screenshot({ path: shot });
    expect(await highlightPixels(page, png)).to.be.greaterThan(50);
    await page.close();
  });

  it("marks a link that leaks and a link with mismatched BGP timers, and the legend says why", async () => {
    const leak = healthyLinkHealth({ macsec: { framesEncrypted: 9, framesUnencrypted: 40, keyStatus: "LIVE" } });
    const slowTimers = healthyLinkHealth({ bgp: { holdTimeSeconds: 180, keepaliveSeconds: 60, flaps: 0 } });
    const [plainA, plainB] = midtownMembers();
    const a = { ...plainA, links: plainA.links.map((l, i) => (i === 1 ? { ...l, health: leak } : l)) };
    const b = { ...plainB, links: plainB.links.map((l, i) => (i === 2 ? { ...l, health: slowTimers } : l)) };
    const members = [a, b];
    const evaluated = evaluatePolicy(DiversityPolicySchema.parse({ distinct: ["conduit"] }), members);
    expect(evaluated.blockers.map((blocker) => blocker.rule)).to.include("requireConsistentBgpTimers");
    // As the group records them: a-link 1 leaked 40 frames since the previous read; a-link 2 leaked 500 long ago and
    // none since (its key was rotated), so it is not marked.
    const sinceLastRead = [0, 40, 0, 0];
    const links = evaluated.links.map((l, i) => ({
      ...l,
      health: {
        ...l.health!,
        ...(i === 2 ? { framesUnencrypted: 500 } : {}),
        unencryptedSinceLastRead: sinceLastRead[i] ?? 0,
      },
    }));
    const evaluation = { ...evaluated, links };
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, "midtown-health.html");
    fs.writeFileSync(file, renderHtml(evaluation, "nyc-midtown-pair (health)"));

    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`file://${file}`);
    const marked = page.locator("polyline[data-health]");
    expect(await marked.evaluateAll((els) => els.map((el) => el.getAttribute("data-health")))).to.deep.equal([
      `midtown-a/${a.links[1].name}`,
      `midtown-b/${b.links[2].name}`,
    ]);
    for (const halo of await marked.all()) {
      expect(await drawn(halo)).to.equal(true);
      expect(await halo.evaluate((el) => getComputedStyle(el).stroke)).to.equal("rgb(245, 163, 0)");
    }
    const legend = (await page.locator("#legend").textContent()) ?? "";
    expect(legend)
      .to.contain(`midtown-a/${a.links[1].name} ⚠`)
      .and.contain("40 unencrypted frames since the last read,");
    expect(legend, "a leak that stopped is not marked").to.not.contain("500 unencrypted");
    expect(legend).to.contain("BGP timers 180/60 s differ from the group's");
    expect(legend).to.contain("health in doubt");
    await page.locator("svg").screenshot({ path: path.join(SHOTS, "midtown-health.png") });
    await page.close();
  });
});

/**
 * Rendered and not hidden. (Playwright's isVisible wants a non-empty client rect, and a straight north-south
 * polyline has zero width without its stroke; the geometry's bounding box says whether it has extent.)
 */
async function drawn(element: import("playwright-core").Locator): Promise<boolean> {
  return element.evaluate((el) => {
    const style = getComputedStyle(el);
    const box = (el as SVGGraphicsElement).getBBox();
    return style.display !== "none" && style.visibility === "visible" && box.width + box.height > 0;
  });
}

/** Pixels of the screenshot close to the violation colour, counted by the browser itself (canvas decodes the PNG). */
async function highlightPixels(page: import("playwright-core").Page, png: Buffer): Promise<number> {
  const hex = VIOLATION_COLOUR.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return page.evaluate(
    async ({ data, target }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      [canvas.width, canvas.height] = [image.width, image.height];
      const context = canvas.getContext("2d")!;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        const close = [0, 1, 2].reduce((sum, c) => sum + Math.abs(pixels[i + c] - target[c]), 0);
        if (close < 60) count++;
      }
      return count;
    },
    { data: png.toString("base64"), target: [r, g, b] },
  );
}
