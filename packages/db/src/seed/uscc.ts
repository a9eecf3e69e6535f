/**
 * Synthetic Unified Social Credit Codes for the demo organisations.
 *
 * Layout (GB 32100-2015): registration authority (1) + organisation type (1) + administrative
 * division code (6) + organisation code (9, GB 11714-1997, with its own check character) +
 * check character (1). The check characters follow the two standards (computed by @mqa/rules);
 * the codes themselves are made up by the generator.
 */
import { makeUscc, organisationCodeCheckCharacter } from '@mqa/rules';

/** An 18-character USCC for a company (authority 9 = market regulation, type 1 = enterprise). */
export function demoUscc(divisionCode: string, orgCodeBody8: string): string {
  const check = organisationCodeCheckCharacter(orgCodeBody8);
  if (check === undefined || orgCodeBody8.length !== 8) {
    throw new RangeError(`Organisation code body must be 8 characters 0-9/A-Z, got "${orgCodeBody8}" (组织机构代码本体须为8位)`);
  }
  return makeUscc(`91${divisionCode}${orgCodeBody8}${check}`);
}
