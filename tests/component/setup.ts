import 'vitest-canvas-mock'
import { provideAllLanguages } from '../support/provideLanguages.js'

// German and Arabic at hand, as the app has them once it has fetched their files (static/i18n)
provideAllLanguages()
