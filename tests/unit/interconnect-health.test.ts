// Link health in the Interconnect: problems in plain words against the last read, and under macsec "required" a
// re-measurement that fails while a link still leaks, naming the link, the counter and the remedy.
import { expect } from "chai";
import nock from "nock";
import { provider as rawProvider } from "../../provider/interconnect/impl";
import type { InterconnectState } from "../../provider/interconnect/schema";
import { healthProblems, requireHealthyLinks } from "../../provider/interconnect/health";
import type { PartnerClient } from "../../provider/clients/partner";
import type { Link, PartnerConnection } from "../../schema/customer";
import {
  PARTNER,
  encodeKey,
  healthyLinkHealth,
  link,
  partnerConnection,
  rejection,
  useTestSettings,
} from "../support/fixtures";

const leaking = (name: string, framesUnencrypted: number): Link =>
  link({
    name,
    channel: `providers/partner/channels/${name}`,
    health: healthyLinkHealth({ macsec: { framesEncrypted: 1, framesUnencrypted, keyStatus: "LIVE" } }),
  });
const connectionWith = (links: Link[]): PartnerConnection => partnerConnection({ links });
const clientReturning = (next: PartnerConnection) =>
  ({ getConnection: () => Promise.resolve(next) }) as unknown as PartnerClient;
const noWait = () => Promise.resolve();

describe("Interconnect link health", () => {
  it("names unencrypted frames sent since the last read, and a key that is not live", () => {
    const before = [leaking("ch1", 0), leaking("ch2", 7)];
    const now = [leaking("ch1", 40), leaking("ch2", 7)];
    expect(healthProblems("required", now, before)).to.deep.equal([
      "link ch1: 40 unencrypted frames since the last read (framesUnencrypted 40)",
    ]);
    const pending = link({
      health: healthyLinkHealth({ macsec: { framesEncrypted: 0, framesUnencrypted: 0, keyStatus: "PENDING" } }),
    });
    expect(healthProblems("preferred", [pending], undefined)).to.deep.equal(["link ch1: MACsec key PENDING, not LIVE"]);
    expect(healthProblems("off", now, before), "MACsec off: frames in the clear are expected").to.deep.equal([]);
    expect(healthProblems("required", now, undefined), "no earlier read: no growth to judge").to.deep.equal([]);
    // A counter lower than before restarted (the link moved to new equipment): all it counts now is new.
    expect(healthProblems("required", [leaking("ch1", 5)], [leaking("ch1", 900)])).to.deep.equal([
      "link ch1: 5 unencrypted frames since the last read (framesUnencrypted 5)",
    ]);
  });

  it("under required, fails while a link still leaks, with the counter and the remedy by channel", async () => {
    const first = connectionWith([leaking("ch1", 100), leaking("ch2", 0)]);
    const later = connectionWith([leaking("ch1", 160), leaking("ch2", 0)]);
    const failure = await requireHealthyLinks(clientReturning(later), "Interconnect hq (pc-1)", first, noWait).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(failure).to.contain('Interconnect hq (pc-1): macsec is "required" but 1 link(s) are not protected');
    expect(failure).to.contain("link ch1: 60 unencrypted frames since the last read (framesUnencrypted 160)");
    expect(failure).to.contain("RequestMacSecKeyRotation on channel providers/partner/channels/ch1");
    expect(failure).to.contain("RelocateLink").and.not.contain("ch2");
  });

  it("passes once the counters stop: a rotated or moved link", async () => {
    const first = connectionWith([leaking("ch1", 160)]);
    const measured = await requireHealthyLinks(clientReturning(first), "Interconnect hq (pc-1)", first, noWait);
    expect(measured.links[0].health.macsec.framesUnencrypted).to.equal(160);
  });

  describe("a partner's bad counters", () => {
    useTestSettings();
    const provider = rawProvider as Required<typeof rawProvider>;
    const state = {
      site: "nyc-hq",
      macsec: "required",
      activationKey: encodeKey(10),
      links: [],
    } as unknown as InterconnectState;
    const withHealth = (health: unknown) => partnerConnection({ links: [link({ health: health as never })] });

    for (const [what, health, field] of [
      ["a negative counter", healthyLinkHealth({ errorFrames: -3 }), "errorFrames"],
      [
        "a fractional counter",
        healthyLinkHealth({ macsec: { framesEncrypted: 1, framesUnencrypted: 0.5, keyStatus: "LIVE" } }),
        "framesUnencrypted",
      ],
      ["an absurd latency", healthyLinkHealth({ latencyMs: 1e9 }), "latencyMs"],
      ["missing timers", { ...healthyLinkHealth(), bgp: undefined }, "bgp"],
    ] as const) {
      it(`are a partner fault naming the field, never healthy: ${what}`, async () => {
        nock(PARTNER).get("/v1/connections/pc-1").reply(200, withHealth(health));
        const e = await rejection(provider.read("pc-1", state));
        expect(e.message).to.contain(field);
      });
    }
  });
});
