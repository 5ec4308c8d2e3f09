// The quick-start program in Go: two activation keys from us-east-1 to the partner's NYC metro, an Interconnect
// accepting each at site nyc-hq, and a RedundantLinkGroup keeping their links on distinct fiber conduits.
package main

import (
	"fmt"

	"github.com/pulumi-interconnect/sdk/go/interconnect"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// The keys own the bandwidth: `pulumi config set bandwidthGbps 25` resizes both in place.
		bandwidthGbps := config.New(ctx, "").GetFloat64("bandwidthGbps")
		if bandwidthGbps == 0 {
			bandwidthGbps = 10
		}

		connection := func(name string) (*interconnect.ActivationKey, *interconnect.Interconnect, error) {
			key, err := interconnect.NewActivationKey(ctx, name+"Key", &interconnect.ActivationKeyArgs{
				EnvironmentId: pulumi.String("us-east-1:nyc"),
				BandwidthGbps: pulumi.Float64(bandwidthGbps),
				// The Direct Connect gateway the connection attaches to, and the partner account allowed to accept the key.
				AttachPoint:   pulumi.String("5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01"),
				RemoteAccount: pulumi.String("partner-acct-1"),
				Description:   pulumi.String(fmt.Sprintf("hq-%s", name)),
			})
			if err != nil {
				return nil, nil, err
			}
			ic, err := interconnect.NewInterconnect(ctx, name, &interconnect.InterconnectArgs{
				ActivationKey: key.ActivationKey,
				Site:          pulumi.String("nyc-hq"),
			})
			return key, ic, err
		}

		primaryKey, primary, err := connection("primary")
		if err != nil {
			return err
		}
		secondaryKey, secondary, err := connection("secondary")
		if err != nil {
			return err
		}

		hq, err := interconnect.NewRedundantLinkGroup(ctx, "hq", &interconnect.RedundantLinkGroupArgs{
			// An Interconnect's id is its partner connection id, known in a preview while the Interconnect is updated.
			Interconnects: pulumi.StringArray{primary.ID().ToStringOutput(), secondary.ID().ToStringOutput()},
			Names:         pulumi.StringArray{pulumi.String("hq-primary"), pulumi.String("hq-secondary")},
			Policy: interconnect.DiversityPolicyInputTypeArgs{
				MinLinks: pulumi.Int(4),
				Distinct: pulumi.StringArray{pulumi.String("conduit")},
			},
			Enforcement: pulumi.String("reconcile"),
		})
		if err != nil {
			return err
		}

		ctx.Export("primaryConnectionId", primaryKey.ConnectionId)
		ctx.Export("secondaryConnectionId", secondaryKey.ConnectionId)
		ctx.Export("primaryPartnerConnectionId", primary.ConnectionId)
		ctx.Export("secondaryPartnerConnectionId", secondary.ConnectionId)
		ctx.Export("compliant", hq.Compliant)
		ctx.Export("survivesSingleFailure", hq.SurvivesSingleFailure)
		return nil
	})
}
