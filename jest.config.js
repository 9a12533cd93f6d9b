/**
 * One Jest run for the whole repository. The API suite runs twice, once per database
 * (`roster.database` global); unit tests run once; the browser suite drives Debian's Chromium.
 * @swc/jest compiles TypeScript with the decorator metadata TypeGraphQL and TypeORM need.
 */
const swc = [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", decorators: true, tsx: false },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: "es2022",
    },
    module: { type: "commonjs" },
  },
];

const common = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": swc },
  moduleFileExtensions: ["ts", "js", "json"],
  // The shared packages from their sources, so tests never run a stale build of it.
  moduleNameMapper: {
    "^@roster/person$": "<rootDir>/packages/person/src/index.ts",
    "^@roster/segments$": "<rootDir>/packages/segments/src/index.ts",
  },
};

const apiSuite = (database) => ({
  ...common,
  displayName: `api:${database}`,
  testMatch: ["<rootDir>/packages/server/test/**/*.test.ts"],
  // `*.mariadb.test.ts`: what only a database server has (a statement time limit).
  testPathIgnorePatterns: database === "mariadb" ? ["/node_modules/"] : ["/node_modules/", "\\.mariadb\\.test\\.ts$"],
  globals: { rosterTestDatabase: database },
});

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  // A worker that has grown past this after a test file is replaced: each file starts a whole
  // Roster, and what a stopped one leaves behind (TypeORM metadata, module registries) made one
  // worker reach 3.8 GB and the last file run 7× slower than alone.
  workerIdleMemoryLimit: "1GB",
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: [
        "<rootDir>/packages/server/src/**/*.test.ts",
        "<rootDir>/packages/segments/src/**/*.test.ts",
        "<rootDir>/packages/person/src/**/*.test.ts",
        "<rootDir>/packages/web/src/**/*.test.ts",
      ],
    },
    apiSuite("sqlite"),
    apiSuite("mariadb"),
    { ...common, displayName: "e2e", testMatch: ["<rootDir>/packages/web/e2e/**/*.test.ts"] },
  ],
};
