/** What the API says about segment text: its problems, located for an editor, and the field catalog. */
import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A problem in a segment query, located by 1-based line and column (the end exclusive)." })
export class SegmentProblem {
  @Field()
  message: string;

  @Field(() => Int)
  line: number;

  @Field(() => Int)
  column: number;

  @Field(() => Int)
  endLine: number;

  @Field(() => Int)
  endColumn: number;

  @Field(() => String, { nullable: true, description: "Replacement text for the range: the nearest valid name." })
  suggestion?: string | null;

  @Field(() => [String], { description: "What would fit at this place." })
  expected: string[];

  @Field({ description: "error (the query cannot run) or warning (a hint: it runs, but probably not as meant)." })
  severity: string;
}

@ObjectType({ description: "Whether a segment query is valid, and if so its canonical text." })
export class SegmentValidation {
  @Field()
  valid: boolean;

  @Field(() => [SegmentProblem])
  errors: SegmentProblem[];

  @Field(() => [SegmentProblem], {
    description: "Hints (severity warning) about a query that runs but probably not as meant, e.g. `createdAt is null`.",
  })
  hints: SegmentProblem[];

  @Field(() => String, { nullable: true, description: "The query as Roster prints it; null when invalid." })
  canonical: string | null;
}

@ObjectType({ description: "A field a segment can mention, for the editor's completion." })
export class SegmentField {
  @Field({ description: "attr.<name> stands for any custom attribute." })
  name: string;

  @Field({ description: "text, number, datetime, enum, boolean or attribute." })
  type: string;

  @Field(() => [String])
  operators: string[];

  @Field(() => [String], { description: "The values of an enum field." })
  values: string[];

  @Field()
  description: string;

  @Field({ description: "Whether the value can be missing (what `is null` asks)." })
  nullable: boolean;

  @Field({ description: "Holds a set of values: = means has, != does not have." })
  many: boolean;
}
