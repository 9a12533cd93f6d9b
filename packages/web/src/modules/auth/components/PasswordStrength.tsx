import { Progress, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";

/** zxcvbn's judgement of a password: score 0–4 and its advice. */
interface Strength {
  score: number;
  warning: string | null;
}

type Estimate = (password: string, userInputs: string[]) => Strength;

let estimator: Promise<Estimate> | undefined;

/**
 * The same library and dictionaries as the server's policy (auth/password-policy.ts), loaded on
 * first use only: its dictionaries are a few hundred kilobytes the rest of the SPA never needs.
 */
function loadEstimator(): Promise<Estimate> {
  return (estimator ??= Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
    import("@zxcvbn-ts/language-en"),
  ]).then(([core, common, english]) => {
    const zxcvbn = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
    });
    return (password, userInputs) => {
      const { score, feedback } = zxcvbn.check(password, userInputs);
      return { score, warning: feedback.warning };
    };
  }));
}

const LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];
const COLORS = ["red", "red", "orange", "teal", "green"];
/** The server refuses a score under this. */
export const MIN_SCORE = 3;

interface PasswordStrengthProps {
  password: string;
  /** Words the password should not lean on: the person's email, username, name. */
  userInputs?: string[];
}

/** A small meter under a new-password field, updated as the person types. */
export function PasswordStrength({ password, userInputs = [] }: PasswordStrengthProps) {
  // Tagged with the password it judged: a stale judgement is not shown.
  const [judged, setJudged] = useState<{ password: string; strength: Strength } | null>(null);
  const inputs = userInputs.join("\u0000");

  useEffect(() => {
    if (!password) return;
    let current = true;
    void loadEstimator().then((estimate) => {
      if (current) setJudged({ password, strength: estimate(password, inputs ? inputs.split("\u0000") : []) });
    });
    return () => {
      current = false;
    };
  }, [password, inputs]);

  const strength = judged?.password === password ? judged.strength : null;
  if (!password || !strength) return null;
  return (
    <Stack gap={4} data-testid="password-strength" data-score={strength.score}>
      <Progress
        value={((strength.score + 1) / 5) * 100}
        color={COLORS[strength.score]}
        size="sm"
        aria-label={`Password strength: ${LABELS[strength.score]}`}
      />
      <Text size="xs" c={strength.score < MIN_SCORE ? "red" : "dimmed"}>
        {LABELS[strength.score]}
        {strength.score < MIN_SCORE ? ": too easy to guess, try a few unrelated words." : "."}
        {strength.warning ? ` ${strength.warning}` : ""}
      </Text>
    </Stack>
  );
}
