/**
 * The rule every new password meets (SPEC §3.1.1, OWASP ASVS 2.1), checked before anything is
 * hashed or written: 8–128 characters (spaces and any Unicode allowed, nothing else demanded),
 * not a common or breached password, not containing the person's email address or username.
 *
 * "Common or breached" is zxcvbn's judgement (@zxcvbn-ts, with its offline common and English
 * dictionaries of leaked passwords, names and words): a score under 3 ("safely unguessable:
 * moderate protection from an offline attack") is refused. The SPA's strength meter runs the
 * same library with the same dictionaries.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary, translations } from "@zxcvbn-ts/language-en";
import { badInput } from "../../common/errors";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
/** zxcvbn's score (0–4) a password needs. */
export const PASSWORD_MIN_SCORE = 3;

interface Person {
  email: string | null;
  username: string | null;
}

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: the dictionaries take a moment to index. */
function zxcvbn(): ZxcvbnFactory {
  return (estimator ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...englishDictionary },
    graphs: adjacencyGraphs,
    translations,
  }));
}

/** Why `password` is refused, as a sentence naming `argument`; null when it is acceptable. */
export function passwordProblem(argument: string, password: string, person?: Person): string | null {
  // Characters as people count them: an emoji is one.
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `${argument} must be at least ${PASSWORD_MIN} characters.`;
  if (length > PASSWORD_MAX) return `${argument} must be at most ${PASSWORD_MAX} characters.`;
  const lowered = password.toLowerCase();
  const names = [person?.email, person?.username].filter((name): name is string => Boolean(name && name.length >= 3));
  if (names.some((name) => lowered.includes(name.toLowerCase()))) {
    return `${argument} must not contain your email address or username.`;
  }
  // The email's local part only weighs in the score: "olga-passphrase" is fine for olga@….
  const hints = [...names, ...names.map((name) => name.split("@")[0])];
  const { score, feedback } = zxcvbn().check(password, hints);
  if (score < PASSWORD_MIN_SCORE) {
    const hint = feedback.warning ? ` (${feedback.warning.replace(/\.$/, "")})` : "";
    return `${argument} is too easy to guess${hint}: it is a common or breached password, or close to one. Try a few unrelated words.`;
  }
  return null;
}

export function checkNewPassword(argument: string, password: string, person?: Person): void {
  const problem = passwordProblem(argument, password, person);
  if (problem) throw badInput(argument, problem);
}
