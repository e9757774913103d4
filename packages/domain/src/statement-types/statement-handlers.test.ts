import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ENDORSEMENT_RULES } from '../rules.ts';
import { STATEMENT_TYPES, statementSchema, type StatementType } from '../statements/statement.ts';
import { STATEMENT_HANDLERS } from './statement-handlers.ts';

const handlerTypes = Object.keys(STATEMENT_HANDLERS).sort();
const endorsableTypes = Object.keys(ENDORSEMENT_RULES).sort();

function handlerOf(type: string) {
  return STATEMENT_HANDLERS[type as StatementType];
}

describe('STATEMENT_HANDLERS', () => {
  it('has exactly one handler for every statement type and none for anything else', () => {
    expect(new Set(STATEMENT_TYPES).size).toBe(STATEMENT_TYPES.length);
    expect(handlerTypes).toEqual([...STATEMENT_TYPES].sort());
  });

  it('gives each type the body schema the statement union parses it with', () => {
    for (const option of statementSchema.options) {
      expect(handlerOf(option.shape.type.value).body, option.shape.type.value).toBe(option.shape.body);
    }
  });

  it('lists the evidence of every type whose body carries evidence, so none escapes its uploader binding', () => {
    for (const type of STATEMENT_TYPES) {
      const { body } = handlerOf(type);
      if (body instanceof z.ZodObject && 'evidence' in body.shape)
        expect(handlerOf(type).listEvidence, type).toBeTypeOf('function');
    }
  });
});

describe('the endorsement hooks', () => {
  it('let every type ENDORSEMENT_RULES allows to be endorsed say whether it still can be', () => {
    for (const type of endorsableTypes) {
      expect(handlerOf(type).endorsement?.validateEndorsement, type).toBeTypeOf('function');
    }
  });

  it('belong to no other type: endorsing one is refused before any hook runs', () => {
    const withHooks = handlerTypes.filter((type) => handlerOf(type).endorsement !== undefined);
    expect(withHooks).toEqual(endorsableTypes);
  });

  it('change state when a pending change gets unanimity, a finding its quorum or a release its concurrence', () => {
    const applying = handlerTypes.filter(
      (type) => handlerOf(type).endorsement?.applyEndorsement !== undefined,
    );
    // An endorsement of a commitment records support and changes nothing.
    expect(applying).toEqual(['case.finding', 'org.admit', 'release', 'settings.change']);
  });
});
