"""The quick-start program in Python: two activation keys from us-east-1 to the partner's NYC metro, an Interconnect
accepting each at site nyc-hq, and a RedundantLinkGroup keeping their links on distinct fiber conduits."""

import pulumi
import pulumi_interconnect as interconnect

config = pulumi.Config()
# The keys own the bandwidth: `pulumi config set bandwidthGbps 25` resizes both in place.
bandwidth_gbps = config.get_int("bandwidthGbps") or 10


def connection(name: str) -> tuple[interconnect.ActivationKey, interconnect.Interconnect]:
    key = interconnect.ActivationKey(
        f"{name}Key",
        environment_id="us-east-1:nyc",
        bandwidth_gbps=bandwidth_gbps,
        # The Direct Connect gateway the connection attaches to, and the partner account allowed to accept the key.
        attach_point="5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
        remote_account="partner-acct-1",
        description=f"hq-{name}",
    )
    return key, interconnect.Interconnect(name, activation_key=key.activation_key, site="nyc-hq")


primary_key, primary = connection("primary")
secondary_key, secondary = connection("secondary")

hq = interconnect.RedundantLinkGroup(
    "hq",
    # An Interconnect's id is its partner connection id, known in a preview while the Interconnect is updated.
    interconnects=[primary.id, secondary.id],
    names=["hq-primary", "hq-secondary"],
    policy=interconnect.DiversityPolicyInputArgs(min_links=4, distinct=["conduit"]),
    enforcement="reconcile",
)

pulumi.export("primaryConnectionId", primary_key.connection_id)
pulumi.export("secondaryConnectionId", secondary_key.connection_id)
pulumi.export("primaryPartnerConnectionId", primary.connection_id)
pulumi.export("secondaryPartnerConnectionId", secondary.connection_id)
pulumi.export("compliant", hq.compliant)
pulumi.export("survivesSingleFailure", hq.survives_single_failure)
