// The API clients, for scripts and tools beside a Pulumi program (`pulumi-interconnect/clients`). Kept out of the
// main entry point: their declarations derive from the zod contract (schema/), which a Pulumi program's
// type-check should not have to load.
export * from "./client";
export * from "./api-errors";
export { listAll } from "./common/pages";
export {
  AwsCredentialsError,
  AwsInterconnectClient,
  awsEndpoint,
  type AwsClientOptions,
  type AwsCredentials,
  type AwsInterconnectMethods,
} from "./aws-client";
export { awsClient, partnerClient } from "./config";
