// The API clients, for scripts and tools beside a Pulumi program (`pulumi-interconnect/clients`). Kept out of the
// main entry point: their declarations derive from the zod contract (schema/), which a Pulumi program's
// type-check should not have to load.
export * from "./partner";
export * from "./errors";
export { listAll } from "./paging";
export {
  AwsCredentialsError,
  AwsInterconnectClient,
  awsEndpoint,
  type AwsClientOptions,
  type AwsCredentials,
  type AwsInterconnectMethods,
} from "./aws";
export { awsClient, partnerClient } from "./configured";
