/**
 * The German and Arabic files the app fetches when they are chosen (static/i18n), read here from disk as
 * they are (every key, as written). provideLanguages.ts hands them to the i18n module as its loader would.
 */
import arJson from '../../static/i18n/ar.json' with { type: 'json' }
import deJson from '../../static/i18n/de.json' with { type: 'json' }

export const deFile = deJson as Record<string, string>
export const arFile = arJson as Record<string, string>
