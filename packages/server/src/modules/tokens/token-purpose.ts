/** What a single-use emailed token allows. */
export enum TokenPurpose {
  SET_PASSWORD = "SET_PASSWORD",
  CONFIRM_EMAIL = "CONFIRM_EMAIL",
}
