import { t } from '../../platform/i18n.js'
import type { MenuAction } from './routeTable.js'

export interface MenuWordsContext {
  deviceName: string
  speechOn: boolean
  /** The language in use, in its own words ("Deutsch"). */
  languageName: string
  /** The language whose file could not be fetched when it was chosen, in its own words; null: none. */
  languageFailed?: string | null
}

/** The words of a menu item, in the language in use. */
export function menuLabel(action: MenuAction, ctx: MenuWordsContext): string {
  switch (action) {
    case 'diagnostics':
      return t('menu.diagnostics')
    case 'deviceName':
      return t('menu.deviceName', { name: ctx.deviceName })
    case 'speech':
      return t(ctx.speechOn ? 'menu.speechOn' : 'menu.speechOff')
    case 'language':
      return ctx.languageFailed ? t('menu.languageFailed', { name: ctx.languageFailed }) : t('menu.language', { name: ctx.languageName })
    case 'newCode':
      return t('menu.newCode')
    case 'changeUser':
      return t('menu.changeUser')
    case 'signOut':
      return t('menu.signOut')
    case 'exit':
      return t('menu.exit')
    case 'close':
      return t('menu.close')
  }
}
