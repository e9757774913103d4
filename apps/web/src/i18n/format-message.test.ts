import { describe, expect, it } from 'vitest';
import { formatMessage } from './format-message.ts';

describe('formatMessage', () => {
  it('fills arguments', () => {
    expect(formatMessage('Sign in as {name}', { name: 'Reporter 1' }, 'en')).toBe('Sign in as Reporter 1');
  });

  it('formats numbers for the locale', () => {
    expect(formatMessage('{size} entries', { size: 12345 }, 'en')).toBe('12,345 entries');
  });

  it('chooses the plural case by the language rules, with # as the number', () => {
    const message = '{count, plural, one {# incident} other {# incidents}}';
    expect(formatMessage(message, { count: 1 }, 'en')).toBe('1 incident');
    expect(formatMessage(message, { count: 3 }, 'en')).toBe('3 incidents');
  });

  it('prefers an exact case', () => {
    expect(formatMessage('{count, plural, =0 {none} other {#}}', { count: 0 }, 'en')).toBe('none');
  });

  describe('when an argument is missing', () => {
    it('leaves it visible rather than dropping it', () => {
      expect(formatMessage('Hello {name}', {}, 'en')).toBe('Hello {name}');
    });
  });

  it('leaves unbalanced braces as text', () => {
    expect(formatMessage('a { b', {}, 'en')).toBe('a { b');
  });
});
