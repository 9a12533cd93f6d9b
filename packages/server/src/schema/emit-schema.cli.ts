/** `pnpm generate` step one: writes packages/server/schema.graphql, the file codegen reads. */
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { schemaFileText } from "./build-schema";

const schemaFile = path.resolve(__dirname, "../../schema.graphql");

async function main(): Promise<void> {
  fs.writeFileSync(schemaFile, await schemaFileText());
  console.log(`Wrote ${path.relative(process.cwd(), schemaFile)}`);
}

void main();
