import { afterEach, describe, expect, it } from 'vitest'
import type { Lightning } from '@lightningjs/sdk'
import { ReadyScreen, READY_LIBRARY_ROWS, type ReadyIntent, type ReadyModel } from '../../src/ui/screens/ReadyScreen.js'
import type { ChipRow } from '../../src/ui/components/Chip.js'
import { mount, type Mounted } from '../support/mountLightning.js'
import { allTexts, textOf } from '../support/lightningTree.js'

const KINDS = ['Movies', 'TV Shows', 'Music', 'Photos']

function model(libraryCount: number, extra: Partial<ReadyModel> = {}): ReadyModel {
  return {
    account: 'alice@example.com',
    user: { name: 'Émilie-Françoise de la Tour d’Auvergne-Lauragais', thumb: 'https://plex.tv/users/x/avatar?c=1' },
    server: 'Живой сервер',
    connection: { via: 'LAN', latency: '12 ms', secure: true, note: null },
    libraries: Array.from({ length: libraryCount }, (_, i) => ({ title: `Library ${i + 1}`, kind: KINDS[i % 4]! })),
    librariesNote: 'No libraries on this server yet',
    ...extra,
  }
}

describe('ReadyScreen', () => {
  let m: Mounted<ReadyScreen>
  let intents: ReadyIntent[]
  afterEach(() => m.destroy())

  function open(model_: ReadyModel): void {
    m = mount(ReadyScreen)
    intents = []
    m.component.onIntent = (i) => intents.push(i)
    m.component.render(model_)
    m.frame()
  }

  it('says who and where', () => {
    open(model(4))
    const texts = allTexts(m.component, true)
    for (const t of ['Ready', 'alice@example.com', 'Émilie-Françoise de la Tour d’Auvergne-Lauragais', 'Живой сервер', 'LAN', '12 ms']) expect(texts).toContain(t)
    expect(textOf(m.component, 'User.Avatar.Circle.Initials')).toBe('ÉD') // first and last word: Émilie … d’Auvergne-Lauragais
    const chips = m.component.tag('Connection.Chips') as ChipRow
    expect(chips.labels).toEqual(['LAN', '12 ms', ''])
    expect((chips.childList.getAt(2) as Lightning.Element).tag('Icon')).toBeTruthy()
    const name = m.component.tag('User.Value') as Lightning.Element
    expect(name.text).toMatchObject({ maxLines: 1, textOverflow: 'ellipsis', wordWrap: false })
  })

  it('lists the libraries with their type words', () => {
    open(model(4))
    const rows = m.component.tag('Libraries.Rows') as Lightning.Element
    expect(rows.children.map((r) => textOf(r, 'Title'))).toEqual(['Library 1', 'Library 2', 'Library 3', 'Library 4'])
    expect(rows.children.map((r) => (r.tag('Kind') as ChipRow).labels[0])).toEqual(KINDS)
  })

  it('shows a library without a chip when its own name already says the type, and the details line a support call asks for', () => {
    open(
      model(0, {
        libraries: [
          { title: 'Movies', kind: null },
          { title: 'Anime', kind: 'TV Shows' },
        ],
        details: [
          { label: 'Server ID', value: '7e2d9c1f0a4b4c5d8e9f00112233445566778899' },
          { label: 'Username', value: 'alice' },
          { label: 'Account ID', value: '9912100' },
        ],
      }),
    )
    const rows = m.component.tag('Libraries.Rows') as Lightning.Element
    expect(rows.children.map((r) => (r.tag('Kind') as ChipRow).labels)).toEqual([[], ['TV Shows']])
    expect(textOf(m.component, 'Details')).toBe('Server ID: 7e2d9c1f0a4b4c5d8e9f00112233445566778899   ·   Username: alice   ·   Account ID: 9912100')
  })

  it('sums up libraries that do not fit, and says when there are none', () => {
    open(model(40))
    const rows = m.component.tag('Libraries.Rows') as Lightning.Element
    expect(rows.children).toHaveLength(READY_LIBRARY_ROWS)
    expect(textOf(rows, 'More')).toBe(`and ${40 - READY_LIBRARY_ROWS + 1} more`)
    m.component.render(model(0))
    m.frame()
    expect(allTexts(m.component, true)).toContain('No libraries on this server yet')
    expect((m.component.tag('Libraries.Rows') as Lightning.Element).children).toHaveLength(0)
  })

  it('shows a relay note and no padlock for an insecure connection', () => {
    open(model(1, { connection: { via: 'Relay', latency: '240 ms', secure: false, note: 'Relay only — video quality is limited' } }))
    expect((m.component.tag('Connection.Chips') as ChipRow).labels).toEqual(['Relay', '240 ms'])
    expect(allTexts(m.component, true)).toContain('Relay only — video quality is limited')
  })

  it('moves between the three buttons with Left/Right and reports the action on OK', () => {
    open(model(2))
    expect(m.component.focusedAction).toBe('change-user')
    m.press('Left')
    expect(m.component.focusedAction).toBe('change-user')
    m.press('Enter')
    m.press('Right')
    m.press('Enter')
    m.press('Right')
    m.press('Right')
    expect(m.component.focusedAction).toBe('sign-out')
    m.press('Enter')
    m.press('Back')
    expect(intents).toEqual([
      { type: 'action', id: 'change-user' },
      { type: 'action', id: 'change-server' },
      { type: 'action', id: 'sign-out' },
      { type: 'back' },
    ])
    const buttons = m.component.tag('Buttons') as Lightning.Element
    expect(buttons.children.map((b) => b.scale)).toEqual([1, 1, 1.04])
    expect(allTexts(buttons)).toEqual(['Change user', 'Change server', 'Sign out'])
  })

  it('offers only the actions given, and hides the user line without a Home', () => {
    open(model(1, { user: null, actions: ['change-server', 'sign-out'] }))
    expect(allTexts(m.component.tag('Buttons') as Lightning.Element)).toEqual(['Change server', 'Sign out'])
    expect(allTexts(m.component, true)).not.toContain('Watching as')
    m.press('Right')
    m.press('Enter')
    expect(intents).toEqual([{ type: 'action', id: 'sign-out' }])
  })
})
