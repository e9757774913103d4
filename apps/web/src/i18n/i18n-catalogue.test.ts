import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as english from './catalogue/en/index.ts';
import * as dari from './catalogue/fa-AF/index.ts';
import * as pashto from './catalogue/ps/index.ts';
import * as urdu from './catalogue/ur/index.ts';
import { formatMessage } from './format-message.ts';

const SOURCE_DIR = join(import.meta.dirname, '..');

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listSources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.test.tsx') ? [path] : [];
  });
}

/** Message keys named literally in the app's code: `t('…')` calls and `label:`/`title:` keys of form tables. */
function listUsedKeys(): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of listSources(SOURCE_DIR)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.set(match[1]!, file);
    for (const match of text.matchAll(/\b(?:label|title): '([a-z]+\.[a-zA-Z0-9_.]+)'/g))
      used.set(match[1]!, file);
  }
  return used;
}

const english_messages: Record<string, string> = english.messages;

describe('the message catalogue', () => {
  it('has an English message for every key the code uses', () => {
    const missing = [...listUsedKeys()]
      .filter(([key]) => !(key in english_messages))
      .map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  describe.each([
    ['Urdu', urdu],
    ['Pashto', pashto],
    ['Dari', dari],
  ])('in %s', (_name, catalogue) => {
    const messages: Record<string, string | undefined> = catalogue.messages;
    it('translates every English key', () => {
      const missing = Object.keys(english_messages).filter(
        (key) => typeof messages[key] !== 'string' || messages[key] === '',
      );
      expect(missing).toEqual([]);
    });

    it('has no key English lacks (a renamed key left behind)', () => {
      expect(Object.keys(messages).filter((key) => !(key in english_messages))).toEqual([]);
    });

    it('keeps every {argument} of the English message', () => {
      const argumentsOf = (message: string) =>
        [...message.matchAll(/\{(\w+)[,}]/g)].map((match) => match[1]).sort();
      const broken = Object.entries(english_messages).filter(([key, message]) => {
        const translated = messages[key];
        return (
          translated !== undefined &&
          JSON.stringify(argumentsOf(translated)) !== JSON.stringify(argumentsOf(message))
        );
      });
      expect(broken.map(([key]) => key)).toEqual([]);
    });

    it('says whether a native speaker reviewed it', () => {
      expect(typeof catalogue.meta.reviewed_by_native_speaker).toBe('boolean');
    });
  });

  it('has only well-formed messages: with its arguments given, none leaves a brace behind', () => {
    for (const [key, message] of Object.entries(english_messages)) {
      const params = Object.fromEntries([...message.matchAll(/\{(\w+)[,}]/g)].map((match) => [match[1]!, 2]));
      expect(formatMessage(message, params, 'en'), key).not.toMatch(/[{}]/);
    }
  });
});
