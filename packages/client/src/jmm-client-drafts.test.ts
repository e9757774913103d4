import { formatVerifierKey } from '@jmm/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_ORIGIN } from '../test/fake-log.ts';
import { ClientError } from './client-error.ts';
import type { FetchFunction } from './http-transport.ts';
import type { ReportDraft, Session } from './jmm-api.types.ts';
import { createJmmClient } from './jmm-client.ts';

const SESSION: Session = {
  token: 'sec-token',
  csrf_token: 'csrf',
  expires_at: '2026-06-01T18:00:00Z',
  org: 'sec',
  member: 'admin',
  roles: ['admin'],
  key_id: 'a'.repeat(64),
};

/** Never used to verify: a draft carries no proof (it is not logged until signed and submitted). */
const LOG_VKEY = formatVerifierKey(TEST_ORIGIN, new Uint8Array(32).fill(7));

const PDF = { sha256: 'ab'.repeat(32), media_type: 'application/pdf', bytes: 52_000 } as const;
const HTML = { sha256: 'cd'.repeat(32), media_type: 'text/html', bytes: 31_000 } as const;

const DRAFT: ReportDraft = {
  body: {
    title: 'Joint mechanism: public monthly report, October 2026',
    period: { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' },
    checkpoint: { tree_size: 120, root_hash: `${'A'.repeat(43)}=` },
    metrics: { 'incidents.alleged_against.pb.total': 5 },
    documents: [PDF, HTML],
  },
  audience: 'public',
  documents: [
    {
      ...PDF,
      url: `/api/v1/reports/documents/${PDF.sha256}`,
      preview_url: `/api/v1/reports/drafts/documents/${PDF.sha256}?media_type=application%2Fpdf`,
    },
    {
      ...HTML,
      url: `/api/v1/reports/documents/${HTML.sha256}`,
      preview_url: `/api/v1/reports/drafts/documents/${HTML.sha256}?media_type=text%2Fhtml`,
    },
  ],
};

interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

let seen: SeenRequest[];
let answer: unknown;

const fetch: FetchFunction = (url, init) => {
  seen.push({
    method: init.method ?? 'GET',
    path: new URL(url).pathname,
    headers: { ...(init.headers as Record<string, string>) },
    body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
  });
  return Promise.resolve(new Response(JSON.stringify(answer), { status: 200 }));
};

function client(signedIn = true) {
  const created = createJmmClient({
    baseUrl: 'http://jmm.test',
    fetch,
    trust: { origin: TEST_ORIGIN, logVerifierKey: LOG_VKEY },
    clock: { sleep: () => Promise.resolve() },
  });
  if (signedIn) created.restoreSession(SESSION);
  return created;
}

async function codeOf(run: Promise<unknown>): Promise<string | undefined> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(ClientError);
    return (error as ClientError).code;
  }
  return undefined;
}

beforeEach(() => {
  seen = [];
  answer = DRAFT;
});

describe('JmmClient.draftReport', () => {
  it('asks the server for the period and audience, signed in, and answers the draft', async () => {
    const draft = await client().draftReport({ period: '2026-10', audience: 'public' });
    expect(draft).toEqual(DRAFT);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.path).toBe('/api/v1/reports/drafts');
    expect(seen[0]?.headers.authorization).toBe('Bearer sec-token');
    expect(seen[0]?.body).toEqual({ period: '2026-10', audience: 'public', partial: false });
  });

  it('needs a session', async () => {
    expect(await codeOf(client(false).draftReport({ period: '2026-10', audience: 'public' }))).toBe(
      'not_signed_in',
    );
    expect(seen).toHaveLength(0);
  });

  describe('refuses an answer it could not sign as it is', () => {
    it.each([
      ['for another audience', { ...DRAFT, audience: 'mechanism' }],
      ['whose body the report.publish schema refuses', { ...DRAFT, body: { ...DRAFT.body, title: '' } }],
      ['whose documents are not those its body lists', { ...DRAFT, documents: [DRAFT.documents[0]] }],
      ['that is not a draft at all', { report: 'ok' }],
    ])('%s', async (_case, given) => {
      answer = given;
      expect(await codeOf(client().draftReport({ period: '2026-10', audience: 'public' }))).toBe(
        'invalid_response',
      );
    });
  });
});

describe('JmmClient.readEnvelopes', () => {
  const row = (index: number) => ({
    index,
    digest: `sha256:${'0'.repeat(64)}`,
    log_time: '2026-06-01T00:00:00Z',
    envelope: { payload: '', payloadType: 'application/vnd.jmm.statement+json', signatures: [] },
  });

  it('answers the rows of the range asked for', async () => {
    answer = { envelopes: [row(10), row(12)] };
    const rows = await client(false).readEnvelopes(10n, 3);
    expect(rows.map((envelope) => envelope.index)).toEqual([10n, 12n]);
    expect(seen[0]?.path).toBe('/api/v1/log/envelopes');
  });

  it.each([
    ['before `from`', [row(9)]],
    ['at `from + limit` or beyond', [row(10), row(13)]],
  ])('refuses a row %s: the answer is not the page asked for', async (_case, envelopes) => {
    answer = { envelopes };
    expect(await codeOf(client(false).readEnvelopes(10n, 3))).toBe('invalid_response');
  });
});

describe('JmmClient.listCheckpoints', () => {
  const row = (treeSize: number) => ({
    tree_size: treeSize,
    root_hash: `${'A'.repeat(43)}=`,
    note: 'note',
    log_time: '2026-06-01T00:00:00Z',
    witnessed_by: [],
    final: false,
  });

  it('refuses more rows than the limit asked for', async () => {
    answer = { checkpoints: [row(1), row(2)] };
    expect(await client(false).listCheckpoints(0n, 2)).toHaveLength(2);
    answer = { checkpoints: [row(1), row(2), row(3)] };
    expect(await codeOf(client(false).listCheckpoints(0n, 2))).toBe('invalid_response');
  });
});
