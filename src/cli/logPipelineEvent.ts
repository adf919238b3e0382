import type { PipelineEvent } from '../stages/runPipeline.js';
import { log } from '../util/log.js';

/** One line on stderr per stage event of a pipeline run: cached, running (and why), done (time and summary). */
export function logPipelineEvent(event: PipelineEvent): void {
  if (event.type === 'cached') log(`${event.stage}: cached`);
  if (event.type === 'start') log(`${event.stage}: running (${event.reason}${event.why ? `: ${event.why}` : ''})`);
  if (event.type === 'done') log(`${event.stage}: done in ${(event.durationMs / 1000).toFixed(1)} s ${JSON.stringify(event.summary)}`);
}
