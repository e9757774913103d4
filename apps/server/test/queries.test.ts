import { TAXONOMY_VERSION, type Role, type Statement } from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyFor, START, startTestMechanism, type TestMechanism } from './test-mechanism.ts';

// The query API end to end: real signed statements through the real sequencer, read back through
// /api/v1 as each party, the verifiers, a mediator and the public.

let t: TestMechanism;
const MINUTE = 60_000;

interface Page<T> {
  records: T[];
  next_cursor: string | null;
}
interface IncidentView {
  digest: string;
  status: string;
  org: string;
  case_digest: string | null;
  responses: { org: string; position: string }[];
  narrative?: string;
}
interface InboxItem {
  action: string;
  digest: string;
  subject_type: string;
  subject: string | null;
  deadline: string | null;
  overdue: boolean;
}

async function submit(statement: Statement): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/statements',
    payload: (await t.sign(statement)) as object,
  });
  expect(response.statusCode, response.body).toBe(201);
  t.now += MINUTE;
  return response.json<{ digest: string }>().digest;
}

const get = (url: string, who?: string) => t.get(url, who);
const getJson = <T>(url: string, who?: string) => t.getJson<T>(url, who);

const statusOf = async (digest: string, who: string) =>
  (await getJson<IncidentView>(`/incidents/${digest}`, who)).status;
const inboxOf = async (who: string) => (await getJson<{ items: InboxItem[] }>('/inbox', who)).items;
/** What a verifier approver owes on records already in its hands: the inbox without the admission queue. */
const dutiesOf = async (who: string) => (await inboxOf(who)).filter((item) => item.action !== 'case.open');
const digestsIn = (page: Page<{ digest: string }>) => page.records.map((record) => record.digest);

async function enrol(org: string, member: string, roles: Role[]): Promise<void> {
  await submit(t.statement('member.enroll', `${org}/admin`, await t.enrolment(org, member, roles)));
}

function allegation(
  reporter: string,
  against: string,
  options: { audience?: Statement['audience']; lat?: number; start?: string; mechanismType?: string } = {},
): Statement {
  return t.statement(
    'incident.report',
    reporter,
    {
      kind: 'allegation',
      category: {
        taxonomy: TAXONOMY_VERSION,
        mechanism_type: (options.mechanismType ?? 'cross_border_fire') as 'cross_border_fire',
        event_type: 'explosions_remote_violence',
        sub_event_type: 'shelling_artillery_missile_attack',
      },
      time: {
        start: options.start ?? '2026-05-30T10:00:00Z',
        end: options.start ?? '2026-05-30T10:00:00Z',
        precision: 'day',
      },
      location: { lat: options.lat ?? 34.8, lon: 71.1, precision_m: 500, admin1: 'Kunar' },
      alleged_responsible: { actor: 'An artillery unit', party: against },
      narrative: 'Shells landed near the crossing at dawn.',
      evidence: [],
    },
    options.audience === undefined ? {} : { audience: options.audience },
  );
}

const ref = (rel: Statement['refs'][number]['rel'], digest: string) => ({ refs: [{ rel, digest }] });

let mediatorAdmission: string;

beforeAll(async () => {
  t = await startTestMechanism();
  await enrol('pa', 'reporter', ['reporter']);
  await enrol('pa', 'liaison', ['liaison']);
  await enrol('pb', 'reporter', ['reporter']);
  await enrol('pb', 'liaison', ['liaison']);
  await enrol('ver', 'ana', ['analyst']);
  await enrol('ver', 'app1', ['approver']);
  await enrol('ver', 'app2', ['approver']);
  mediatorAdmission = await submit(
    t.statement('org.admit', 'sec/admin', {
      org: {
        id: 'med',
        name: 'Mediator',
        kind: 'mediator',
        admins: [
          {
            member: 'admin',
            display_name: 'Mediator',
            roles: ['admin', 'approver'],
            public_key: await publicKeyFor('med/admin'),
          },
        ],
      },
      reason: 'A mediator joins the mechanism',
    }),
  );
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/inbox for a pending rule change', () => {
  it('asks each party for its position until it gives one', async () => {
    const pending = { action: 'endorse', digest: mediatorAdmission, subject_type: 'org.admit' };
    expect(await inboxOf('pa/admin')).toEqual([expect.objectContaining(pending)]);
    expect(await inboxOf('pb/liaison')).toEqual([expect.objectContaining(pending)]);
    expect(await inboxOf('pa/reporter')).toEqual([]);
    expect(await inboxOf('ver/app1')).toEqual([]);

    await submit(
      t.statement('endorse', 'pa/admin', { position: 'concur' }, ref('endorses', mediatorAdmission)),
    );
    expect(await inboxOf('pa/admin')).toEqual([]);
    expect(await inboxOf('pb/liaison')).toEqual([expect.objectContaining(pending)]);
    await submit(
      t.statement('endorse', 'pb/admin', { position: 'concur' }, ref('endorses', mediatorAdmission)),
    );
    expect(await inboxOf('pb/liaison')).toEqual([]);
  });

  it('refuses the public', async () => {
    const response = await get('/inbox');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'unauthenticated' });
  });
});

describe('an allegation from report to release', () => {
  let incident: string;
  let secret: string;
  let publicIncident: string;
  let exchange: string;
  let kase: string;
  let finding: string;
  let release: string;
  const findingBy = new Date(START + 30 * 24 * 3600 * 1000).toISOString();

  beforeAll(async () => {
    incident = await submit(allegation('pa/reporter', 'pb'));
    secret = await submit(
      allegation('pa/reporter', 'pb', {
        audience: { kind: 'orgs', orgs: ['pa', 'ver'] },
        lat: 35.5,
        start: '2026-05-20T00:00:00Z',
        mechanismType: 'incursion',
      }),
    );
    publicIncident = await submit(
      allegation('pb/reporter', 'pa', {
        audience: { kind: 'public' },
        lat: 31,
        start: '2026-05-25T00:00:00Z',
      }),
    );
  });

  it('reports the allegation and puts its response in the alleged party’s inbox', async () => {
    expect(await statusOf(incident, 'pa/reporter')).toBe('reported');
    const full = await getJson<IncidentView>(`/incidents/${incident}`, 'pb/liaison');
    expect(full).toMatchObject({ org: 'pa', case_digest: null, responses: [] });
    expect(full.narrative).toBe('Shells landed near the crossing at dawn.');
    // The alleged party owes its response within the routine respond_hours (14 days by default) of the report.
    const reportedAt = (await getJson<{ reported_at: string }>(`/incidents/${incident}`, 'pb/liaison'))
      .reported_at;
    const respondBy = new Date(Date.parse(reportedAt) + 14 * 24 * 3_600_000).toISOString();
    expect(full).toMatchObject({ respond_by: respondBy });
    expect(await inboxOf('pb/liaison')).toEqual([
      expect.objectContaining({
        action: 'incident.response',
        digest: incident,
        subject: 'Cross border fire in Kunar, 2026-05-30',
        deadline: respondBy,
        overdue: false,
      }),
    ]);
    // The reporter's own party owes nothing on it; a party reporter may not respond at all.
    expect(await inboxOf('pa/liaison')).toEqual([
      expect.objectContaining({ action: 'incident.response', digest: publicIncident }),
    ]);
    expect(await inboxOf('pb/reporter')).toEqual([]);
  });

  it('keeps a restricted incident from the other party and the public', async () => {
    expect((await getJson<IncidentView>(`/incidents/${secret}`, 'ver/ana')).org).toBe('pa');
    for (const who of ['pb/liaison', undefined]) {
      const response = await get(`/incidents/${secret}`, who);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'not_found' });
      expect((await get(`/records/${secret}/timeline`, who)).statusCode).toBe(404);
    }
    expect(digestsIn(await getJson<Page<IncidentView>>('/incidents', 'pa/liaison'))).toEqual([
      publicIncident,
      secret,
      incident,
    ]);
    expect(digestsIn(await getJson<Page<IncidentView>>('/incidents', 'pb/liaison'))).toEqual([
      publicIncident,
      incident,
    ]);
    expect(digestsIn(await getJson<Page<IncidentView>>('/incidents'))).toEqual([publicIncident]);
    expect((await get(`/incidents/${incident}`)).statusCode).toBe(404);
  });

  it('writes reads of restricted records to the access log, and not reads of public ones', async () => {
    await getJson(`/incidents/${secret}`, 'pa/liaison');
    await getJson(`/incidents/${publicIncident}`, 'pa/liaison');
    await getJson('/incidents?party=pb', 'pa/liaison');
    const log = await getJson<{ records: { action: string; member: string; resource: string }[] }>(
      '/access-log?limit=500',
      'pa/admin',
    );
    const reads = log.records.filter((record) => record.member === 'liaison');
    expect(reads).toContainEqual(expect.objectContaining({ action: 'record.read', resource: secret }));
    expect(reads).toContainEqual(expect.objectContaining({ action: 'records.list', resource: secret }));
    expect(reads.filter((record) => record.resource === publicIncident)).toEqual([]);
  });

  it('moves the incident through response, case, finding, quorum and release', async () => {
    await submit(
      t.statement(
        'incident.response',
        'pb/liaison',
        { position: 'dispute', narrative: 'No unit of ours fired that day.', evidence: [] },
        ref('responds_to', incident),
      ),
    );
    expect(await statusOf(incident, 'pa/reporter')).toBe('responded');
    expect(await inboxOf('pb/liaison')).toEqual([]);
    // The allegation has no case yet: it waits in every verifier approver's admission queue.
    const admission: unknown = expect.objectContaining({
      action: 'case.open',
      digest: incident,
      subject_type: 'incident.report',
      subject: 'Cross border fire in Kunar, 2026-05-30',
      deadline: null,
    });
    expect(await inboxOf('ver/app1')).toContainEqual(admission);
    expect(await inboxOf('ver/ana')).not.toContainEqual(admission);

    kase = await submit(
      t.statement(
        'case.open',
        'ver/app1',
        {
          decision: 'admit',
          reason: 'Credible and within the mandate.',
          team: { analysts: [{ org: 'ver', member: 'ana' }], observers: [] },
          finding_by: findingBy,
        },
        ref('subject', incident),
      ),
    );
    expect(await statusOf(incident, 'pa/reporter')).toBe('admitted');
    expect(await getJson<IncidentView>(`/incidents/${incident}`, 'pb/liaison')).toMatchObject({
      case_digest: kase,
      responses: [{ org: 'pb', position: 'dispute' }],
    });
    expect(await inboxOf('ver/ana')).toEqual([
      {
        action: 'case.finding',
        digest: kase,
        subject_type: 'case.open',
        subject: 'Case on: Cross border fire in Kunar, 2026-05-30',
        deadline: findingBy,
        since: expect.any(String) as unknown,
        overdue: false,
      },
    ]);
    expect(await dutiesOf('ver/app1')).toEqual([]);
    expect(await inboxOf('ver/app1')).not.toContainEqual(admission);
    const openCases = await getJson<Page<{ digest: string; status: string }>>(
      '/cases?status=open',
      'pa/liaison',
    );
    expect(openCases.records).toEqual([expect.objectContaining({ digest: kase, status: 'open' })]);

    finding = await submit(
      t.statement(
        'case.finding',
        'ver/ana',
        {
          determination: 'confirmed',
          attribution: { party: 'pb', degree: 'attributable' },
          source_reliability: 'B',
          information_credibility: 2,
          confidence: 'moderate',
          methods: ['imagery', 'site_visit'],
          summary: 'Craters consistent with artillery fire from across the line.',
          evidence: [],
        },
        ref('subject', kase),
      ),
    );
    expect(await statusOf(incident, 'pa/reporter')).toBe('under_investigation');
    expect(await inboxOf('ver/ana')).toEqual([]);
    const endorsement = {
      action: 'endorse',
      digest: finding,
      subject_type: 'case.finding',
      deadline: findingBy,
    };
    expect(await dutiesOf('ver/app1')).toEqual([expect.objectContaining(endorsement)]);
    expect(await dutiesOf('ver/app2')).toEqual([expect.objectContaining(endorsement)]);

    // A second, competing draft: both wait for the approvers, the older first.
    const draft = await submit(
      t.statement(
        'case.finding',
        'ver/ana',
        {
          determination: 'inconclusive',
          source_reliability: 'C',
          information_credibility: 3,
          confidence: 'low',
          methods: ['open_source'],
          summary: 'The imagery does not show who fired.',
          evidence: [],
        },
        ref('subject', kase),
      ),
    );
    const endorseDraft: unknown = expect.objectContaining({ action: 'endorse', digest: draft });
    expect(await dutiesOf('ver/app2')).toEqual([expect.objectContaining(endorsement), endorseDraft]);

    await submit(t.statement('endorse', 'ver/app1', { position: 'concur' }, ref('endorses', finding)));
    expect(await statusOf(incident, 'pa/reporter')).toBe('under_investigation');
    expect(await dutiesOf('ver/app1')).toEqual([endorseDraft]);
    expect(await dutiesOf('ver/app2')).toEqual([expect.objectContaining(endorsement), endorseDraft]);

    await submit(t.statement('endorse', 'ver/app2', { position: 'concur' }, ref('endorses', finding)));
    expect(await statusOf(incident, 'pa/reporter')).toBe('finding_final');
    // The case has its final finding: the other draft is superseded, nobody's to endorse.
    expect(await dutiesOf('ver/app1')).toEqual([]);
    expect(await dutiesOf('ver/app2')).toEqual([]);
    expect(
      (await getJson<Page<{ status: string }>>('/cases?status=finding_final', 'pb/liaison')).records,
    ).toEqual([expect.objectContaining({ digest: kase, status: 'finding_final' })]);

    release = await submit(
      t.statement(
        'release',
        'med/admin',
        { title: 'Shelling confirmed', summary: 'The verification team confirmed shelling in Kunar.' },
        { audience: { kind: 'public' }, ...ref('summarises', finding) },
      ),
    );
    expect(await statusOf(incident, 'pa/reporter')).toBe('finding_final');
    // It waits for a verifier approver's concurrence, in every approver's queue.
    const concurrence: unknown = expect.objectContaining({
      action: 'endorse',
      digest: release,
      subject_type: 'release',
      subject: 'Shelling confirmed',
    });
    expect(await inboxOf('ver/app2')).toContainEqual(concurrence);
    await submit(
      t.statement(
        'endorse',
        'ver/app1',
        { position: 'concur' },
        { audience: { kind: 'public' }, ...ref('endorses', release) },
      ),
    );
    expect(await statusOf(incident, 'pa/reporter')).toBe('released');
    expect(await inboxOf('ver/app2')).not.toContainEqual(concurrence);
  });

  it('serves the incident’s timeline through its case and finding, in log order', async () => {
    const timeline = await getJson<{
      digest: string;
      kind: string;
      truncated: boolean;
      statements: { digest: string; index: number; type: string; org: string; log_time: string }[];
    }>(`/records/${incident}/timeline`, 'pb/liaison');
    expect(timeline).toMatchObject({ digest: incident, kind: 'incident', truncated: false });
    expect(timeline.statements.map((s) => [s.type, s.org])).toEqual([
      ['incident.report', 'pa'],
      ['incident.response', 'pb'],
      ['case.open', 'ver'],
      ['case.finding', 'ver'],
      ['case.finding', 'ver'],
      ['endorse', 'ver'],
      ['endorse', 'ver'],
      ['release', 'med'],
      ['endorse', 'ver'],
    ]);
    expect(timeline.statements.map((s) => s.digest)).toEqual(
      expect.arrayContaining([incident, kase, finding, release]),
    );
    const indexes = timeline.statements.map((s) => s.index);
    expect([...indexes].sort((a, b) => a - b)).toEqual(indexes);
    // The public reads the release and its endorsement, which are public, but not the incident.
    const releaseTimeline = await getJson<{ statements: { type: string }[] }>(`/records/${release}/timeline`);
    expect(releaseTimeline.statements.map((s) => s.type)).toEqual(['release', 'endorse']);
    expect((await get(`/records/${incident}/timeline`)).statusCode).toBe(404);
  });

  it('lists what recipients of an exchange owe, and when it is overdue', async () => {
    exchange = await submit(
      t.statement(
        'exchange.request',
        'pa/liaison',
        {
          kind: 'information',
          priority: 'flash',
          recipients: ['pb'],
          subject: 'Which unit was at the crossing?',
          text: 'Please tell us which unit held the crossing that morning.',
        },
        ref('subject', incident),
      ),
    );
    const due = (await inboxOf('pb/liaison')).map((item) => [item.action, item.digest, item.overdue]);
    expect(due).toEqual([
      ['exchange.ack', exchange, false],
      ['exchange.reply', exchange, false],
    ]);
    expect(await inboxOf('pa/liaison')).toEqual([
      expect.objectContaining({ action: 'incident.response', digest: publicIncident }),
    ]);
    expect(
      digestsIn(await getJson<Page<{ digest: string }>>('/exchanges?overdue=true', 'pb/liaison')),
    ).toEqual([]);

    // A flash request is acknowledged within two hours (the default settings).
    t.now += 3 * 3600 * 1000;
    const [ack] = await inboxOf('pb/liaison');
    expect(ack).toMatchObject({ action: 'exchange.ack', overdue: true });
    const overdue = await getJson<
      Page<{ digest: string; overdue: boolean; obligations: { due: string; overdue: boolean }[] }> & {
        as_of: string;
      }
    >('/exchanges?overdue=true&recipient=pb', 'pb/liaison');
    expect(overdue.as_of).toBe(new Date(t.now).toISOString());
    expect(overdue.records).toEqual([
      expect.objectContaining({
        digest: exchange,
        overdue: true,
        obligations: [
          expect.objectContaining({ due: 'acknowledge', overdue: true }),
          expect.objectContaining({ due: 'reply', overdue: false }),
        ],
      }),
    ]);

    await submit(t.statement('exchange.ack', 'pb/liaison', {}, ref('responds_to', exchange)));
    expect((await inboxOf('pb/liaison')).map((item) => item.action)).toEqual(['exchange.reply']);
    expect(
      digestsIn(await getJson<Page<{ digest: string }>>('/exchanges?overdue=false', 'pa/liaison')),
    ).toEqual([exchange]);
    expect(
      digestsIn(
        await getJson<Page<{ digest: string }>>('/exchanges?status=acknowledged&requester=pa', 'pb/liaison'),
      ),
    ).toEqual([exchange]);
    // The exchange now shows on the incident's timeline.
    const timeline = await getJson<{ statements: { type: string }[] }>(
      `/records/${incident}/timeline`,
      'pa/liaison',
    );
    expect(timeline.statements.map((s) => s.type)).toEqual(
      expect.arrayContaining(['exchange.request', 'exchange.ack']),
    );
  });

  it('asks obligated parties to accept a proposed commitment', async () => {
    const commitment = await submit(
      t.statement(
        'commitment.propose',
        'med/admin',
        {
          title: 'No fire across the line',
          text: 'Both parties refrain from fire across the line.',
          obligated: ['pa', 'pb'],
          effective_from: '2026-06-15T00:00:00Z',
          indicators: [
            { id: 'no-fire', kind: 'assessed', name: 'No fire', description: 'No confirmed fire.' },
          ],
        },
        { audience: { kind: 'public' } },
      ),
    );
    expect(await inboxOf('pa/liaison')).toContainEqual(
      expect.objectContaining({
        action: 'commitment.accept',
        digest: commitment,
        subject: 'No fire across the line',
      }),
    );
    await submit(t.statement('commitment.accept', 'pa/liaison', {}, ref('responds_to', commitment)));
    expect((await inboxOf('pa/liaison')).map((item) => item.action)).not.toContain('commitment.accept');
    expect(
      digestsIn(await getJson<Page<{ digest: string }>>('/commitments?obligated=pb&status=proposed')),
    ).toEqual([commitment]);
    await submit(t.statement('commitment.accept', 'pb/liaison', {}, ref('responds_to', commitment)));
    // The acceptances are mechanism-only: members see the commitment in force, the public still sees it proposed.
    expect(await getJson<Page<{ status: string }>>('/commitments?status=in_force')).toMatchObject({
      records: [],
    });
    expect(
      await getJson<Page<{ status: string }>>('/commitments?status=in_force', 'pa/liaison'),
    ).toMatchObject({
      records: [{ digest: commitment, status: 'in_force', accepted: [{ org: 'pa' }, { org: 'pb' }] }],
    });
  });

  it('filters, sorts and pages incidents', async () => {
    const list = async (query: string, who = 'ver/ana') =>
      digestsIn(await getJson<Page<IncidentView>>(`/incidents?${query}`, who));
    expect(await list('party=pb')).toEqual([secret, incident]);
    expect(await list('reporter=pb')).toEqual([publicIncident]);
    expect(await list('status=released,reported')).toEqual([publicIncident, secret, incident]);
    expect(await list('status=released')).toEqual([incident]);
    expect(await list('mechanism_type=incursion')).toEqual([secret]);
    expect(await list('kind=observation')).toEqual([]);
    expect(await list('bbox=70,34,72,35')).toEqual([incident]);
    expect(await list('from=2026-05-25T00:00:00Z&to=2026-06-01T00:00:00Z')).toEqual([
      publicIncident,
      incident,
    ]);
    expect(await list('from=2026-05-26T00:00:00Z')).toEqual([incident]);
    expect(await list('to=2026-05-25T00:00:00.000Z')).toEqual([publicIncident, secret]);
    expect(await list('sort=time_asc')).toEqual([secret, publicIncident, incident]);
    expect(await list('sort=oldest')).toEqual([incident, secret, publicIncident]);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<IncidentView> = await getJson<Page<IncidentView>>(
        `/incidents?limit=1&sort=time_desc${cursor === null ? '' : `&cursor=${cursor}`}`,
        'ver/ana',
      );
      expect(page.records.length).toBeLessThanOrEqual(1);
      paged.push(...digestsIn(page));
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(paged).toEqual([incident, publicIncident, secret]);
  });

  it.each([
    '/incidents?limit=0',
    '/incidents?limit=201',
    '/incidents?limit=ten',
    '/incidents?status=lost',
    '/incidents?status=',
    '/incidents?stauts=reported',
    '/incidents?party=Party%20B',
    '/incidents?mechanism_type=riot',
    '/incidents?from=yesterday',
    '/incidents?from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z',
    '/incidents?bbox=70,34,72',
    '/incidents?bbox=70,36,72,35',
    '/incidents?bbox=200,34,72,35',
    '/incidents?sort=random',
    '/incidents?cursor=not%20a%20cursor',
    '/incidents?cursor=bm90IGEgY3Vyc29y',
    '/incidents?limit=1&status=reported&status=released',
    '/incidents/sha256:zz',
    '/exchanges?overdue=yes',
    '/cases?status=closed',
    '/commitments?obligated=x',
    '/records/sha256:12/timeline',
  ])('answers %s with a 400 problem and changes nothing', async (url) => {
    const size = t.treeSize();
    const before = (await getJson<{ records: unknown[] }>('/access-log?limit=500', 'pa/admin')).records
      .length;
    const response = await get(url, 'pa/liaison');
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(t.treeSize()).toBe(size);
    expect((await getJson<{ records: unknown[] }>('/access-log?limit=500', 'pa/admin')).records.length).toBe(
      before,
    );
  });

  it('refuses a cursor from another sort', async () => {
    const page = await getJson<Page<IncidentView>>('/incidents?limit=1&sort=oldest', 'ver/ana');
    const response = await get(`/incidents?limit=1&sort=newest&cursor=${page.next_cursor!}`, 'ver/ana');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_request' });
  });

  it('documents the query API', async () => {
    const spec = (await t.app.inject('/api/docs/json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/incidents',
        '/api/v1/incidents/{digest}',
        '/api/v1/exchanges',
        '/api/v1/cases',
        '/api/v1/commitments',
        '/api/v1/records/{digest}/timeline',
        '/api/v1/inbox',
      ]),
    );
  });
});

describe('parts of a record from statements with a narrower audience', () => {
  it('are shown only to readers of those statements', async () => {
    const incident = await submit(allegation('pa/reporter', 'pb', { start: '2026-05-29T00:00:00Z' }));
    const response = await submit(
      t.statement(
        'incident.response',
        'pb/liaison',
        { position: 'partly_dispute', narrative: 'Details for the verifiers only.', evidence: [] },
        { audience: { kind: 'orgs', orgs: ['pb', 'ver'] }, ...ref('responds_to', incident) },
      ),
    );
    expect(await getJson<IncidentView>(`/incidents/${incident}`, 'ver/ana')).toMatchObject({
      status: 'responded',
      responses: [{ org: 'pb', position: 'partly_dispute' }],
    });
    // pa cannot read the response, so in pa's fold the allegation is still only reported (issue 7, no. 3).
    expect(await getJson<IncidentView>(`/incidents/${incident}`, 'pa/liaison')).toMatchObject({
      status: 'reported',
      responses: [],
    });
    const listed = await getJson<Page<IncidentView>>('/incidents?limit=1', 'pa/liaison');
    expect(listed.records).toEqual([expect.objectContaining({ digest: incident, responses: [] })]);
    const timeline = await getJson<{ statements: { digest: string }[] }>(
      `/records/${incident}/timeline`,
      'pa/liaison',
    );
    expect(timeline.statements.map((s) => s.digest)).toEqual([incident]);
    const full = await getJson<{ statements: { digest: string }[] }>(
      `/records/${incident}/timeline`,
      'ver/ana',
    );
    expect(full.statements.map((s) => s.digest)).toEqual([incident, response]);
  });
});
