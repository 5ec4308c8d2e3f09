// Feature guidance and validation (GenerateFeatureGuidance, CreateFeature): the L3 parameters this side offers on a
// channel, and the check that a proposed feature follows them and collides with no other feature.
import type { SpecRequest } from "../../schema/spec";
import { conflict, invalidArgument } from "../http/errors";
import type { ChannelSpec, InterconnectSpec } from "../world/catalog";
import * as ip from "./ipv4";
import type { Lenient } from "./request";
import type { SpecRecords } from "./spec-records";
import type { L3FeatureConfig, SpecConnectionRecord } from "../state/store";

/** Link-local space the L3 features are carved from, and the MTU/VLAN ranges both roles accept. */
const L3_SUPERNET = "169.254.0.0/16";
const VLAN_RANGE = { start: 1025, stop: 4094 };
const MTU_RANGE = { start: 1500, stop: 8500 };
const ALLOWED_PREFIXES = [30, 29];

type BgpConfig = NonNullable<
  NonNullable<Lenient<SpecRequest<"CreateFeature">>["featureConfig"]>["l3BaseConfig"]
>["providerBgpConfigs"];

export class FeatureGuidance {
  constructor(private readonly records: SpecRecords) {}

  private usedSubnets(chName: string): ip.Cidr[] {
    return Object.values(this.records.state.features)
      .filter((f) => f.channel === chName)
      .map((f) =>
        ip.parseCidr(
          `${f.featureConfig.l3BaseConfig.ipv4Subnet}/${f.featureConfig.l3BaseConfig.ipv4SubnetPrefixLength}`,
        ),
      )
      .filter((c): c is ip.Cidr => c !== undefined);
  }

  /** First free /30, starting at an offset per interconnect so the emulated addresses read well. */
  private preferredSubnet(env: string, ic: InterconnectSpec, chName: string): string | undefined {
    const supernet = ip.parseCidr(L3_SUPERNET)!;
    const used = this.usedSubnets(chName);
    const icIndex = this.records.inventory.environment(env)?.interconnects.indexOf(ic) ?? 0;
    for (let offset = (icIndex + 1) * 256 * 16; offset < ip.size(supernet); offset += 4) {
      const candidate = { base: supernet.base + offset, prefix: 30 };
      if (!used.some((u) => ip.overlaps(u, candidate))) return ip.format(candidate);
    }
    return undefined;
  }

  guidanceFor(env: string, ic: InterconnectSpec, ch: ChannelSpec) {
    const chName = this.records.chName(env, ic.id, ch.id);
    const preferred = this.preferredSubnet(env, ic, chName);
    return {
      featureType: "FEATURE_TYPE_L3_BASE",
      channel: chName,
      channelAdminState: "ADMIN_STATE_ENABLED",
      l3BaseGuidance: {
        asnRanges: [{ start: this.records.asn, stop: this.records.asn }],
        ipv4SubnetGuidance: [
          {
            includeSubnet: L3_SUPERNET,
            excludeSubnets: this.usedSubnets(chName).map(ip.format),
            ...(preferred ? { preferredSubnet: preferred } : {}),
          },
        ],
        ipv4AllowedSubnetPrefixLengths: ALLOWED_PREFIXES,
        vlanRanges: [VLAN_RANGE],
        mtuRanges: [MTU_RANGE],
        maxReceivedBgpRoutePrefixes: 100,
      },
    };
  }

  /** Rejects a proposed feature that deviates from our guidance (400) or collides with another feature (409). */
  validate(
    conn: SpecConnectionRecord,
    ic: InterconnectSpec,
    body: Lenient<SpecRequest<"CreateFeature">>,
  ): { channel: ChannelSpec; config: L3FeatureConfig } {
    const ch = this.proposedChannel(conn, ic, body.channel);
    const chName = this.records.chName(conn.environment, ic.id, ch.id);
    if (this.records.featuresOf(conn.name).some((f) => f.channel === chName))
      throw conflict(`connection already has a feature on ${ch.id}`, "ALREADY_EXISTS");
    const l3 = body.featureConfig?.l3BaseConfig;
    if (body.featureConfig?.featureType !== "FEATURE_TYPE_L3_BASE" || !l3)
      throw invalidArgument("featureConfig must be a FEATURE_TYPE_L3_BASE with l3BaseConfig");
    const vlan = l3.vlanId;
    if (vlan === undefined || vlan < VLAN_RANGE.start || vlan > VLAN_RANGE.stop)
      throw invalidArgument(`vlanId must be within ${VLAN_RANGE.start}-${VLAN_RANGE.stop}`);
    const mtu = l3.mtuBytes;
    if (mtu === undefined || mtu < MTU_RANGE.start || mtu > MTU_RANGE.stop)
      throw invalidArgument(`mtuBytes must be within ${MTU_RANGE.start}-${MTU_RANGE.stop}`);
    const { ipv4Subnet, ipv4SubnetPrefixLength } = l3;
    const subnet = ip.parseCidr(`${ipv4Subnet}/${ipv4SubnetPrefixLength}`);
    if (
      ipv4Subnet === undefined ||
      ipv4SubnetPrefixLength === undefined ||
      !subnet ||
      !ALLOWED_PREFIXES.includes(subnet.prefix) ||
      !ip.isAligned(subnet) ||
      !ip.contains(ip.parseCidr(L3_SUPERNET)!, subnet)
    ) {
      throw invalidArgument(`ipv4Subnet must be an aligned /${ALLOWED_PREFIXES.join(" or /")} inside ${L3_SUPERNET}`);
    }
    const md5BgpPassword = l3.md5BgpPassword;
    if (md5BgpPassword === undefined || md5BgpPassword.length < 8)
      throw invalidArgument("md5BgpPassword (at least 8 characters) is required");
    const [ours, theirs] = this.bgpPeers(l3.providerBgpConfigs, subnet, `${ipv4Subnet}/${ipv4SubnetPrefixLength}`);
    const others = Object.values(this.records.state.features).filter((f) => f.channel === chName);
    if (others.some((f) => f.featureConfig.l3BaseConfig.vlanId === vlan))
      throw conflict(`VLAN ${vlan} is already used on ${ch.id}`);
    if (this.usedSubnets(chName).some((u) => ip.overlaps(u, subnet)))
      throw conflict(`subnet ${ip.format(subnet)} overlaps a subnet already used on ${ch.id}`);
    const normalized: L3FeatureConfig = {
      featureType: "FEATURE_TYPE_L3_BASE",
      l3BaseConfig: {
        ipv4Subnet,
        ipv4SubnetPrefixLength,
        mtuBytes: mtu,
        vlanId: vlan,
        providerBgpConfigs: [ours, theirs],
        md5BgpPassword,
      },
    };
    return { channel: ch, config: normalized };
  }

  /** The channel a proposal names, spelled as the peer spells our resources. */
  private proposedChannel(conn: SpecConnectionRecord, ic: InterconnectSpec, channel: string | undefined) {
    const chId = channel === undefined ? undefined : this.records.shortId(channel);
    const ch = ic.channels.find((c) => c.id === chId);
    if (!ch || !channel || this.records.chName(conn.environment, ic.id, ch.id) !== this.records.toOurName(channel)) {
      throw invalidArgument(
        `feature.channel must name a channel of ${ic.id}, e.g. ${this.records.toPeerName(this.records.chName(conn.environment, ic.id, "ch1"))}`,
      );
    }
    return ch;
  }

  /** Our BGP peer and the peer's, each with an ASN and a distinct host address of the subnet. */
  private bgpPeers(configs: BgpConfig, subnet: ip.Cidr, subnetText: string) {
    const { id, peerId, asn } = this.records;
    const bgp = configs ?? [];
    const ours = bgp.find((b) => b?.provider === `providers/${id}`);
    const theirs = bgp.find((b) => b?.provider === `providers/${peerId}`);
    if (!ours || !theirs)
      throw invalidArgument(
        `providerBgpConfigs must hold one entry for providers/${id} and one for providers/${peerId}`,
      );
    if (ours.asn !== asn)
      throw invalidArgument(`the ASN of providers/${id} must be ${asn} (see asnRanges in the guidance)`);
    if (theirs.asn === undefined || theirs.asn <= 0)
      throw invalidArgument(`the ASN of providers/${peerId} must be a positive integer`);
    for (const b of [ours, theirs]) {
      if (!b.hostIpv4 || !ip.ipInCidr(b.hostIpv4, subnet))
        throw invalidArgument(`hostIpv4 ${b.hostIpv4} of ${b.provider} is not a host address of ${subnetText}`);
    }
    if (ours.hostIpv4 === theirs.hostIpv4) throw invalidArgument("the two BGP hosts need different addresses");
    return [ours, theirs].map((b) => ({ provider: b.provider!, asn: b.asn!, hostIpv4: b.hostIpv4! }));
  }
}
