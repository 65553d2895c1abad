/**
 * Spoken announcements through the Web Speech API, for people who cannot read the screen from the
 * sofa. Silently does nothing where the browser has no speech synthesis (many TVs).
 */
export interface Announcer {
  /** Speaks `text`, cancelling whatever was being said. */
  say(text: string): void
  /** Stops speaking (leaving a screen). */
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

/** "7 R Q Z" reads each character on its own; digits and letters are spelt out one by one. */
export function spellOut(code: string): string {
  return code.split('').join(', ')
}
