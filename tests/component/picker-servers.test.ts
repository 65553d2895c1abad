import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Lightning } from '@lightningjs/sdk'
import { ServerListScreen, SERVER_VISIBLE_ROWS, type ServerListIntent, type ServerListModel, type ServerRowSpec } from '../../src/ui/screens/ServerListScreen.js'
import type { ChipRow } from '../../src/ui/components/Chip.js'
import { mount, type Mounted } from '../support/mountLightning.js'
import { allTexts, textOf } from '../support/lightningTree.js'

const LONG = 'The Very Long Name Of A Plex Media Server In The Basement Rack Number Two Next To The Boiler'
const NON_LATIN = 'Сервер у бабушки'

function online(name: string, extra: Partial<ServerRowSpec> = {}): ServerRowSpec {
  return { name, owner: null, status: { kind: 'online', via: 'LAN', latency: '12 ms', secure: true, note: null }, focusedHint: null, chosen: false, ...extra }
}

function servers(n: number): ServerRowSpec[] {
  return Array.from({ length: n }, (_, i) => {
    if (i === 1) return online(LONG, { owner: 'Shared by Alex', status: { kind: 'online', via: 'Relay', latency: '240 ms', secure: true, note: 'Relay only — video quality is limited' } })
    if (i === 2) return online(NON_LATIN, { status: { kind: 'unreachable', reason: 'Offline — last seen 3 days ago' }, focusedHint: 'Press OK to test again' })
    if (i === 3) return online('Office', { status: { kind: 'testing', text: 'Testing connections…' } })
    if (i === 4) return online('Cabin', { status: { kind: 'online', via: 'Remote', latency: '48 ms', secure: false, note: null }, chosen: true })
    return online(`Server ${i + 1}`)
  })
}

function model(n: number, extra: Partial<ServerListModel> = {}): ServerListModel {
  return { claim: null, servers: servers(n), empty: null, status: null, ...extra }
}

function row(screen: ServerListScreen, i: number): Lightning.Element {
  return (screen as Lightning.Element).tag(`Viewport.List.Server${i}`) as Lightning.Element
}

describe('ServerListScreen', () => {
  let m: Mounted<ServerListScreen>
  let intents: ServerListIntent[]
  afterEach(() => m.destroy())

  function open(n: number, extra: Partial<ServerListModel> = {}): void {
    m = mount(ServerListScreen)
    intents = []
    m.component.onIntent = (i) => intents.push(i)
    m.component.render(model(n, extra))
    m.frame()
  }

  it('lists one server; OK chooses it and Back reports back', () => {
    open(1)
    expect(textOf(m.component, 'Title')).toBe('Choose a server')
    m.press('Up')
    m.press('Down')
    expect(m.component.focusedIndex).toBe(0)
    m.press('Enter')
    m.press('Back')
    expect(intents).toEqual([{ type: 'choose', index: 0 }, { type: 'back' }])
    expect(textOf(m.component, 'Position')).toBe('')
  })

  it('draws each status in words and chips', () => {
    open(6)
    const chips = (i: number) => row(m.component, i).tag('Content.Chips') as ChipRow
    expect(chips(0).labels).toEqual(['LAN', '12 ms', ''])
    expect((chips(0).childList.getAt(2) as Lightning.Element).tag('Icon')).toBeTruthy() // padlock: https
    expect(chips(4).labels).toEqual(['Remote', '48 ms']) // http: no padlock
    expect(textOf(row(m.component, 1), 'Content.Owner')).toBe('Shared by Alex')
    expect(textOf(row(m.component, 1), 'Content.Note')).toBe('Relay only — video quality is limited')
    expect(textOf(row(m.component, 2), 'Content.Sentence')).toBe('Offline — last seen 3 days ago')
    expect(textOf(row(m.component, 3), 'Content.Sentence')).toBe('Testing connections…')
    expect(chips(3).labels).toEqual([])
    // unreachable: faded, and the reason says so in words
    expect((row(m.component, 2).tag('Content') as Lightning.Element).alpha).toBeLessThan(1)
    expect((row(m.component, 0).tag('Content') as Lightning.Element).alpha).toBe(1)
    // the last chosen server has a check mark
    expect((row(m.component, 4).tag('Content.Check') as Lightning.Element).alpha).toBe(1)
    expect((row(m.component, 0).tag('Content.Check') as Lightning.Element).alpha).toBe(0)
  })

  it('cuts long names to one line and renders non-Latin names', () => {
    open(6)
    const name = row(m.component, 1).tag('Content.Name') as Lightning.Element
    expect(name.text?.text).toBe(LONG)
    expect(name.text).toMatchObject({ maxLines: 1, textOverflow: 'ellipsis', wordWrap: false })
    const other = row(m.component, 2).tag('Content.Name') as Lightning.Element
    expect(other.text?.text).toBe(NON_LATIN)
    expect(other.text?.fontFace).toBe('Regular')
  })

  it('says "Press OK to test again" on a focused unreachable row only', () => {
    open(6)
    expect(textOf(row(m.component, 2), 'Content.Note')).toBe('')
    m.press('Down')
    m.press('Down')
    expect(m.component.focusedIndex).toBe(2)
    expect(textOf(row(m.component, 2), 'Content.Note')).toBe('Press OK to test again')
    expect(row(m.component, 2).scale).toBe(1.04)
    m.press('Enter')
    expect(intents).toEqual([{ type: 'choose', index: 2 }])
    m.press('Down')
    expect(textOf(row(m.component, 2), 'Content.Note')).toBe('')
  })

  it('scrolls 40 servers to keep focus in view and shows the position', () => {
    vi.useFakeTimers()
    try {
      open(40)
      expect(textOf(m.component, 'Position')).toBe('1 of 40')
      for (let i = 0; i < 45; i++) m.press('Down')
      expect(m.component.focusedIndex).toBe(39)
      expect(m.component.firstVisibleRow).toBe(40 - SERVER_VISIBLE_ROWS)
      // a held key: the position is not redrawn on every press, but a quarter of a second on
      expect(textOf(m.component, 'Position')).toBe('1 of 40')
      vi.advanceTimersByTime(250)
      expect(textOf(m.component, 'Position')).toBe('40 of 40')
      for (let i = 0; i < 37; i++) {
        m.press('Up')
        vi.advanceTimersByTime(40) // a remote's key repeat
      }
      expect(m.component.focusedIndex).toBe(2)
      expect(m.component.firstVisibleRow).toBe(2)
      vi.advanceTimersByTime(250)
      expect(textOf(m.component, 'Position')).toBe('3 of 40')
      m.press('Enter')
      expect(intents).toEqual([{ type: 'choose', index: 2 }])
    } finally {
      vi.useRealTimers()
    }
  })

  it('redraws "N of 40" at most four times a second under a held key, and leaving ends its timer', () => {
    vi.useFakeTimers()
    try {
      open(40)
      const position = m.component.tag('Position') as Lightning.Element
      const drawn: string[] = []
      let last = textOf(m.component, 'Position')
      for (let i = 0; i < 30; i++) {
        m.press('Down')
        vi.advanceTimersByTime(40)
        const now = position.text!.text
        if (now !== last) drawn.push((last = now))
      }
      // 30 presses over 1.2 s: a label every 250 ms or so, never one per press
      expect(drawn.length).toBeGreaterThanOrEqual(4)
      expect(drawn.length).toBeLessThanOrEqual(6)
      m.press('Down')
      expect(vi.getTimerCount()).toBeGreaterThan(0)
      ;(m.component as Lightning.Element).parent!.childList.remove(m.component as Lightning.Element)
      expect(vi.getTimerCount()).toBe(0)
      expect(position.text!.text).toBe('32 of 40')
    } finally {
      vi.useRealTimers()
    }
  })

  it('draws the texts of rows beyond the view ahead while no key is pressed, so a row scrolling in draws none', () => {
    vi.useFakeTimers()
    const fillText = vi.spyOn(CanvasRenderingContext2D.prototype, 'fillText')
    const drawnNames = () => new Set(fillText.mock.calls.map((c) => String(c[0])).filter((t) => /^Server \d+$/.test(t)))
    try {
      open(40)
      const beyond = `Server ${SERVER_VISIBLE_ROWS + 5}`
      expect(drawnNames().has(beyond)).toBe(false)
      // a key was just pressed: nothing is drawn ahead for a while (it would be work a held key waits on)
      m.press('Down')
      vi.advanceTimersByTime(250)
      expect(drawnNames().has(beyond)).toBe(false)
      vi.advanceTimersByTime(5000)
      expect(drawnNames()).toContain('Server 40')
      expect(drawnNames()).toContain(beyond)
      expect(vi.getTimerCount()).toBe(0)
      // held Down through the list: no server name is drawn in any key's frame
      fillText.mockClear()
      for (let i = 0; i < 38; i++) m.press('Down')
      expect(m.component.focusedIndex).toBe(39)
      expect(drawnNames().size).toBe(0)
      expect(textOf(row(m.component, 39), 'Content.Name')).toBe('Server 40')
      // leaving ends the drawing ahead
      ;(m.component as Lightning.Element).parent!.childList.remove(m.component as Lightning.Element)
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      fillText.mockRestore()
      vi.useRealTimers()
    }
  })

  it('505 servers: only the rows in view (and one spare each side) exist, and they follow focus', async () => {
    open(505)
    const list = m.component.tag('Viewport.List') as Lightning.Element
    // top to bottom as shown (rows are reused as the list scrolls, so the tree's order is not the screen's)
    const names = () => [...list.children].sort((a, b) => a.y - b.y).map((r) => textOf(r, 'Content.Name'))
    expect(list.children.length).toBe(SERVER_VISIBLE_ROWS + 1)
    m.component.focus(500)
    for (let i = 0; i < 6; i++) m.press('Down')
    expect(m.component.focusedIndex).toBe(504)
    await vi.waitFor(() => expect(textOf(m.component, 'Position')).toBe('505 of 505'), { timeout: 1000, interval: 50 })
    expect(list.children.length).toBeLessThanOrEqual(SERVER_VISIBLE_ROWS + 2)
    expect(names()).toContain('Server 505')
    expect(names()).not.toContain('Server 1')
    // a status change of a row in view is drawn; one out of view has no row to draw
    const updated = servers(505)
    updated[503] = online('Server 504', { status: { kind: 'unreachable', reason: 'No connection answered' }, focusedHint: 'Press OK to test again' })
    m.component.render({ ...model(505), servers: updated })
    expect(textOf(row(m.component, 503), 'Content.Sentence')).toBe('No connection answered')
    expect(row(m.component, 504).scale).toBe(1.04)
    // rows scrolling in from above are drawn with their own server
    for (let i = 0; i < SERVER_VISIBLE_ROWS + 2; i++) m.press('Up')
    expect(m.component.focusedIndex).toBe(504 - SERVER_VISIBLE_ROWS - 2)
    expect(textOf(row(m.component, m.component.focusedIndex), 'Content.Name')).toBe(`Server ${504 - SERVER_VISIBLE_ROWS - 1}`)
    expect(list.children.length).toBeLessThanOrEqual(SERVER_VISIBLE_ROWS + 2)
    m.component.focus(0)
    expect(m.component.firstVisibleRow).toBe(0)
    expect(names().slice(0, 2)).toEqual(['Server 1', LONG])
    expect(list.children.length).toBe(SERVER_VISIBLE_ROWS + 1)
  }, 20_000)

  it('rows reused as the list scrolls show only their own server: words, chips, check mark and focus', () => {
    m = mount(ServerListScreen)
    // every kind of row next to every other, so a row taken over by the next server has something to leave behind
    const mixed = Array.from({ length: 30 }, (_, i): ServerRowSpec => {
      const name = `Mixed ${i + 1}`
      switch (i % 5) {
        case 0: return online(name, { status: { kind: 'online', via: 'LAN', latency: `${i + 1} ms`, secure: true, note: null } })
        case 1: return online(name, { owner: `Shared by Friend ${i}`, status: { kind: 'online', via: 'Relay', latency: `${i * 10} ms`, secure: false, note: 'Relay only — video quality is limited' } })
        case 2: return online(name, { status: { kind: 'unreachable', reason: 'Offline — last seen 3 days ago' }, focusedHint: 'Press OK to test again' })
        case 3: return online(name, { status: { kind: 'testing', text: 'Testing connections…' }, chosen: true })
        default: return online(name, { status: { kind: 'online', via: 'Remote', latency: `${i} ms`, secure: false, note: null } })
      }
    })
    m.component.render({ claim: null, servers: mixed, empty: null, status: null })
    m.frame()
    const list = m.component.tag('Viewport.List') as Lightning.Element
    const pitch = row(m.component, 1).y - row(m.component, 0).y
    expect(pitch).toBeGreaterThan(100)
    const check = () => {
      for (const r of list.children) {
        const index = Number(r.ref!.replace('Server', ''))
        const spec = mixed[index]!
        const st = spec.status
        const focused = index === m.component.focusedIndex
        expect(textOf(r, 'Content.Name'), r.ref).toBe(spec.name)
        expect(textOf(r, 'Content.Owner'), r.ref).toBe(spec.owner ?? '')
        expect((r.tag('Content.Chips') as ChipRow).labels, r.ref).toEqual(st.kind === 'online' ? [st.via, st.latency, ...(st.secure ? [''] : [])] : [])
        expect(textOf(r, 'Content.Sentence'), r.ref).toBe(st.kind === 'testing' ? st.text : st.kind === 'unreachable' ? st.reason : '')
        expect(textOf(r, 'Content.Note'), r.ref).toBe((focused ? spec.focusedHint : null) ?? (st.kind === 'online' ? (st.note ?? '') : ''))
        expect(r.tag('Content.Check')!.alpha, r.ref).toBe(spec.chosen ? 1 : 0)
        expect(r.scale, r.ref).toBe(focused ? 1.04 : 1)
        expect(r.y, r.ref).toBe(index * pitch)
      }
      expect(new Set(list.children.map((r) => r.ref)).size).toBe(list.children.length)
    }
    for (let i = 0; i < 29; i++) {
      m.press('Down')
      m.frame()
      check()
    }
    for (let i = 0; i < 29; i++) {
      m.press('Up')
      m.frame()
      check()
    }
    expect(m.component.focusedIndex).toBe(0)
  })

  it('focuses the preselected server and keeps focus across updates', () => {
    open(40)
    m.component.focus(30)
    expect(m.component.focusedIndex).toBe(30)
    expect(m.component.firstVisibleRow).toBe(30 - SERVER_VISIBLE_ROWS + 1)
    const updated = servers(40)
    updated[30] = online('Server 31', { status: { kind: 'unreachable', reason: 'No connection answered' }, focusedHint: 'Press OK to test again' })
    m.component.render({ ...model(40), servers: updated })
    expect(m.component.focusedIndex).toBe(30)
    expect(textOf(row(m.component, 30), 'Content.Sentence')).toBe('No connection answered')
    expect(textOf(row(m.component, 30), 'Content.Note')).toBe('Press OK to test again')
  })

  it('offers a claim row on top that reports claim; focus starts on the first server, Up reaches the claim row', () => {
    open(6, { claim: { label: 'Claim this server for Alice', detail: 'A new Plex Media Server on this network: Living Room' } })
    expect(m.component.claimFocused).toBe(false)
    expect(m.component.focusedIndex).toBe(0)
    expect(textOf(m.component, 'Viewport.List.Claim.Label')).toBe('Claim this server for Alice')
    m.press('Enter')
    m.press('Up')
    expect(m.component.claimFocused).toBe(true)
    m.press('Enter')
    m.press('Up')
    expect(m.component.claimFocused).toBe(true)
    expect(intents).toEqual([{ type: 'choose', index: 0 }, { type: 'claim' }])
    m.press('Down')
    expect(m.component.focusedIndex).toBe(0)
    // the claim row going away (claimed) keeps focus on the same server
    m.press('Down')
    expect(m.component.focusedIndex).toBe(1)
    m.component.render(model(6))
    expect(m.component.focusedIndex).toBe(1)
    expect(m.component.claimFocused).toBe(false)
  })

  it('the claim row answering before the servers does not keep focus: it moves to the first server when they come, unless a key moved it', () => {
    const claim = { label: 'Claim this server for Alice', detail: 'A new Plex Media Server on this network: Living Room' }
    // the local server's answer first, the account's servers later (the order a slow plex.tv gives)
    open(0, { claim })
    expect(m.component.claimFocused).toBe(true)
    m.component.render(model(3, { claim }))
    expect(m.component.claimFocused).toBe(false)
    expect(m.component.focusedIndex).toBe(0)
    m.press('Enter')
    expect(intents).toEqual([{ type: 'choose', index: 0 }])
    // a person who went up to the claim row stays there while the list updates
    m.press('Up')
    m.component.render(model(5, { claim }))
    expect(m.component.claimFocused).toBe(true)
  })

  it("shows the empty text and the model's status words", () => {
    open(0, { empty: 'No servers on this account yet', status: { text: "Couldn't load servers — plex.tv is not answering. Press OK to try again", tone: 'error' } })
    const texts = allTexts(m.component, true)
    expect(texts).toContain('No servers on this account yet')
    expect(texts).toContain("Couldn't load servers — plex.tv is not answering. Press OK to try again")
    m.press('Enter')
    m.press('Down')
    m.press('Back')
    // OK with nothing to choose asks to look again (the words say "Press OK to try again")
    expect(intents).toEqual([{ type: 'retry' }, { type: 'back' }])
    m.component.render(model(3, { status: { text: 'Testing connections…', tone: 'busy' } }))
    expect(allTexts(m.component, true)).not.toContain('No servers on this account yet')
  })
})
