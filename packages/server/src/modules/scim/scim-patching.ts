/**
 * PATCH (RFC 7644 §3.5.2) and `If-Match` (§3.14), alike for Users and Groups: the operations are
 * checked here, then applied by scim-patch to the resource's SCIM representation, and the
 * service reads the result back as it reads a PUT. One reading of a PatchOp message, so Okta's
 * and Entra ID's spellings (capitalised ops, path-less replace) are understood the same way
 * for every resource type.
 */
import { scimPatch, ScimError as PatchError, type ScimPatchOperation, type ScimResource } from "scim-patch";
import { SCIM } from "./scim-discovery";
import { ScimError, type ScimType } from "./scim-error";

/** `*` or a list of ETags, one of which must be the resource's ETag now; a stale write is refused (412), never merged. */
export function checkIfMatch(header: string | undefined, etag: string, resourceType: "User" | "Group"): void {
  if (header === undefined) return;
  const current = etag.replace(/^W\//, "");
  const tags = header.split(",").map((tag) => tag.trim());
  if (tags.includes("*") || tags.some((tag) => tag.replace(/^W\//, "") === current)) return;
  throw new ScimError(412, `The ${resourceType} changed since that version was read: it is at ${etag} now. Read it again.`);
}

/** The operations applied to a copy of `current` (which stays as it was). */
export function applyPatch(current: object, operations: ScimPatchOperation[]): unknown {
  try {
    // scim-patch copies the document through JSON (structuredClone would make objects of
    // another realm under Jest, which scim-patch's deep equality then tells from the sent ones).
    // It types meta's dates as Date; it never reads them.
    return scimPatch(current as ScimResource, operations, { mutateDocument: false, treatMissingAsAdd: true });
  } catch (error) {
    if (error instanceof PatchError) throw new ScimError(400, error.message, patchScimType(error));
    throw error;
  }
}

export function patchOperationsOf(body: unknown): ScimPatchOperation[] {
  const request = typeof body === "object" && body !== null ? (body as { schemas?: unknown; Operations?: unknown }) : null;
  if (!request || !Array.isArray(request.schemas) || !request.schemas.includes(SCIM.patchOp)) {
    throw new ScimError(400, `A PATCH body is a ${SCIM.patchOp} message.`, "invalidSyntax");
  }
  if (!Array.isArray(request.Operations) || request.Operations.length === 0) {
    throw new ScimError(400, "Operations must list at least one operation.", "invalidSyntax");
  }
  return request.Operations.map((operation: unknown, index) => {
    const { op, path } = (typeof operation === "object" && operation !== null ? operation : {}) as {
      op?: unknown;
      path?: unknown;
    };
    if (typeof op !== "string" || !/^(add|remove|replace)$/i.test(op)) {
      throw new ScimError(400, `Operations[${index}].op must be add, remove or replace.`, "invalidSyntax");
    }
    if (path !== undefined && typeof path !== "string")
      throw new ScimError(400, `Operations[${index}].path must be a string.`, "invalidPath");
    // id and meta are the server's (RFC 7643 §3.1: readOnly).
    if (typeof path === "string" && /^(id|meta)(\.|$)/i.test(path)) {
      throw new ScimError(400, `Operations[${index}]: ${path} is read-only.`, "mutability");
    }
    if (op.toLowerCase() === "remove" && path === undefined) {
      throw new ScimError(400, `Operations[${index}]: remove needs a path.`, "noTarget");
    }
    return operation as ScimPatchOperation;
  });
}

/** scim-patch's scimCode when RFC 7644 defines it; a path it cannot read is invalidPath (it says invalidSyntax). */
const PATCH_SCIM_TYPES: ReadonlySet<string> = new Set<ScimType>([
  "invalidSyntax",
  "noTarget",
  "invalidPath",
  "invalidValue",
  "mutability",
]);

function patchScimType(error: PatchError): ScimType {
  const code = error.scimCode;
  if (code !== "noTarget" && /\bpath\b/i.test(error.message)) return "invalidPath";
  return code !== undefined && PATCH_SCIM_TYPES.has(code) ? (code as ScimType) : "invalidSyntax";
}
