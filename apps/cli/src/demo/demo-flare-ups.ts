import { openCase } from './demo-cases.ts';
import { sendExchange } from './demo-exchanges.ts';
import { INCIDENT_TEMPLATES } from './demo-incident-templates.ts';
import { fileAllegation } from './demo-incidents.ts';
import { synthetic } from './demo-phrases.ts';
import { listDemoDistricts } from './demo-places.ts';
import { DAY, DEMO_PARTIES, HOUR, otherParty, type DemoIncident, type DemoWorld } from './demo-world.ts';

/**
 * Two flare-ups, one in each half of the period: for a few days both parties report exchanges of fire in one
 * sector, send each other flash requests to stop firing, and the verification team opens joint cases on the
 * two allegations of each exchange of fire; the mediators call for restraint.
 */
export function planFlareUps(world: DemoWorld, sectors: readonly string[]): void {
  const random = world.random.fork('flare-ups');
  const span = world.timeline.end - world.timeline.start;
  [0.22, 0.7].forEach((fraction, episode) => {
    const story = random.fork(String(episode));
    const start = world.timeline.start + span * fraction + story.between(0, 5 * DAY);
    const sector = story.pick(sectors);
    const shelling = INCIDENT_TEMPLATES.find((t) => t.id === 'shelling');
    const events = story.int(4, 6);
    for (let i = 0; i < events; i++) {
      const event = story.fork(`event/${i}`);
      const occurredAt = start + event.between(0, 5 * DAY);
      const reports: Promise<DemoIncident>[] = [];
      let reported = 0;
      for (const party of DEMO_PARTIES) {
        const reportAt = occurredAt + event.between(HOUR, 12 * HOUR);
        reported = Math.max(reported, reportAt);
        world.timeline.at(reportAt, () => {
          const filing = fileAllegation(world, event.fork(party), {
            party,
            occurredAt,
            sector,
            mutual: true,
            ...(shelling === undefined ? {} : { template: shelling }),
          });
          reports.push(filing);
          return filing.then(() => undefined);
        });
        world.timeline.at(occurredAt + event.between(15 * 60 * 1000, HOUR), async () => {
          const own = event.pick(listDemoDistricts(party, sector));
          await sendExchange(world, event.fork(`stop/${party}`), {
            from: world.liaison(party, event),
            kind: 'action',
            priority: 'flash',
            recipients: [otherParty(party)],
            subject: `Request to stop firing toward ${own.name}`,
            text: synthetic(
              `Fire from across the border is landing near ${own.name} (${own.province}). Stop immediately.`,
            ),
            district: own,
          });
        });
      }
      world.timeline.at(reported + event.between(1 * DAY, 3 * DAY), async () => {
        const incidents = await Promise.all(reports);
        const open = incidents.filter((incident) => !incident.withdrawn && !incident.hasCase);
        if (open.length > 0) await openCase(world, event.fork('case'), { incidents: open, admit: true });
      });
    }
    world.timeline.at(start + story.between(2 * HOUR, 8 * HOUR), async () => {
      await sendExchange(world, story.fork('restraint'), {
        from: { org: 'med-a', member: 'admin' },
        kind: 'notification',
        priority: 'flash',
        recipients: ['pk', 'af'],
        subject: `Call for restraint in the ${sector}`,
        text: synthetic(
          `The mediators call on both sides to cease fire in the ${sector} and to use the liaison channel.`,
        ),
      });
    });
    world.timeline.at(start + story.between(1 * DAY, 2 * DAY), async () => {
      await sendExchange(world, story.fork('hold-fire'), {
        from: { org: 'med-b', member: 'admin' },
        kind: 'action',
        priority: 'priority',
        recipients: ['pk', 'af'],
        subject: `Request to hold fire in the ${sector} for 72 hours`,
        text: synthetic(
          `The mediators ask both sides to hold fire in the ${sector} for 72 hours and to confirm.`,
        ),
      });
    });
  });
}
