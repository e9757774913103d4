import type { CliOutput } from '../cli-output.ts';
import type { DemoSummary } from '../demo/create-demo-mechanism.ts';
import type { ServerConfig } from '@jmm/mechanism';

/** The human summary of `jmm demo`: what was generated, per statement type, and its highlights. */
export function describeDemoSummary(summary: DemoSummary, seconds: number): string {
  const h = summary.highlights;
  const pair = (value: { pk: number; af: number }) => `Pakistan ${value.pk}, Afghanistan ${value.af}`;
  const width = Math.max(...Object.keys(summary.counts).map((type) => type.length));
  return [
    `Demonstration mechanism ${summary.origin}: ${summary.orgs} organisations, ${summary.members} members.`,
    `${summary.treeSize} log entries from ${summary.period.start} to ${summary.period.end}, generated in ${seconds.toFixed(1)} s.`,
    '',
    'Statements by type:',
    ...Object.entries(summary.counts).map(
      ([type, count]) => `  ${type.padEnd(width)}  ${String(count).padStart(5)}`,
    ),
    '',
    `Allegations by ${pair(h.allegationsBy)}; ${h.observations} observations; ${h.withdrawn} withdrawn. Responded late: ${pair(h.respondedLate)}.`,
    `${h.exchanges} exchanges. Acknowledged late: ${pair(h.acknowledgedLate)}. Replied late: ${pair(h.repliedLate)}.`,
    `  Overdue now: ${pair(h.overdueAtEnd)}. Closed ${h.closedSatisfied} satisfied, ${h.closedUnsatisfied} not.`,
    `Cases: ${h.casesAdmitted} admitted, ${h.casesDeclined} declined; access denied or delayed by ${pair(h.accessProblems)}.`,
    `Findings: ${h.findings}, ${h.findingsFinal} final; ${h.dissentingEndorsements} dissenting endorsements.`,
    `Commitments: ${h.commitmentsInForce} in force, ${h.commitmentsWithdrawn} withdrawn; monthly acknowledgement indicator met by ${pair(h.acknowledgementIndicator.met)}, missed by ${pair(h.acknowledgementIndicator.missed)}.`,
    '',
    'All data is synthetic.',
  ].join('\n');
}

/** `jmm demo`: creates the demonstration mechanism (six months of synthetic activity ending now) and exits. */
export async function runDemo(
  config: ServerConfig,
  options: { seed: string; now?: number },
  output: CliOutput,
): Promise<void> {
  // Loaded when a demo is made, not whenever the CLI starts: the generator renders reports (pdfkit, echarts).
  const { createDemoMechanism } = await import('../demo/create-demo-mechanism.ts');
  output.info(`Creating the demonstration mechanism (synthetic data) in ${config.dataDir}…`);
  const started = performance.now();
  const summary = await createDemoMechanism(config, { seed: options.seed, now: options.now ?? Date.now() });
  const seconds = (performance.now() - started) / 1000;
  output.result({ ...summary, generation_seconds: Math.round(seconds * 10) / 10 }, () =>
    describeDemoSummary(summary, seconds),
  );
}
