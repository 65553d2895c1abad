/**
 * speechSynthesis as it behaves, for component tests: `say` cancels what was queued and queues the new
 * words; the engine starts speaking on a later task (here: the next macrotask), and `cancel()` drops
 * everything not yet spoken — so words said and cancelled in the same tick are never heard, as on a TV.
 */
import type { Announcer } from '../../src/platform/speech.js'

export class FakeSpeech implements Announcer {
  /** What was actually spoken, in order. */
  readonly spoken: string[] = []
  private queue: string[] = []

  say(text: string): void {
    this.cancel()
    this.queue.push(text)
    setImmediate(() => this.speakNext())
  }

  cancel(): void {
    this.queue = []
  }

  private speakNext(): void {
    const next = this.queue.shift()
    if (next !== undefined) this.spoken.push(next)
  }
}
