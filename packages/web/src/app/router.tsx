import { type ComponentType, lazy, Suspense } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { PageSkeleton } from "../shared/components/PageSkeleton";
import { NotFoundPage } from "../shared/pages/NotFoundPage";
import { AppLayout } from "./AppLayout";

/**
 * A page whose code is fetched the first time it is shown. The first load carries only the frame
 * (React, the router, Apollo Client, Mantine's provider and the navigation); every page is its own
 * chunk, the Users list and sign-in included (the table and its tools are most of the weight), and
 * the frame stays in place with a skeleton of the page's size while the chunk arrives. The
 * budget: e2e/bundle-budget.test.ts.
 */
function onDemand(load: () => Promise<ComponentType>) {
  const Page = lazy(() => load().then((Component) => ({ default: Component })));
  return (
    <Suspense fallback={<PageSkeleton />}>
      <Page />
    </Suspense>
  );
}

// The list is where agents land: its chunk is fetched as soon as the app starts, beside the
// session check, not after it (measured: `pnpm bench:web`).
const usersPage = import("../modules/users/pages/UsersPage");

export const router = createBrowserRouter([
  {
    path: "/sign-in",
    element: onDemand(() => import("../modules/auth/pages/SignInPage").then((module) => module.SignInPage)),
  },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/users" replace /> },
      { path: "users", element: onDemand(() => usersPage.then((module) => module.UsersPage)) },
      {
        path: "users/:id",
        element: onDemand(() => import("../modules/users/pages/UserProfilePage").then((module) => module.UserProfilePage)),
      },
      { path: "team", element: onDemand(() => import("../modules/team/pages/TeamPage").then((module) => module.TeamPage)) },
      {
        path: "organizations",
        element: onDemand(() =>
          import("../modules/organizations/pages/OrganizationsPage").then((module) => module.OrganizationsPage),
        ),
      },
      {
        path: "organizations/:id",
        element: onDemand(() =>
          import("../modules/organizations/pages/OrganizationPage").then((module) => module.OrganizationPage),
        ),
      },
      { path: "roles", element: onDemand(() => import("../modules/roles/pages/RolesPage").then((module) => module.RolesPage)) },
      {
        path: "segments/:id",
        element: onDemand(() => import("../modules/segments/pages/SegmentPage").then((module) => module.SegmentPage)),
      },
      {
        path: "api-keys",
        element: onDemand(() => import("../modules/api-keys/pages/ApiKeysPage").then((module) => module.ApiKeysPage)),
      },
      {
        path: "webhooks",
        element: onDemand(() => import("../modules/webhooks/pages/WebhooksPage").then((module) => module.WebhooksPage)),
      },
      {
        path: "webhooks/:id",
        element: onDemand(() => import("../modules/webhooks/pages/WebhookPage").then((module) => module.WebhookPage)),
      },
      {
        path: "audit",
        element: onDemand(() => import("../modules/audit/pages/AuditLogPage").then((module) => module.AuditLogPage)),
      },
      {
        path: "bulk-jobs/:id",
        element: onDemand(() => import("../modules/bulk/pages/BulkJobPage").then((module) => module.BulkJobPage)),
      },
      {
        path: "import",
        element: onDemand(() => import("../modules/imports/pages/ImportPage").then((module) => module.ImportPage)),
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
