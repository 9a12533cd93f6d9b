/**
 * Builds a runnable document for any root field of the schema, with placeholder arguments of
 * the right types, so authorization can be probed for every operation without writing each one.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";

/** An id that exists nowhere, so an allowed mutation fails on NOT_FOUND instead of changing anything. */
const NO_SUCH_ID = "987654";

function placeholder(type: GraphQLInputType): string {
  if (isNonNullType(type)) return placeholder(type.ofType);
  if (isListType(type)) return `[${placeholder(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter(
      (field) => isNonNullType(field.type) && field.defaultValue === undefined,
    );
    return `{ ${required.map((field) => `${field.name}: ${placeholder(field.type)}`).join(", ")} }`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case "ID":
        return `"${NO_SUCH_ID}"`;
      case "Int":
      case "Float":
        return "1";
      case "Boolean":
        return "true";
      case "DateTime":
        return '"2030-01-01T00:00:00.000Z"';
      default:
        return '"x"';
    }
  }
  throw new Error(`no placeholder for ${String(type)}`);
}

export interface RootOperation {
  kind: "query" | "mutation";
  name: string;
  document: string;
}

function documentFor(kind: "query" | "mutation", field: GraphQLField<unknown, unknown>): string {
  const args = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const argumentText = args.length ? `(${args.map((arg) => `${arg.name}: ${placeholder(arg.type)}`).join(", ")})` : "";
  const selection = isObjectType(getNamedType(field.type)) ? " { __typename }" : "";
  return `${kind} { ${field.name}${argumentText}${selection} }`;
}

export function rootOperations(schema: GraphQLSchema): RootOperation[] {
  const queries = Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({
    kind: "query" as const,
    name: field.name,
    document: documentFor("query", field),
  }));
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({
    kind: "mutation" as const,
    name: field.name,
    document: documentFor("mutation", field),
  }));
  return [...queries, ...mutations];
}

/** `{ me { field } }` for one field of User, with placeholder arguments and a selection if needed. */
export function meFieldDocument(schema: GraphQLSchema, fieldName: string): string {
  const userType = schema.getType("User");
  if (!isObjectType(userType)) throw new Error("no User type");
  const field = userType.getFields()[fieldName];
  return documentFor("query", field)
    .replace(/^query \{ /, "query { me { ")
    .replace(/ \}$/, " } }");
}
