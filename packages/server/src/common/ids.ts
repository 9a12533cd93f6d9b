import { badInput } from "./errors";

/** IDs are integers inside and strings in GraphQL; anything else is the caller's mistake. */
export function parseId(value: string | number, argument: string): number {
  const id = typeof value === "number" ? value : /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id) || id < 1 || id > 2147483647) {
    throw badInput(argument, `${argument} is not a valid id: ${JSON.stringify(value)}.`);
  }
  return id;
}
