// Preloaded with NODE_OPTIONS=--require by `npm run bench -- --only P6 --profile DIR` (Node refuses --cpu-prof in
// NODE_OPTIONS). In the dynamic provider host and in the program (the SDK's cmd/run), it samples the CPU from start
// until the process exits or the engine stops it (SIGINT to the plugin's process group) and writes
// DIR/<provider|program>-<pid>.cpuprofile; every other process runs as usual.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const inspector = require("node:inspector");

const dir = process.env.BENCH_PROFILE_DIR;
const script = process.argv[1] ?? "";
const role = script.includes("cmd/dynamic-provider") ? "provider" : script.includes("cmd/run") ? "program" : undefined;
if (dir && role) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  const write = () =>
    session.post("Profiler.stop", (err, result) => {
      if (!err) fs.writeFileSync(path.join(dir, `${role}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  process.once("SIGINT", () => {
    write();
    process.exit(0);
  });
  process.once("exit", write);
}
