/**
 * A person's field in a GraphQL input, made from its definition in @roster/person: the
 * GraphQL type and description, and the one validation the import and the SPA's form apply
 * too (width, rule, not blank), so a value one path takes every path takes.
 */
import { IsOptional, ValidateBy } from "class-validator";
import { Field } from "type-graphql";
import { personField, textProblem, type PersonFieldName } from "@roster/person";

export function PersonInputField(
  name: PersonFieldName,
  options: { required?: boolean; description?: string } = {},
): PropertyDecorator {
  const field = personField(name);
  if (field.type !== "text") throw new Error(`${name} is not a text field; declare its input by hand`);
  const required = options.required ?? false;
  return (target, property) => {
    Field(() => String, { nullable: !required, description: options.description ?? field.description })(target, property);
    if (!required) IsOptional()(target, property);
    ValidateBy({
      name: `person.${name}`,
      validator: {
        validate: (value: unknown) => typeof value === "string" && textProblem(field, value, name) === null,
        defaultMessage: (args) => {
          const inputName = args?.property ?? name;
          const problem = typeof args?.value === "string" ? textProblem(field, args.value, inputName) : null;
          return problem?.replace(/\.$/, "") ?? `${inputName} must be text`;
        },
      },
    })(target, property);
  };
}
