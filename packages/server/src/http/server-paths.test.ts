import { isServerPath, SERVER_PATHS } from "./server-paths";

test("the server's own paths are not the SPA's", () => {
  for (const path of [
    "/graphql",
    "/healthz",
    "/readyz",
    "/metrics",
    "/account/set-password",
    "/export/users.csv",
    "/import/jobs/3/rejected.csv",
    "/scim/v2/Users",
  ]) {
    expect(isServerPath(path)).toBe(true);
  }
  expect(SERVER_PATHS.every((prefix) => isServerPath(prefix))).toBe(true);
});

test("the SPA's pages, the import page included, are not the server's", () => {
  for (const path of ["/", "/users", "/users/12", "/import", "/organizations/3", "/graphqlish", "/account", "/exports"]) {
    expect(isServerPath(path)).toBe(false);
  }
});
