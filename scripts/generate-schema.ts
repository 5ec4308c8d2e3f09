// Writes everything derived from the schemas (run: `npm run schema`):
//   schema/<resource>.args.json   JSON Schema (draft 2020-12) of each resource's arguments, from its schema
//                                 (provider/<resource>/schema.ts), with the defaults it declares (check fills them in);
//   schema/openapi.json           the emulator's OpenAPI 3.1 document (what `GET /openapi.json` serves, server "/");
//   provider/generated/types.ts   the public TypeScript types (scripts/public-types.ts);
//   provider/generated/resource-fields.ts  what each resource class registers (outputs, secrets, id output);
//   README.md                     the "Resource reference" tables between their markers (scripts/reference.ts);
//   schema/pulumi-package.json    the Pulumi package schema the provider plugin serves (scripts/pulumi-package.ts).
// tests/unit/schema-fresh.test.ts regenerates them in memory and fails when a committed file is stale.
import * as fs from "node:fs";
import * as path from "node:path";
import { buildOpenApiDocument } from "../schema/spec";
import { publicInputs, type ResourceSchema } from "../provider/common/schema-docs";
import { ActivationKeySchema } from "../provider/activation-key/schema";
import { ConnectionProposalAccepterSchema } from "../provider/connection-proposal-accepter/schema";
import { InterconnectSchema } from "../provider/interconnect/schema";
import { RedundantLinkGroupSchema } from "../provider/redundant-link-group/schema";
import { generatePublicTypes, generateResourceFields, PUBLIC_TYPES_FILE, RESOURCE_FIELDS_FILE } from "./public-types";
import { PULUMI_PACKAGE_FILE, pulumiPackage } from "./pulumi-package";
import { resourceReference, withReference } from "./reference";
import { toJson, type JsonSchema } from "./schema-json";

export const ROOT = path.resolve(__dirname, "..");

/** Every resource's schema, in reference order. */
export const RESOURCE_SCHEMAS: readonly ResourceSchema[] = [
  ActivationKeySchema,
  ConnectionProposalAccepterSchema,
  InterconnectSchema,
  RedundantLinkGroupSchema,
];

/** "ConnectionProposalAccepter" → "connection-proposal-accepter". */
const kebab = (type: string) => type.replace(/(?<!^)([A-Z])/g, "-$1").toLowerCase();

/** The defaults the schema declares (`.default(...)`), read from its JSON Schema: what check fills in. */
function declaredDefaults(resource: ResourceSchema): Record<string, unknown> {
  const properties = toJson(publicInputs(resource.inputs), "input", "args").properties ?? {};
  return Object.fromEntries(
    Object.entries(properties)
      .filter(([, property]) => property.default !== undefined)
      .map(([key, property]) => [key, property.default]),
  );
}

/** JSON Schema of one resource's arguments. */
function argumentsSchema(resource: ResourceSchema, defaults: Record<string, unknown>): JsonSchema {
  const json = toJson(publicInputs(resource.inputs), "input", "args");
  // The schema's defaults are in its JSON Schema already; an argument with one is not required.
  json.required = (json.required ?? []).filter((key) => !(key in defaults));
  const description = `Arguments of ${resource.type} (pulumi-nodejs:dynamic/interconnect:${resource.type}). ${resource.summary}`;
  return {
    $id: `${kebab(resource.type)}.args.json`,
    title: `${resource.type}Args`,
    description,
    $schema: "https://json-schema.org/draft/2020-12/schema",
    ...json,
  };
}

const serialize = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every generated file: path from the repository root → content. */
export async function generateAll(
  readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8"),
): Promise<Record<string, string>> {
  const resources = RESOURCE_SCHEMAS.map((schema) => ({ schema, defaults: declaredDefaults(schema) }));
  const files: Record<string, string> = {};
  for (const { schema, defaults } of resources)
    files[`schema/${kebab(schema.type)}.args.json`] = serialize(argumentsSchema(schema, defaults));
  files["schema/openapi.json"] = serialize(buildOpenApiDocument());
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  files[PULUMI_PACKAGE_FILE] = serialize(pulumiPackage(RESOURCE_SCHEMAS, version));
  files[PUBLIC_TYPES_FILE] = await generatePublicTypes(resources);
  files[RESOURCE_FIELDS_FILE] = await generateResourceFields(resources.map(({ schema }) => schema));
  files["README.md"] = withReference(
    readme,
    resources.map(({ schema, defaults }) => resourceReference(schema, defaults)).join("\n\n"),
  );
  return files;
}

async function main(): Promise<void> {
  for (const [file, content] of Object.entries(await generateAll())) {
    const target = path.join(ROOT, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
    fs.writeFileSync(target, content);
    console.log(`${current === content ? "unchanged" : "wrote    "} ${file}`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
