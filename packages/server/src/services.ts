import type { DataSource } from "typeorm";
import type { Config } from "./config/config";
import { AuthService } from "./modules/auth/auth.service";
import { CommunicationService } from "./modules/communications/communication.service";
import { OrganizationService } from "./modules/organizations/organization.service";
import { RoleService } from "./modules/roles/role.service";
import { UserService } from "./modules/users/user.service";

export interface Services {
  auth: AuthService;
  communications: CommunicationService;
  organizations: OrganizationService;
  roles: RoleService;
  users: UserService;
}

export function createServices(dataSource: DataSource, config: Pick<Config, "sessionTtlHours">): Services {
  const roles = new RoleService(dataSource);
  return {
    auth: new AuthService(dataSource, roles, config.sessionTtlHours),
    communications: new CommunicationService(dataSource),
    organizations: new OrganizationService(dataSource),
    roles,
    users: new UserService(dataSource),
  };
}
