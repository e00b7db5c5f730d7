/**
 * Spoken summaries prepared before a call needs them, so no webhook waits on anything slow
 * (Twilio gives up after 15 s). Every snapshot refreshes the template at once; when an optional
 * writer (an LLM) is configured, its text replaces the template only if it arrives for the snapshot
 * still current. A failing or slow writer leaves the template in place.
 */
import type { AuditSink, Clock } from '../ports';
import type { PhoneSnapshot, SummaryWriter } from './ports';
import { sitrepText } from './sitrep';
import { speakable } from './speech';

/** The longest written summary accepted; longer ones are not read out. */
export const MAX_WRITTEN_SUMMARY = 700;

/** The latest sitrep, template or written. */
export class SitrepCache {
  private text = 'No sessions are known yet.';
  private version = -1;
  private source: 'template' | 'writer' = 'template';

  constructor(
    private readonly deps: {
      readonly redact: (text: string) => string;
      readonly writer?: SummaryWriter | undefined;
      readonly audit: AuditSink;
      readonly clock: Clock;
    },
  ) {}

  /** What to say now. */
  current(): { readonly text: string; readonly source: 'template' | 'writer' } {
    return { text: this.text, source: this.source };
  }

  /** Takes a new snapshot: the template now, the writer's text later if it comes in time. */
  update(snapshot: PhoneSnapshot): void {
    if (snapshot.version < this.version) return;
    this.version = snapshot.version;
    this.text = sitrepText(snapshot, this.deps.redact);
    this.source = 'template';
    const writer = this.deps.writer;
    if (!writer) return;
    const asked = snapshot.version;
    writer.summarize(snapshot).then(
      (written) => {
        const spoken = speakable(written, this.deps.redact);
        if (asked !== this.version || spoken === '' || spoken.length > MAX_WRITTEN_SUMMARY) return;
        this.text = spoken;
        this.source = 'writer';
      },
      (error: unknown) =>
        void this.deps.audit.append({
          at: this.deps.clock.now(),
          kind: 'phone-summary-fallback',
          channel: 'phone',
          detail: { error: error instanceof Error ? error.message.slice(0, 200) : 'failed' },
        }),
    );
  }
}
