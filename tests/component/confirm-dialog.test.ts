/**
 * The confirm dialog (issue 14 items 1 and 8): it opens on Cancel, so OK out of habit does nothing; Left and
 * Right move between Cancel and the action (mirrored in a right-to-left UI, where the action is drawn to the
 * left of Cancel); Back answers Cancel; the words are 10-foot sized and the panel grows with the body.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Lightning } from '@lightningjs/sdk'
import { ConfirmDialog } from '../../src/ui/components/ConfirmDialog.js'
import type { FocusButton } from '../../src/ui/components/FocusButton.js'
import { mount, type Mounted } from '../support/mountLightning.js'
import { textOf } from '../support/lightningTree.js'

const SPEC = { title: 'Sign out of Plex on this TV?', body: 'This TV forgets your account and your choices.', confirm: 'Sign out', cancel: 'Cancel' }

describe('ConfirmDialog', () => {
  let m: Mounted<ConfirmDialog>
  let answers: boolean[]
  afterEach(() => m.destroy())

  function open(rtl = false): void {
    m = mount(ConfirmDialog)
    if (rtl) m.app.rtl = true
    answers = []
    m.component.onAnswer = (yes) => answers.push(yes)
    m.component.ask(SPEC)
    m.frame()
  }

  const button = (ref: 'Cancel' | 'Confirm') => m.component.tag(`Panel.Buttons.${ref}`) as FocusButton

  it('opens on Cancel: OK right away answers no', () => {
    open()
    expect(m.component.focusedAnswer).toBe('cancel')
    expect(button('Cancel').focused).toBe(true)
    expect(button('Confirm').focused).toBe(false)
    m.press('Enter')
    expect(answers).toEqual([false])
  })

  it('Right then OK answers yes; Left goes back to Cancel; Back is Cancel', () => {
    open()
    m.press('Right')
    expect(m.component.focusedAnswer).toBe('confirm')
    m.press('Right') // no further
    expect(m.component.focusedAnswer).toBe('confirm')
    m.press('Enter')
    m.press('Left')
    expect(m.component.focusedAnswer).toBe('cancel')
    m.press('Back')
    expect(answers).toEqual([true, false])
  })

  it('right to left: the action sits left of Cancel, and Left moves to it', () => {
    open(true)
    m.frame()
    const px = (b: FocusButton) => (b as unknown as { core: { renderContext: { px: number } } }).core.renderContext.px
    expect(px(button('Confirm'))).toBeLessThan(px(button('Cancel')))
    m.press('Left')
    expect(m.component.focusedAnswer).toBe('confirm')
    m.press('Right')
    expect(m.component.focusedAnswer).toBe('cancel')
  })

  it('says what it asks in big words, with the action named on its button', () => {
    open()
    expect(textOf(m.component, 'Panel.Title')).toBe(SPEC.title)
    expect(textOf(m.component, 'Panel.Body')).toBe(SPEC.body)
    expect(button('Cancel').label).toBe('Cancel')
    expect(button('Confirm').label).toBe('Sign out')
    expect((m.component.tag('Panel.Title') as Lightning.Element).text!.fontSize).toBeGreaterThanOrEqual(44)
    expect((m.component.tag('Panel.Body') as Lightning.Element).text!.fontSize).toBeGreaterThanOrEqual(36)
    // the buttons sit below the body, inside the panel
    const panel = m.component.tag('Panel') as Lightning.Element
    const buttons = m.component.tag('Panel.Buttons') as Lightning.Element
    expect(buttons.y).toBeGreaterThan((m.component.tag('Panel.Body') as Lightning.Element).y)
    expect(buttons.y + buttons.h).toBeLessThanOrEqual(panel.h)
  })

  it('holds Up and Down: nothing behind the dialog moves', () => {
    open()
    m.press('Up')
    m.press('Down')
    expect(m.component.focusedAnswer).toBe('cancel')
    expect(m.focusPath().at(-1)).toBe('Subject')
  })
})
