import { Lightning } from '@lightningjs/sdk'
import { language } from '../platform/i18n.js'

/** The static side of a Lightning component class, as far as its template cache goes. */
interface TemplateCache {
  getTemplateFunc(ctx: unknown): unknown
  /** Lightning's own flag: the class whose template function is cached (see Component.getTemplateFunc). */
  __has_templateFunc?: unknown
  /** Ours: the language that cached template function was built in, and for which class. */
  __templateLanguage?: string
  __templateLanguageOf?: unknown
}

let installed = false

/**
 * Lightning builds each component class's `_template()` once and keeps it on the class. Our templates hold
 * words (`t('ready.title')`), so after a language switch a screen built from the cached template would come
 * up in the old language. From this call on, a class builds its template again when the language in use is
 * not the one its cached template was built in; nothing else about Lightning's cache changes.
 */
export function templatesFollowLanguage(): void {
  if (installed) return
  installed = true
  // Lightning's typings leave the static template cache out; it is there in every 2.x core
  const component = Lightning.Component as typeof Lightning.Component & Partial<TemplateCache>
  const original = component.getTemplateFunc
  if (original === undefined) return
  component.getTemplateFunc = function (this: TemplateCache, ctx: unknown) {
    const lang = language()
    if (this.__templateLanguageOf !== this || this.__templateLanguage !== lang) {
      this.__templateLanguageOf = this
      this.__templateLanguage = lang
      this.__has_templateFunc = undefined
    }
    return original.call(this, ctx)
  }
}
