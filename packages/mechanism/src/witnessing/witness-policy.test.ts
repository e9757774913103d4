import { describe, expect, it } from 'vitest';
import { appendCosignatures, listWitnessOrgs, meetsWitnessPolicy } from './witness-policy.ts';

const by = (...orgs: string[]) => orgs.map((witnessOrg) => ({ witnessOrg }));

describe('meetsWitnessPolicy', () => {
  it('is met when a witness of every policy organisation cosigned', () => {
    expect(meetsWitnessPolicy(by('pk', 'af', 'ver'), ['pk', 'af', 'ver'])).toBe(true);
    expect(meetsWitnessPolicy(by('pk', 'pk', 'af', 'ver', 'sec'), ['pk', 'af', 'ver'])).toBe(true);
  });

  it('is not met while one organisation is missing, however many others cosigned', () => {
    expect(meetsWitnessPolicy(by('pk', 'pk', 'af'), ['pk', 'af', 'ver'])).toBe(false);
    expect(meetsWitnessPolicy([], ['pk'])).toBe(false);
  });

  it('with an empty policy, is met by any checkpoint', () => {
    expect(meetsWitnessPolicy([], [])).toBe(true);
  });
});

describe('listWitnessOrgs', () => {
  it('names each organisation once, in order', () => {
    expect(listWitnessOrgs(by('af', 'pk', 'af'))).toEqual(['af', 'pk']);
  });
});

describe('appendCosignatures', () => {
  it('adds each cosignature line after the log signature', () => {
    const note = 'origin\n1\nroot=\n\n— origin AAAA\n';
    expect(
      appendCosignatures(note, [{ signatureLine: '— w1 BBBB\n' }, { signatureLine: '— w2 CCCC\n' }]),
    ).toBe('origin\n1\nroot=\n\n— origin AAAA\n— w1 BBBB\n— w2 CCCC\n');
  });
});
