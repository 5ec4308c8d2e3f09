// Resources of the provider plugin `interconnect`, declared by type token as a program of any language would (no
// class of this package): one ActivationKey, one imported by id when `imported` is set, and an Interconnect imported by
// its partner connection id when `interconnectKey` is set.
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const attachPoint = config.require("attachPoint");

/** A resource of the plugin by type token (CustomResource is abstract in the SDK's types). */
class PluginResource extends pulumi.CustomResource {}

/** An ActivationKey of the plugin, with the outputs this program reads. */
function activationKey(name: string, args: Record<string, unknown>) {
  const outputs = { activationKey: undefined, connectionId: undefined, state: undefined };
  const resource = new PluginResource("interconnect:index:ActivationKey", name, { ...outputs, ...args });
  return resource as unknown as Record<keyof typeof outputs, pulumi.Output<string>>;
}

const key = activationKey("plugin-key", {
  environmentId: "us-east-1:nyc",
  bandwidthGbps: config.getNumber("bandwidthGbps") ?? 10,
  attachPoint,
  description: "plugin face",
});

if (config.get("imported")) {
  activationKey("imported", {
    environmentId: "us-east-1:nyc",
    bandwidthGbps: 10,
    attachPoint,
    description: "made outside the stack",
  });
}

// Imported by its partner connection id; its key is handed over as secret config, as from the stack that made it.
const interconnectKey = config.getSecret("interconnectKey");
if (interconnectKey) {
  new PluginResource("interconnect:index:Interconnect", "imported-ic", {
    activationKey: interconnectKey,
    site: "nyc-hq",
  });
}

export const connectionId = key.connectionId;
export const state = key.state;
export const activation = key.activationKey;
