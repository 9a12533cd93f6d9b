// What the server requires (@Authorized) for the organization screens' writes; the SPA only
// shows or hides controls by them.

/** createOrganization, updateOrganization, deleteOrganization, organizationDomainPreview. */
export const ORGANIZATIONS_MANAGE = "organizations.manage";

/** Adding and removing a member is updateUser's organizationId, under the people permission. */
export const PEOPLE_MANAGE = "people.manage";
