// One lint configuration for the whole workspace (see `pnpm lint`).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/", "**/dist/", ".data/", "packages/web/src/generated/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["packages/server/**/*.ts", "scripts/**/*.mjs", "*.js", "*.mjs", "packages/web/codegen/**/*.cjs"],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["packages/server/src/**/*.ts"],
    // TypeGraphQL and TypeORM read constructor types from decorator metadata, so the classes
    // named in decorated signatures must be value imports, not `import type`.
    rules: { "@typescript-eslint/consistent-type-imports": "off" },
  },
  {
    files: ["packages/server/test/**/*.ts", "**/src/**/*.test.ts", "packages/web/e2e/**/*.ts"],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    files: ["packages/web/src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["**/*.cjs", "jest.config.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
