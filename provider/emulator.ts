// `pulumi-interconnect/emulator`: the bundled partner + AWS Interconnect emulator for development and tests
// (the source lives in emulator/; this module is only its public entry point).
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "../emulator/server";
export { providerEnv, type EmulatorEndpoints } from "../emulator/provider-env";
export * as defaults from "../emulator/defaults";
