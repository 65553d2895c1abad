/**
 * Spoken announcements through the Web Speech API, for people who cannot read the screen from the
 * sofa. Silently does nothing where the browser has no speech synthesis (many TVs).
 */
export interface Announcer {
  /** Speaks `text`, cancelling whatever was being said. */
  say(text: string): void
  /** Stops speaking, and drops whatever was queued (as `speechSynthesis.cancel()` does). */
  cancel(): void
}

export const silentAnnouncer: Announcer = { say() {}, cancel() {} }

export function createSpeechAnnouncer(lang = 'en'): Announcer {
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return silentAnnouncer
  return {
    say(text: string) {
      synth.cancel()
      const utterance = new SpeechSynthesisUtterance(text)
      utterance.lang = lang
      utterance.rate = 0.9
      synth.speak(utterance)
    },
    cancel() {
      synth.cancel()
    },
  }
}

/**
 * The app's one voice, which outlives every screen. A screen speaks as itself (`speaker`) and, when it
 * goes away, silences only its own words: "Linked as NAME", said as the link screen is replaced, is not
 * cut off by that screen's `cancel`. `sayOnce` speaks a value (a code) once however often a screen shows it.
 */
export class Voice {
  private speaker: object | null = null
  private readonly lastSaid = new Map<string, string>()

  constructor(private readonly out: Announcer) {}

  say(text: string, speaker: object = this): void {
    this.speaker = speaker
    this.out.say(text)
  }

  /** Speaks `text` unless `value` was the last one said under `topic`. */
  sayOnce(topic: string, value: string, text: string, speaker: object = this): void {
    if (this.lastSaid.get(topic) === value) return
    this.lastSaid.set(topic, value)
    this.say(text, speaker)
  }

  /** Stops speaking when the words being said are `speaker`'s; someone else's words go on. */
  cancel(speaker: object): void {
    if (this.speaker !== speaker) return
    this.speaker = null
    this.out.cancel()
  }
}

/** "7 R Q Z" reads each character on its own; digits and letters are spelt out one by one. */
export function spellOut(code: string): string {
  return code.split('').join(', ')
}
