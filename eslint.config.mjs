// ESLint 9 flat config: typescript-eslint's type-checked rules on every TypeScript file (each file's nearest
// tsconfig.json through projectService), size limits on what ships, formatting left to Prettier (`npm run lint` runs
// both). Each rule turned off or down below says why next to it.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

/** What ships (package.json "files"): the provider, the emulator and the schema modules. */
const SHIPPED = ["provider/**/*.ts", "emulator/**/*.ts", "schema/**/*.ts"];

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "coverage/**",
      ".cache/**",
      ".pulumi-state/**",
      ".interconnect-emulator/**",
      "sdk/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // tsc already reports unused locals and parameters (noUnusedLocals, noUnusedParameters); `_name` marks the
      // deliberate ones, as tsc accepts them.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // Template literals print numbers, booleans and nullable ids in messages on purpose.
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
      // Pulumi dynamic provider methods (create/read/update/diff/delete), Fastify handlers and mocha hooks must
      // return promises even when a given implementation has nothing to await.
      "@typescript-eslint/require-await": "off",
      // `type X = {...}` and `interface X {...}` are both used: types for unions and zod-inferred shapes, interfaces
      // for declaration merging; the choice follows what each type is for, not a style.
      "@typescript-eslint/consistent-type-definitions": "off",
      // Plain `Record<string, T>` and `{ [id: string]: T }` are both used where the index name documents the key.
      "@typescript-eslint/consistent-indexed-object-style": "off",
      // An empty string means "unset" for environment variables and page tokens: `||` folds it into undefined.
      "@typescript-eslint/prefer-nullish-coalescing": ["error", { ignorePrimitives: { string: true } }],
      // `interface X extends Y {}` merges a mapped type into a class of the same name (each resource's index.ts, e.g.
      // provider/activation-key/index.ts).
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
    },
  },
  {
    // Size limits for shipped code only; tests, examples, bench and scripts are linear scenario scripts.
    files: SHIPPED,
    rules: {
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
      // Blank lines and comments do not count: documentation is not what makes a module too big.
      "max-lines": ["error", { max: 600, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ["tests/**/*.ts", "bench/**/*.ts"],
    rules: {
      // Tests and bench read JSON (HTTP bodies, `pulumi stack output --json`, emulator dumps) and assert on its shape
      // with chai; typing every response would duplicate the schema under test.
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-explicit-any": "off",
      // chai's `expect(x).to.be.true` style is a property access, and sinon-free stubs are plain objects.
      "@typescript-eslint/no-unused-expressions": "off",
      // `obj!.field` after an `expect(obj).to.exist` is the test's own narrowing.
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // Plain Node scripts (CommonJS) and this config: no type information.
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: {
      // CommonJS scripts load their dependencies with require().
      "@typescript-eslint/no-require-imports": "off",
      // `const crypto = require("node:crypto")` shadows Node's global of the same name on purpose.
      "no-redeclare": ["error", { builtinGlobals: false }],
    },
  },
  prettier,
);
