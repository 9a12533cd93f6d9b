/** What a single-use emailed token allows. */
export enum TokenPurpose {
  SET_PASSWORD = "SET_PASSWORD",
  CONFIRM_EMAIL = "CONFIRM_EMAIL",
  /** An agent's invitation: setting the password activates the account. */
  INVITATION = "INVITATION",
  /** A forgotten password: setting a new one ends every session. */
  PASSWORD_RESET = "PASSWORD_RESET",
}
