import {
  CheckpointTracker,
  createLogVerifier,
  verifyLoggedStatement,
  type SequencedAnswer,
} from '@jmm/client';
import { createFakeLog, signedIncident } from '@jmm/client/testing';
import { decodeBase64, encodeBase64, type Envelope } from '@jmm/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { VerifiedBadge } from './VerifiedBadge.tsx';

let envelope: Envelope;
let answer: SequencedAnswer;
let verifyAnswer: (tampered: SequencedAnswer) => (digest: string) => ReturnType<typeof verifyLoggedStatement>;

beforeAll(async () => {
  const log = await createFakeLog({ filler: 6 });
  envelope = await signedIncident();
  answer = await log.append(envelope);
  const trust = { origin: log.origin, logVerifierKey: log.vkey };
  // The badge's real check: the proof against a checkpoint signed by the trusted log key (JmmClient.readStatement).
  verifyAnswer = (served) => () =>
    verifyLoggedStatement(served, {
      trust,
      logVerifier: createLogVerifier(trust),
      tracker: new CheckpointTracker(),
      envelope,
    });
});

afterEach(cleanup);

function flipFirstByte(base64: string): string {
  const bytes = decodeBase64(base64);
  bytes[0] = bytes[0]! ^ 1;
  return encodeBase64(bytes);
}

function renderBadge(served: SequencedAnswer) {
  render(
    <I18nProvider language="en">
      <VerifiedBadge digest={served.digest} verify={verifyAnswer(served)} />
    </I18nProvider>,
  );
}

describe('VerifiedBadge', () => {
  it('says checking until the proof is checked', () => {
    renderBadge(answer);
    expect(screen.getByRole('status').textContent).toBe('Checking the log…');
  });

  describe('for an honest answer', () => {
    it('shows the record verified in the log, with its index', async () => {
      renderBadge(answer);
      expect((await screen.findByText(/Verified in log/)).textContent).toContain(`#${answer.index}`);
    });
  });

  describe('when the inclusion proof was tampered with', () => {
    it('shows the record as not verified', async () => {
      renderBadge({
        ...answer,
        inclusion_proof: answer.inclusion_proof.map((hash, i) => (i === 0 ? flipFirstByte(hash) : hash)),
      });
      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toContain('Not verified');
      expect(screen.queryByText(/Verified in log/)).toBeNull();
    });
  });

  describe('when the checkpoint signature was tampered with', () => {
    it('shows the record as not verified', async () => {
      const lines = answer.checkpoint.split('\n');
      const signatureLine = lines.findIndex((line) => line.startsWith('— '));
      const parts = lines[signatureLine]!.split(' ');
      parts[2] = flipFirstByte(parts[2]!);
      lines[signatureLine] = parts.join(' ');
      renderBadge({ ...answer, checkpoint: lines.join('\n') });
      expect((await screen.findByRole('alert')).textContent).toContain('Not verified');
    });
  });

  describe('when the entry names another statement', () => {
    it('shows the record as not verified', async () => {
      renderBadge({ ...answer, entry: flipFirstByte(answer.entry) });
      expect((await screen.findByRole('alert')).textContent).toContain('Not verified');
    });
  });
});
