// Three handlers of the gRPC service @pulumi/pulumi 3.248's provider module registers, wrapped where it registers
// them: Configure hands the provider its configuration and answers `supportsPreview: true`; a Create or Update with
// `preview` set is answered by the plugin's preview (the module would call the provider's create or update).
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { configOf } from "./configuration";

type Bag = Record<string, unknown>;
type Callback = (error: unknown, response?: unknown) => void;
interface Struct {
  toJavaScript(): Bag;
}
interface Request {
  getVariablesMap(): { toObject(): [string, string][] };
  getArgs(): { toJavaScript(): Bag } | undefined;
  getPreview(): boolean;
  getUrn(): string;
  getId(): string;
  getOlds(): Struct;
  getNews(): Struct;
  getProperties(): Struct;
}
type Handler = (call: { request: Request }, callback: Callback) => void;
type ServiceImplementation = Record<string, unknown> & { configure?: Handler; checkConfig?: unknown };

/** The plugin's answers to the engine's previews (./provider.ts). */
export interface Previews {
  previewCreate(urn: string, inputs: Bag): Bag;
  previewUpdate(id: string, urn: string, olds: Bag, news: Bag): Promise<Bag>;
}

const pulumiDir = () => path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the instances the provider module itself uses
const fromPulumi = (id: string): unknown => require(require.resolve(id, { paths: [pulumiDir()] }));

interface Response {
  setId(id: string): void;
  setProperties(properties: unknown): void;
  setSupportspreview(supports: boolean): void;
}
interface Protos {
  provider: Record<"CreateResponse" | "UpdateResponse", new () => Response>;
  struct: { Struct: { fromJavaScript(value: Bag): unknown } };
}
const protos = (): Protos => ({
  provider: fromPulumi(path.join(pulumiDir(), "proto", "provider_pb")) as Protos["provider"],
  struct: fromPulumi("google-protobuf/google/protobuf/struct_pb") as Protos["struct"],
});

/** Configure: the configuration to `onConfigure` first, then the module's answer, saying previews are supported. */
function configure(answer: Handler, onConfigure: (config: pulumi.dynamic.Config) => void): Handler {
  return (call, callback) => {
    try {
      const variables = Object.fromEntries(call.request.getVariablesMap().toObject());
      onConfigure(configOf(variables, call.request.getArgs()?.toJavaScript()));
    } catch (e) {
      callback(e);
      return;
    }
    answer(call, (error, response) => {
      if (response) (response as Response).setSupportspreview(true);
      callback(error, response);
    });
  };
}

/** Create and Update: a preview answered by `previews`, anything else by the module. */
function previewing(operation: "create" | "update", answer: Handler, previews: Previews): Handler {
  return (call, callback) => {
    if (!call.request.getPreview()) {
      answer(call, callback);
      return;
    }
    const { request } = call;
    const { provider, struct } = protos();
    const outputs =
      operation === "create"
        ? Promise.resolve(previews.previewCreate(request.getUrn(), request.getProperties().toJavaScript()))
        : previews.previewUpdate(
            request.getId(),
            request.getUrn(),
            request.getOlds().toJavaScript(),
            request.getNews().toJavaScript(),
          );
    outputs.then(
      (properties) => {
        const response = new provider[operation === "create" ? "CreateResponse" : "UpdateResponse"]();
        if (operation === "create") response.setId("");
        response.setProperties(struct.Struct.fromJavaScript(properties));
        callback(undefined, response);
      },
      (e: unknown) => callback(e),
    );
  };
}

let hooked = false;

/** Wraps the resource provider service's Configure, Create and Update handlers (see above), once. */
export function hookService(onConfigure: (config: pulumi.dynamic.Config) => void, previews: Previews): void {
  if (hooked) return;
  hooked = true;
  const grpc = fromPulumi("@grpc/grpc-js") as {
    Server: { prototype: { addService: (service: unknown, implementation: ServiceImplementation) => void } };
  };
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    const bound = (name: string) => (implementation[name] as Handler).bind(implementation);
    if (implementation.configure && implementation.checkConfig) {
      implementation.configure = configure(bound("configure"), onConfigure);
      implementation.create = previewing("create", bound("create"), previews);
      implementation.update = previewing("update", bound("update"), previews);
    }
    addService.call(this, service, implementation);
  };
}
