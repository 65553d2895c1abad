/** German and Arabic at hand, as the app has them once it has fetched their files (static/i18n). */
import { dictionaryFrom, provideLanguage } from '../../src/platform/i18n.js'
import { arFile, deFile } from './languages.js'

export function provideAllLanguages(): void {
  provideLanguage('de', dictionaryFrom(deFile))
  provideLanguage('ar', dictionaryFrom(arFile))
}
