#!/usr/bin/env node
// interconnect-emulator [--port N] [--host H] [--data DIR] [--seed N] [--provisioning-delay-ms N] [--region R]
import { PARTNER_CUSTOMER_TOKEN } from "./identities";
import { startEmulator, type EmulatorOptions } from "./server";

/** Where the CLI persists its state unless --data says otherwise (relative to the working directory). */
const DEFAULT_CLI_DATA_DIR = ".interconnect-emulator";

const USAGE =
  "usage: interconnect-emulator [--port N] [--host H] [--data DIR] [--seed N] [--provisioning-delay-ms N] [--region R]";

function parseArgs(argv: string[]): EmulatorOptions {
  const opts: EmulatorOptions = { port: 0, dataDir: DEFAULT_CLI_DATA_DIR };
  const number = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case "--port":
        opts.port = number(flag, value);
        i++;
        break;
      case "--host":
        if (!value) throw new Error("--host needs a value");
        opts.host = value;
        i++;
        break;
      case "--data":
        if (!value) throw new Error("--data needs a directory");
        opts.dataDir = value;
        i++;
        break;
      case "--seed":
        opts.seed = number(flag, value);
        i++;
        break;
      case "--provisioning-delay-ms":
        opts.provisioningDelayMs = number(flag, value);
        i++;
        break;
      case "--region":
        if (!value || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(value))
          throw new Error("--region needs an AWS region, e.g. us-east-1");
        opts.region = value;
        i++;
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
      // falls through (process.exit never returns)
      default:
        throw new Error(`unknown argument ${flag}\n${USAGE}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  const emulator = await startEmulator(parseArgs(process.argv.slice(2)));
  console.log(`cloud: ${emulator.cloudUrl}`);
  console.log(`partner: ${emulator.partnerUrl}`);
  console.log(`admin: ${emulator.url}/_admin`);
  console.log(`region: ${emulator.region}`);
  console.log(`aws access key id: ${emulator.credentials.accessKeyId}`);
  console.log(`aws secret access key: ${emulator.credentials.secretAccessKey}`);
  console.log(`partner token: ${PARTNER_CUSTOMER_TOKEN}`);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    emulator.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err) => {
  console.error(`interconnect-emulator: ${(err as Error).message}`);
  process.exit(1);
});
