import { afterEach, describe, expect, it } from 'vitest'
import { Menu } from '../../src/ui/components/Menu.js'
import { mount, type Mounted } from '../support/mountLightning.js'

describe('Menu (opened with Back)', () => {
  let m: Mounted<Menu>
  afterEach(() => m.destroy())

  it('moves focus with Up/Down, chooses with OK and closes with Back', () => {
    m = mount(Menu)
    const chosen: string[] = []
    let closed = 0
    m.component.onChoose = (id) => chosen.push(id)
    m.component.onClose = () => closed++
    m.component.open('Menu', [
      { id: 'new-code', label: 'Get a new code' },
      { id: 'speech', label: 'Read the code aloud: On' },
      { id: 'close', label: 'Close' },
    ])
    m.frame()
    expect(m.component.focusedId).toBe('new-code')
    m.press('Up') // already at the top: stays
    expect(m.component.focusedId).toBe('new-code')
    m.press('Down')
    m.press('Down')
    m.press('Down') // already at the bottom: stays
    expect(m.component.focusedId).toBe('close')
    m.press('Up')
    m.press('Enter')
    expect(chosen).toEqual(['speech'])
    m.press('Back')
    expect(closed).toBe(1)
  })

  it('shows focus by scale, not colour alone', () => {
    m = mount(Menu)
    m.component.open('Menu', [
      { id: 'a', label: 'First' },
      { id: 'b', label: 'Second' },
    ])
    m.press('Down')
    const items = m.component.tag('Panel.Items') as { children: { scale: number }[] }
    expect(items.children.map((c) => c.scale)).toEqual([1, 1.04])
  })
})

describe('Menu labels', () => {
  it('cuts a long label (a 40-character device name) to one line inside the panel', () => {
    const m = mount(Menu)
    m.component.open('Menu', [{ id: 'deviceName', label: `Device name: ${'Wohnzimmer-Fernseher im Erdgeschoss links'}` }])
    m.frame()
    const label = m.component.Items.childList.getAt(0)!.tag('Label') as { text: { maxLines: number; wordWrapWidth: number; textOverflow: string } }
    expect(label.text.maxLines).toBe(1)
    expect(label.text.textOverflow).toBe('ellipsis')
    expect(label.text.wordWrapWidth).toBeLessThanOrEqual(720 - 36)
    m.destroy()
  })
})
