import { nameProblem } from '@clan/nix-schema';
import { ValidateBy } from 'class-validator';

/**
 * The one name rule of the API, for networks and machines alike (a DNS label,
 * not reserved; `nameProblem` of nix-schema), reported with the exact problem.
 */
export function IsResourceName(): PropertyDecorator {
  return ValidateBy({
    name: 'isResourceName',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && nameProblem(value) === null,
      defaultMessage: (args) =>
        typeof args?.value === 'string'
          ? `${args.property} ${nameProblem(args.value) ?? 'is invalid'}`
          : `${args?.property ?? 'value'} must be a string`,
    },
  });
}
