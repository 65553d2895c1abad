import { afterEach, describe, expect, it } from 'vitest'
import type { Lightning } from '@lightningjs/sdk'
import { PinPadScreen, type PinPadIntent, type PinPadModel } from '../../src/ui/screens/PinPadScreen.js'
import type { PinSlots } from '../../src/ui/components/PinSlots.js'
import { mount, type Mounted } from '../support/mountLightning.js'
import { allTexts, textOf } from '../support/lightningTree.js'

const LONG = 'Maximilian Alexander von Hohenzollern-Sigmaringen the Third'

/**
 * A stand-in for the behaviour: counts digits (keeping them only here, as the real reducer does), deletes
 * on backspace, and re-renders the screen with the count alone.
 */
function pinHarness(m: Mounted<PinPadScreen>, base: Partial<PinPadModel> = {}) {
  const intents: PinPadIntent[] = []
  let digits = ''
  let model: PinPadModel = { name: 'Emma', thumb: null, filled: 0, message: null, tone: 'info', locked: false, busy: false, ...base }
  const show = (patch: Partial<PinPadModel> = {}) => {
    model = { ...model, ...patch, filled: digits.length }
    m.component.render(model)
    m.frame()
  }
  m.component.onIntent = (intent) => {
    intents.push(intent)
    if (intent.type === 'digit' && digits.length < 4) digits += String(intent.d)
    if (intent.type === 'backspace') digits = digits.slice(0, -1)
    show()
  }
  show()
  return { intents, show, digits: () => digits }
}

function slots(screen: PinPadScreen): { dots: number; rings: number } {
  const row = (screen as Lightning.Element).tag('Slots.Row') as Lightning.Element
  let dots = 0
  let rings = 0
  for (const slot of row.children) {
    if ((slot.tag('Dot') as Lightning.Element).alpha > 0) dots++
    if ((slot.tag('Ring') as Lightning.Element).alpha > 0) rings++
  }
  return { dots, rings }
}

describe('PinPadScreen', () => {
  let m: Mounted<PinPadScreen>
  afterEach(() => m.destroy())

  it('titles the pad with the name, ellipsised when long, and shows initials without a picture', () => {
    m = mount(PinPadScreen)
    pinHarness(m, { name: LONG })
    const title = m.component.tag('Title') as Lightning.Element
    expect(title.text?.text).toBe(`Enter the PIN for ${LONG}`)
    expect(title.text).toMatchObject({ maxLines: 1, textOverflow: 'ellipsis', wordWrap: false })
    expect(textOf(m.component, 'Avatar.Circle.Initials')).toBe('MT')
  })

  it('types digits from the number keys and shows one dot per digit, never the digit', () => {
    m = mount(PinPadScreen)
    const h = pinHarness(m, { name: 'Ярослава' })
    expect(slots(m.component)).toEqual({ dots: 0, rings: 4 })
    const before = allTexts(m.component).sort()
    m.press('7')
    expect(slots(m.component)).toEqual({ dots: 1, rings: 3 })
    m.press('3')
    m.press('9')
    expect(h.intents).toEqual([
      { type: 'digit', d: 7 },
      { type: 'digit', d: 3 },
      { type: 'digit', d: 9 },
    ])
    expect(slots(m.component)).toEqual({ dots: 3, rings: 1 })
    // the tree holds the same texts as before typing: the keypad labels, the title, the hints
    const after = allTexts(m.component).sort()
    expect(after.filter((t) => !/^(Back|Delete)$/.test(t))).toEqual(before.filter((t) => !/^(Back|Delete)$/.test(t)))
    for (const t of after) {
      expect(t).not.toContain('739')
      expect(t).not.toContain('73')
    }
    // the places themselves hold no text at all
    expect(allTexts(m.component.tag('Slots') as Lightning.Element)).toEqual([])
    m.press('Back')
    expect(slots(m.component)).toEqual({ dots: 2, rings: 2 })
    expect(h.intents.at(-1)).toEqual({ type: 'backspace' })
  })

  it('no text anywhere, in any state, shows a typed PIN', () => {
    m = mount(PinPadScreen)
    const h = pinHarness(m)
    for (const key of ['2', '5', '8']) m.press(key)
    h.show({ busy: true, message: 'Checking…', tone: 'busy' })
    m.press('0')
    expect(h.digits()).toBe('2580')
    h.show({ busy: false, message: 'Wrong PIN — try again', tone: 'error' })
    const outsidePad = allTexts(m.component).filter((t) => !/^[0-9]$/.test(t))
    for (const t of outsidePad) expect(t).not.toMatch(/[0-9]{2,}|2.?5.?8.?0/)
    expect(slots(m.component).dots).toBe(4)
  })

  it('drives the on-screen keypad with arrows and OK', () => {
    m = mount(PinPadScreen)
    const h = pinHarness(m)
    expect(m.component.focusedKey).toBe('1')
    m.press('Right')
    m.press('Down')
    expect(m.component.focusedKey).toBe('5')
    m.press('Enter')
    m.press('Down')
    m.press('Down')
    expect(m.component.focusedKey).toBe('0')
    m.press('Down') // bottom edge: stays
    m.press('Enter')
    m.press('Left')
    expect(m.component.focusedKey).toBe('Delete')
    m.press('Enter')
    m.press('Right')
    m.press('Right')
    expect(m.component.focusedKey).toBe('Cancel')
    m.press('Enter')
    expect(h.intents).toEqual([{ type: 'digit', d: 5 }, { type: 'digit', d: 0 }, { type: 'backspace' }, { type: 'cancel' }])
    const cancel = (m.component as Lightning.Element).tag('Pad.Key11') as Lightning.Element
    expect(cancel.scale).toBe(1.04)
    expect((cancel.tag('Marker') as Lightning.Element).alpha).toBe(1)
  })

  it('masks as many places as the model says are filled', () => {
    m = mount(PinPadScreen)
    for (const filled of [0, 1, 2, 3, 4]) {
      m.component.render({ name: 'Emma', thumb: null, filled, message: null, tone: 'info', locked: false, busy: false })
      m.frame()
      expect(slots(m.component)).toEqual({ dots: filled, rings: 4 - filled })
      expect((m.component.tag('Slots') as PinSlots).filled).toBe(filled)
    }
  })

  it('ignores digits, arrows and OK while locked, but Back still works', () => {
    m = mount(PinPadScreen)
    const h = pinHarness(m, { locked: true, message: 'Too many tries. Try again in 0:27', tone: 'warn' })
    expect(allTexts(m.component, true)).toContain('Too many tries. Try again in 0:27')
    expect((m.component.tag('Pad') as Lightning.Element).alpha).toBeLessThan(0.5)
    m.press('4')
    m.press('Right')
    m.press('Enter')
    expect(h.intents).toEqual([])
    expect(m.component.focusedKey).toBe('1')
    m.press('Back')
    expect(h.intents).toEqual([{ type: 'backspace' }])
    h.show({ locked: false, message: null })
    m.press('4')
    expect(h.intents.at(-1)).toEqual({ type: 'digit', d: 4 })
    expect(allTexts(m.component, true)).not.toContain('Too many tries. Try again in 0:27')
  })

  it("shows the model's busy and error words", () => {
    m = mount(PinPadScreen)
    const h = pinHarness(m)
    h.show({ busy: true, message: 'Checking…', tone: 'busy' })
    expect(allTexts(m.component, true)).toContain('Checking…')
    h.show({ busy: false, message: 'Wrong PIN — try again', tone: 'error' })
    const texts = allTexts(m.component, true)
    expect(texts).toContain('Wrong PIN — try again')
    expect(texts).not.toContain('Checking…')
  })

  it('lets other keys through to the mapped handlers', () => {
    m = mount(PinPadScreen)
    const h = pinHarness(m)
    expect(m.component._handleKey(new KeyboardEvent('keydown', { keyCode: 65, key: 'a' } as KeyboardEventInit))).toBe(false)
    expect(h.intents).toEqual([])
  })

  it('shakes the places on request and stops the animation when the pad leaves the screen', () => {
    m = mount(PinPadScreen)
    pinHarness(m)
    m.component.shake()
    expect(m.component.shaking).toBe(true)
    m.app.childList.remove(m.component)
    expect(m.component.shaking).toBe(false)
  })
})
