/**
 * The browser's page visibility (Page Visibility API) as the kernel's `PageVisibility`: every flow sends
 * nothing while the page is hidden (a TV app in the background, a screen saver, a minimised kiosk).
 */
import { alwaysVisible, type PageVisibility } from '../flows/kernel/visibility.js'

export function documentVisibility(doc: Document | undefined = typeof document === 'undefined' ? undefined : document): PageVisibility {
  if (doc === undefined) return alwaysVisible
  return {
    get hidden() {
      return doc.hidden
    },
    subscribe(listener) {
      const onChange = () => listener(doc.hidden)
      doc.addEventListener('visibilitychange', onChange)
      return () => doc.removeEventListener('visibilitychange', onChange)
    },
  }
}
