/**
 * The username rule, the same on every path that sets one: the API's inputs (`dto/user.inputs.ts`)
 * and the CSV import (`imports/import-rows.ts`). Its maximum is the column's, `WIDTH.user.username`.
 */
export const USERNAME_PATTERN = /^[\p{L}\p{N}._@+-]+$/u;
export const USERNAME_MIN_CHARS = 2;
/** What `USERNAME_PATTERN` allows, worded for an error message. */
export const USERNAME_CHARACTERS = "letters, digits and . _ @ + -";
