// `pulumi-interconnect/emulator`: the bundled partner + AWS Interconnect emulator for development and tests
// (this module is its public entry point).
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { providerEnv, type EmulatorEndpoints } from "./provider-env";
export * as identities from "./identities";
