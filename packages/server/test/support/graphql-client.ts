/**
 * A small GraphQL-over-HTTP client for tests: plain fetch, the session cookie kept like a
 * browser keeps it, and the response's errors and extensions left for the test to check.
 */
export interface GraphQLResponse<T> {
  status: number;
  data: T | null | undefined;
  errors: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> & { code?: string } }[] | undefined;
  extensions: { sqlStatements?: number } & Record<string, unknown>;
  headers: Headers;
}

export class GraphQLClient {
  private cookie: string | undefined;

  constructor(readonly endpoint: string) {}

  /** A plain HTTP request to another path of the same server, with this client's session. */
  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("cookie", this.cookie);
    return fetch(new URL(path, this.endpoint), { ...init, headers });
  }

  async request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) {
      const [pair] = setCookie.split(";");
      this.cookie = pair.endsWith("=") ? undefined : pair;
    }
    const body = (await response.json()) as Omit<GraphQLResponse<T>, "status" | "headers">;
    return {
      status: response.status,
      data: body.data,
      errors: body.errors,
      extensions: body.extensions ?? {},
      headers: response.headers,
    };
  }

  /** Runs a query that must succeed and returns its data. */
  async data<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.request<T>(query, variables);
    if (response.errors?.length || !response.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
    }
    return response.data;
  }

  /** The first error's code of a query that must fail. */
  async errorCode(query: string, variables: Record<string, unknown> = {}): Promise<string | undefined> {
    const response = await this.request(query, variables);
    if (!response.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(response.data)}`);
    return response.errors[0].extensions?.code;
  }

  /** The Cookie header this client sends, to replay it elsewhere. */
  cookieHeader(): string | undefined {
    return this.cookie;
  }

  async login(email: string, password: string): Promise<void> {
    await this.data("mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }", {
      email,
      password,
    });
  }
}
