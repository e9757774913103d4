import { OBSERVATION_TEMPLATES } from './demo-incident-templates.ts';
import { respond, timeSpan } from './demo-incidents.ts';
import { synthetic } from './demo-phrases.ts';
import { listDemoDistricts, pickDemoLocation, type DemoDistrict } from './demo-places.ts';
import type { DemoRandom } from './demo-random.ts';
import { DAY, DEMO_PARTIES, HOUR, type DemoIncident, type DemoWorld } from './demo-world.ts';

/** Mean observations the verification team records per day. */
const OBSERVATION_RATE_PER_DAY = 0.17;

/** Plans the verification team's own observations: events seen by its patrols, alleging nothing. */
export function planObservations(world: DemoWorld): void {
  const random = world.random.fork('observations');
  for (let at = world.timeline.start + 2 * DAY, index = 0; ; index++) {
    at += random.exponential(DAY / OBSERVATION_RATE_PER_DAY);
    const story = random.fork(String(index));
    const occurredAt = at;
    if (
      !world.timeline.at(at + story.between(2 * HOUR, 20 * HOUR), () =>
        recordObservation(world, story, occurredAt),
      )
    )
      break;
  }
}

async function recordObservation(world: DemoWorld, random: DemoRandom, occurredAt: number): Promise<void> {
  const template = random.weighted(OBSERVATION_TEMPLATES.map((t) => [t, t.weight] as const));
  const district: DemoDistrict = random.pick(listDemoDistricts(random.pick(DEMO_PARTIES)));
  const location = pickDemoLocation(random, world.geodata, district);
  const digest = await world.log.issue(world.analyst(random), 'incident.report', {
    kind: 'observation',
    category: template.category,
    time: timeSpan(random, occurredAt, world.timeline.now),
    location,
    narrative: synthetic(template.describe(`${district.name} (${district.province})`)),
    evidence: [world.log.evidence('a photograph taken by a verification patrol', occurredAt)],
  });
  const incident: DemoIncident = {
    digest,
    kind: 'observation',
    reporter: 'ver',
    accused: undefined,
    template,
    district,
    occurredAt,
    reportedAt: world.timeline.now,
    killed: 0,
    public: false,
    withdrawn: false,
    hasCase: false,
  };
  if (random.chance(0.3)) {
    world.timeline.after(random.between(6 * HOUR, 4 * DAY), () =>
      respond(world, random, incident, { kind: 'mechanism' }),
    );
  }
}
