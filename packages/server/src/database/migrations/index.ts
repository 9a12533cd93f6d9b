import { InitialSchema1795392000000 } from "./1795392000000-initial-schema";

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const migrations = [InitialSchema1795392000000];
