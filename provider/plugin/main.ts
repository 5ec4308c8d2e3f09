// The entry point of the provider plugin `interconnect` (run by dist/plugin/pulumi-resource-interconnect): configures
// from the engine's Configure as the dynamic face does, then serves ./provider.ts through @pulumi/pulumi's provider
// module, which prints the port for the engine.
import * as fs from "node:fs";
import { main } from "@pulumi/pulumi/provider";
import { configureFromStack } from "../settings";
import { forwardConfigure } from "./configuration";
import { interconnectProvider, packageFile } from "./provider";

export const PULUMI_PACKAGE_SCHEMA = "schema/pulumi-package.json";

export function serve(args: string[]): Promise<void> {
  const { version } = JSON.parse(fs.readFileSync(packageFile("package.json"), "utf8")) as { version: string };
  forwardConfigure(configureFromStack);
  const schema = () => fs.readFileSync(packageFile(PULUMI_PACKAGE_SCHEMA), "utf8");
  return main(interconnectProvider(version, schema), args);
}

if (require.main === module) {
  serve(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
