/**
 * What /scim/v2 says about itself (RFC 7643 §5–§7, RFC 7644 §4): the service provider's
 * features, the resource types it serves (User: people; Group: roles) and the schemas of the
 * attributes Roster maps. Identity providers read these before they provision, so each
 * flag here must be true of the endpoint: patch, filter (with its page limit), sort and ETags
 * yes; bulk and password changes no.
 */
import { WIDTH } from "../../common/widths";

export const SCIM = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  enterpriseUser: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  patchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  serviceProviderConfig: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
  resourceType: "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
  schema: "urn:ietf:params:scim:schemas:core:2.0:Schema",
} as const;

/** The largest page GET /Users and GET /Groups answer, and the one it answers without `count`. */
export const MAX_RESULTS = 200;
export const DEFAULT_COUNT = 100;
/** A request body larger than this is refused (413) before it is read. */
export const MAX_BODY_BYTES = 256 * 1024;

interface ScimAttribute {
  name: string;
  type: string;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: string;
  returned: string;
  uniqueness: string;
  canonicalValues?: string[];
  subAttributes?: ScimAttribute[];
}

interface AttributeOptions {
  type?: "string" | "boolean" | "dateTime" | "reference" | "complex";
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned?: "always" | "never" | "default" | "request";
  uniqueness?: "none" | "server" | "global";
  canonicalValues?: string[];
  subAttributes?: ScimAttribute[];
  description: string;
}

function attribute(name: string, options: AttributeOptions): ScimAttribute {
  const { subAttributes, canonicalValues, ...rest } = options;
  return {
    name,
    type: rest.type ?? "string",
    multiValued: rest.multiValued ?? false,
    description: rest.description,
    required: rest.required ?? false,
    caseExact: rest.caseExact ?? false,
    mutability: rest.mutability ?? "readWrite",
    returned: rest.returned ?? "default",
    uniqueness: rest.uniqueness ?? "none",
    ...(canonicalValues ? { canonicalValues } : {}),
    ...(subAttributes ? { subAttributes } : {}),
  };
}

/** The sub-attributes Roster keeps of an email or a phone number: one value, marked primary, of type work. */
function oneOfMany(what: string, width: number) {
  return [
    attribute("value", { description: `The ${what} (at most ${width} characters).` }),
    attribute("type", { canonicalValues: ["work"], description: "Roster keeps one, reported as work." }),
    attribute("primary", { type: "boolean", description: "The primary one is the one Roster keeps." }),
  ];
}

const userAttributes = [
  attribute("userName", {
    required: true,
    uniqueness: "server",
    description:
      "The person's username, or their email when they have none. An email given here is also the email of a new person.",
  }),
  attribute("name", {
    type: "complex",
    description: "formatted is the display name; givenName and familyName make one when formatted is missing.",
    subAttributes: [
      attribute("formatted", { description: "The display name." }),
      attribute("givenName", { description: "Read into the display name when formatted and displayName are missing." }),
      attribute("familyName", { description: "Read into the display name when formatted and displayName are missing." }),
    ],
  }),
  attribute("displayName", { description: `The display name (at most ${WIDTH.user.displayName} characters).` }),
  attribute("emails", {
    type: "complex",
    multiValued: true,
    uniqueness: "server",
    description: "The primary (or first) email is the person's email; Roster keeps one.",
    subAttributes: oneOfMany("email address", WIDTH.user.email),
  }),
  attribute("phoneNumbers", {
    type: "complex",
    multiValued: true,
    description: "The primary (or first) number is the person's phone; Roster keeps one.",
    subAttributes: oneOfMany("phone number", WIDTH.user.phone),
  }),
  attribute("userType", {
    canonicalValues: ["Agent", "Customer"],
    description: "Agent or Customer (the default for a new person).",
  }),
  attribute("locale", { description: "A language tag such as fr-FR." }),
  attribute("timezone", { description: "An IANA time zone such as Europe/Paris." }),
  attribute("active", {
    type: "boolean",
    description: 'false bans the person with the reason "deprovisioned"; true lifts that ban.',
  }),
];

const enterpriseAttributes = [
  attribute("organization", {
    description: "The name of the person's organization in Roster, which must exist; empty leaves it.",
  }),
];

const groupAttributes = [
  attribute("displayName", {
    required: true,
    uniqueness: "server",
    description: `The role's name (at most ${WIDTH.role.name} characters). System roles cannot be renamed.`,
  }),
  attribute("members", {
    type: "complex",
    multiValued: true,
    description:
      "The people who hold the role. Agent roles hold agents, customer roles customers; roles whose membership follows from the account (Everyone, Registered User, Verified, Agent) list none.",
    subAttributes: [
      attribute("value", { mutability: "immutable", description: "The person's User id." }),
      attribute("display", { mutability: "readOnly", description: "The person's display name." }),
      attribute("$ref", { type: "reference", mutability: "readOnly", description: "The person's User URI." }),
    ],
  }),
];

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SCIM.serviceProviderConfig],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "A Roster API key with the scim.provision permission, sent as Authorization: Bearer <key>.",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [SCIM.resourceType],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "A person in Roster: an agent or a customer.",
      schema: SCIM.user,
      schemaExtensions: [{ schema: SCIM.enterpriseUser, required: false }],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [SCIM.resourceType],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "A role in Roster: custom roles are written, system roles only read.",
      schema: SCIM.group,
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

export function schemas(baseUrl: string) {
  return [
    {
      schemas: [SCIM.schema],
      id: SCIM.user,
      name: "User",
      description: "User Account",
      attributes: userAttributes,
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${SCIM.user}` },
    },
    {
      schemas: [SCIM.schema],
      id: SCIM.enterpriseUser,
      name: "EnterpriseUser",
      description: "Enterprise User",
      attributes: enterpriseAttributes,
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${SCIM.enterpriseUser}` },
    },
    {
      schemas: [SCIM.schema],
      id: SCIM.group,
      name: "Group",
      description: "Group",
      attributes: groupAttributes,
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${SCIM.group}` },
    },
  ];
}

/** A list of everything, as discovery endpoints answer it (RFC 7644 §4: no filtering there). */
export function listOf<T>(resources: readonly T[]) {
  return {
    schemas: [SCIM.listResponse],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
