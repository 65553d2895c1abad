import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Lightning } from '@lightningjs/sdk'
import { UserPickerScreen, PICKER_COLUMNS, PICKER_VISIBLE_ROWS, type UserPickerIntent, type UserPickerModel, type UserTileSpec } from '../../src/ui/screens/UserPickerScreen.js'
import type { Avatar } from '../../src/ui/components/Avatar.js'
import type { ChipRow } from '../../src/ui/components/Chip.js'
import type { UserTile } from '../../src/ui/components/UserTile.js'
import { initialsOf } from '../../src/ui/components/Avatar.js'
import { colors } from '../../src/ui/theme.js'
import { mount, type Mounted } from '../support/mountLightning.js'
import { allTexts, textOf } from '../support/lightningTree.js'

const LONG = 'Maximilian Alexander von Hohenzollern-Sigmaringen the Third'
const NON_LATIN = '山田 太郎'

function users(n: number): UserTileSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    name: i === 1 ? LONG : i === 2 ? NON_LATIN : `User ${i + 1}`,
    thumb: `https://plex.tv/users/u${i}/avatar?c=1`,
    admin: i === 0,
    managed: i === 3,
    pinProtected: i === 0 || i === 4,
  }))
}

function model(n: number, extra: Partial<UserPickerModel> = {}): UserPickerModel {
  return { users: users(n), status: null, busy: false, ...extra }
}

function tile(screen: UserPickerScreen, i: number): UserTile {
  return (screen as Lightning.Element).tag(`Viewport.Grid.User${i}`) as UserTile
}

describe('UserPickerScreen', () => {
  let m: Mounted<UserPickerScreen>
  let intents: UserPickerIntent[]
  afterEach(() => m.destroy())

  function open(n: number, extra: Partial<UserPickerModel> = {}): void {
    m = mount(UserPickerScreen)
    intents = []
    m.component.onIntent = (i) => intents.push(i)
    m.component.render(model(n, extra))
    m.frame()
  }

  it('shows one user, centred, and OK chooses it; Back reports back', () => {
    open(1)
    expect(textOf(m.component, 'Title')).toBe("Who's watching?")
    expect(tile(m.component, 0).x).toBeGreaterThan(600) // centred, not stranded at the left
    m.press('Right')
    m.press('Down')
    expect(m.component.focusedIndex).toBe(0)
    m.press('Enter')
    m.press('Back')
    expect(intents).toEqual([{ type: 'choose', index: 0 }, { type: 'back' }])
    expect(textOf(m.component, 'Position')).toBe('')
  })

  it('moves focus in 2D across 6 users without wrapping, and shows focus by scale and a marker', () => {
    open(6)
    expect(PICKER_COLUMNS).toBe(5)
    m.press('Left')
    m.press('Up')
    expect(m.component.focusedIndex).toBe(0)
    m.press('Right')
    m.press('Right')
    expect(m.component.focusedIndex).toBe(2)
    m.press('Down') // row 2 holds only user 6: land on it
    expect(m.component.focusedIndex).toBe(5)
    m.press('Right')
    expect(m.component.focusedIndex).toBe(5)
    m.press('Up')
    expect(m.component.focusedIndex).toBe(0)
    m.press('Right')
    m.press('Enter')
    expect(intents).toEqual([{ type: 'choose', index: 1 }])
    const scales = Array.from({ length: 6 }, (_, i) => tile(m.component, i).scale)
    expect(scales).toEqual([1, 1.04, 1, 1, 1, 1])
    expect((tile(m.component, 1).tag('Marker') as Lightning.Element).alpha).toBe(1)
    expect((tile(m.component, 0).tag('Marker') as Lightning.Element).alpha).toBe(0)
    expect(m.component.firstVisibleRow).toBe(0)
    // the focused name is brighter by tint; its text (and so its texture) is the same as unfocused
    const name = (i: number) => tile(m.component, i).tag('Name') as Lightning.Element
    expect([name(0).color, name(1).color]).toEqual([colors.textDim, colors.text])
    expect(name(1).text).toMatchObject({ textColor: name(0).text!.textColor, fontFace: name(0).text!.fontFace })
  })

  it('scrolls 40 users so the focused row stays in view, and says where focus is', () => {
    vi.useFakeTimers()
    try {
    open(40)
    const rows = Math.ceil(40 / PICKER_COLUMNS)
    expect(rows).toBeGreaterThan(PICKER_VISIBLE_ROWS)
    expect(textOf(m.component, 'Position')).toBe('1 of 40')
    for (let i = 0; i < rows + 2; i++) m.press('Down')
    expect(m.component.focusedIndex).toBe(35)
    expect(m.component.firstVisibleRow).toBe(rows - PICKER_VISIBLE_ROWS)
    // pressed faster than a held key repeats: "N of 40" is redrawn a quarter of a second on
    expect(textOf(m.component, 'Position')).toBe('1 of 40')
    vi.advanceTimersByTime(250)
    expect(textOf(m.component, 'Position')).toBe('36 of 40')
    m.press('Right')
    m.press('Right')
    m.press('Right')
    m.press('Right')
    m.press('Right')
    expect(m.component.focusedIndex).toBe(39)
    m.press('Enter')
    expect(intents).toEqual([{ type: 'choose', index: 39 }])
    const focusedRow = Math.floor(m.component.focusedIndex / PICKER_COLUMNS)
    expect(focusedRow).toBeGreaterThanOrEqual(m.component.firstVisibleRow)
    expect(focusedRow).toBeLessThan(m.component.firstVisibleRow + PICKER_VISIBLE_ROWS)
    for (let i = 0; i < rows; i++) m.press('Up')
    expect(m.component.focusedIndex).toBe(4)
    expect(m.component.firstVisibleRow).toBe(0)
    vi.advanceTimersByTime(250)
    expect(textOf(m.component, 'Position')).toBe('5 of 40')
    } finally {
      vi.useRealTimers()
    }
  })

  it('keeps focus when the same list is rendered again, and takes the preselected user via focus()', () => {
    open(40)
    m.component.focus(23)
    expect(m.component.focusedIndex).toBe(23)
    expect(m.component.firstVisibleRow).toBe(Math.floor(23 / PICKER_COLUMNS) - PICKER_VISIBLE_ROWS + 1)
    m.component.render(model(40, { busy: true, status: { text: 'Switching to User 24…', tone: 'busy' } }))
    expect(m.component.focusedIndex).toBe(23)
    m.component.render(model(3))
    expect(m.component.focusedIndex).toBe(2) // clamped to the shorter list
  })

  it('cuts a long name to one line with an ellipsis and renders a non-Latin name with the Regular face', () => {
    open(6)
    const longName = tile(m.component, 1).tag('Name') as Lightning.Element
    expect(longName.text?.text).toBe(LONG)
    expect(longName.text).toMatchObject({ maxLines: 1, textOverflow: 'ellipsis', wordWrap: false, wordWrapWidth: expect.any(Number) })
    expect(longName.text!.wordWrapWidth).toBeLessThanOrEqual(300)
    const cjk = tile(m.component, 2).tag('Name') as Lightning.Element
    expect(cjk.text?.text).toBe(NON_LATIN)
    expect(cjk.text?.fontFace).toBe('Regular')
    expect((tile(m.component, 2).tag('Content.Avatar') as Avatar).initials).toBe('山太')
    expect(initialsOf('山田太郎')).toBe('山')
    expect(initialsOf('zoë')).toBe('Z')
  })

  it('draws badges as labelled chips, the PIN one with a padlock', () => {
    open(6)
    const badges = (i: number) => (tile(m.component, i).tag('Content.Badges') as ChipRow).labels
    expect(badges(0)).toEqual(['Admin', 'PIN'])
    expect(badges(3)).toEqual(['Managed'])
    expect(badges(4)).toEqual(['PIN'])
    expect(badges(5)).toEqual([])
    const pinChip = tile(m.component, 4).Content.tag('Badges')!.childList.getAt(0) as Lightning.Element
    expect(pinChip.tag('Icon')).toBeTruthy()
  })

  it('shows initials while the picture loads and keeps them when it fails', () => {
    open(1)
    const avatar = tile(m.component, 0).tag('Content.Avatar') as Avatar
    expect(avatar.pictureState).toBe('loading')
    expect(avatar.initials).toBe('U1')
    expect((avatar.tag('Circle') as Lightning.Element).alpha).toBe(1)
    ;(avatar.tag('Picture') as Lightning.Element).emit('txError', new Error('404'), null as never)
    expect(avatar.pictureState).toBe('failed')
    expect((avatar.tag('Circle') as Lightning.Element).alpha).toBe(1)
    expect(allTexts(avatar, true)).toEqual(['U1'])
  })

  it('lifts the initials once the picture has loaded', () => {
    open(1)
    const avatar = tile(m.component, 0).tag('Content.Avatar') as Avatar
    ;(avatar.tag('Picture') as Lightning.Element).emit('txLoaded', null as never)
    expect(avatar.pictureState).toBe('loaded')
    expect((avatar.tag('Circle') as Lightning.Element).alpha).toBe(0)
  })

  it("shows the model's busy and error words", () => {
    open(6, { busy: true, status: { text: 'Switching to Emma…', tone: 'busy' } })
    expect(allTexts(m.component, true)).toContain('Switching to Emma…')
    expect((tile(m.component, 1).tag('Content') as Lightning.Element).alpha).toBeLessThan(1)
    const error = "Couldn't switch to Emma — plex.tv is not answering. Press OK to try again"
    m.component.render(model(6, { status: { text: error, tone: 'error' } }))
    const texts = allTexts(m.component, true)
    expect(texts).toContain(error)
    expect(texts).not.toContain('Switching to Emma…')
    m.press('Enter')
    expect(intents).toEqual([{ type: 'choose', index: 0 }])
    m.component.render(model(6))
    expect(allTexts(m.component, true)).not.toContain(error)
  })

  it('shows the key hints', () => {
    open(6)
    const texts = allTexts(m.component.tag('Hints') as Lightning.Element)
    expect(texts).toEqual(['OK', 'Choose', 'Back', 'Back'])
  })

  it('makes the tiles below the fold ready a row at a time after the grid is drawn, and stops when it leaves', () => {
    vi.useFakeTimers()
    try {
      open(40)
      const lastRow = tile(m.component, 39)
      // rows are 352 px apart in a 700 px view: the fourth starts past Lightning's own 100 px margin
      const firstRowBelow = tile(m.component, 3 * PICKER_COLUMNS)
      // first frame: only the rows in or near the view are active (their pictures and texts loaded)
      expect(tile(m.component, 0).active).toBe(true)
      expect(firstRowBelow.active).toBe(false)
      vi.advanceTimersByTime(100)
      m.frame()
      expect(firstRowBelow.active).toBe(true)
      expect(lastRow.active).toBe(false)
      vi.advanceTimersByTime(1000)
      m.frame()
      expect(lastRow.active).toBe(true)
      expect(vi.getTimerCount()).toBe(0)
      // a new list of users starts again from the rows in view; leaving the screen ends the timer
      m.component.render(model(39))
      m.frame()
      expect(tile(m.component, 38).active).toBe(false)
      expect(vi.getTimerCount()).toBe(1)
      ;(m.component as Lightning.Element).parent!.childList.remove(m.component as Lightning.Element)
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('initialsOf', () => {
  it('takes whole characters, not halves of them', () => {
    expect(initialsOf('Emma Stone')).toBe('ES')
    expect(initialsOf('  ')).toBe('?')
    expect(initialsOf('e\u0301lodie')).toBe('E\u0301') // a decomposed é stays one letter
    expect(initialsOf('😀 Fan')).toBe('😀F')
    expect(initialsOf('محمد علي')).toBe('مع')
  })

  it('makes at most one grapheme segmenter for any number of names (making one is the slow part)', () => {
    const Real = Intl.Segmenter
    let made = 0
    const spy = vi.spyOn(Intl, 'Segmenter').mockImplementation(function (...args: ConstructorParameters<typeof Intl.Segmenter>) {
      made++
      return new Real(...args)
    } as unknown as typeof Intl.Segmenter)
    try {
      for (let i = 0; i < 40; i++) expect(initialsOf(`Üser ${i} Zoë`)).toBe('ÜZ')
    } finally {
      spy.mockRestore()
    }
    expect(made).toBeLessThanOrEqual(1)
  })
})
