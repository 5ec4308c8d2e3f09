import { expect } from "chai";
import { createRequire } from "node:module";
import * as path from "node:path";
import { providerSource } from "../../provider/stub";

const MAX_STUB_BYTES = 1024; // the P1 target: serialized provider bytes per resource in state
const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];

/** Evaluates a stub the way the dynamic provider host does: a CommonJS module resolving from the program's dir. */
function loadStub(source: string): { handler(): Record<string, unknown> } {
  const module = { exports: {} as { handler(): Record<string, unknown> } };
  const requireFromProgram = createRequire(path.resolve(__dirname, "../../examples/demo/index.ts"));
  new Function("exports", "require", "module", source)(module.exports, requireFromProgram, module);
  return module.exports;
}

describe("thin provider stub", () => {
  for (const resourceDir of ["activation-key", "connection-proposal-accepter", "interconnect", "redundant-link-group"]) {
    it(`${resourceDir}: at most 1 KB, names only the implementation module, and loads the provider by package name`, () => {
      const source = providerSource(resourceDir);
      expect(Buffer.byteLength(source)).to.be.at.most(MAX_STUB_BYTES);
      expect(source).to.contain(`"pulumi-interconnect/dist/provider/${resourceDir}/impl"`);
      const provider = loadStub(source).handler();
      for (const method of METHODS) expect(provider[method], method).to.be.a("function");
    });
  }
});
