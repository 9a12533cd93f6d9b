import { createBrowserRouter, Navigate } from "react-router";
import { ApiKeysPage } from "../modules/api-keys/pages/ApiKeysPage";
import { AuditLogPage } from "../modules/audit/pages/AuditLogPage";
import { SignInPage } from "../modules/auth/pages/SignInPage";
import { ImportPage } from "../modules/imports/pages/ImportPage";
import { OrganizationPage } from "../modules/organizations/pages/OrganizationPage";
import { OrganizationsPage } from "../modules/organizations/pages/OrganizationsPage";
import { UserProfilePage } from "../modules/users/pages/UserProfilePage";
import { RolesPage } from "../modules/roles/pages/RolesPage";
import { SegmentPage } from "../modules/segments/pages/SegmentPage";
import { TeamPage } from "../modules/team/pages/TeamPage";
import { UsersPage } from "../modules/users/pages/UsersPage";
import { NotFoundPage } from "../shared/pages/NotFoundPage";
import { AppLayout } from "./AppLayout";

export const router = createBrowserRouter([
  { path: "/sign-in", element: <SignInPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/users" replace /> },
      { path: "users", element: <UsersPage /> },
      { path: "users/:id", element: <UserProfilePage /> },
      { path: "team", element: <TeamPage /> },
      { path: "organizations", element: <OrganizationsPage /> },
      { path: "organizations/:id", element: <OrganizationPage /> },
      { path: "roles", element: <RolesPage /> },
      { path: "segments/:id", element: <SegmentPage /> },
      { path: "api-keys", element: <ApiKeysPage /> },
      { path: "audit", element: <AuditLogPage /> },
      { path: "import", element: <ImportPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
