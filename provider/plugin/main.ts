// The entry point of the provider plugin `interconnect` (run by dist/plugin/pulumi-resource-interconnect): configures
// from the engine's Configure as the dynamic face does, then serves ./provider.ts through @pulumi/pulumi's provider
// module (its handlers wrapped by ./service.ts for Configure and previews), which prints the port for the engine.
import * as fs from "node:fs";
import { main } from "@pulumi/pulumi/provider";
import { configureFromStack } from "../settings";
import { interconnectProvider, packageFile } from "./provider";
import { hookService } from "./service";

export const PULUMI_PACKAGE_SCHEMA = "schema/pulumi-package.json";

export function serve(args: string[]): Promise<void> {
  const { version } = JSON.parse(fs.readFileSync(packageFile("package.json"), "utf8")) as { version: string };
  const schema = () => fs.readFileSync(packageFile(PULUMI_PACKAGE_SCHEMA), "utf8");
  const provider = interconnectProvider(version, schema);
  hookService(configureFromStack, provider);
  return main(provider, args);
}

if (require.main === module) {
  serve(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
