/**
 * What is remembered after linking and the launch policy: the user token only for unprotected users,
 * never a PIN, a protected user asked for the PIN again, and every stored combination → its next step.
 */
import { describe, expect, it } from 'vitest'
import { decideLaunch, loadSelection, rememberServer, rememberUser, type StoredSelection } from '../../src/flows/launch/selection.js'
import { signOut } from '../../src/flows/startup/startup.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { storageKeys } from '../../src/platform/storageKeys.js'

const ACCOUNT = { id: 1001, title: 'Alice' }
const KIDS = { uuid: 'kids0uuid', title: 'Kids', protected: false }
const OWNER = { uuid: 'owner0uuid', title: 'Alice', protected: true }
const SERVER = { clientIdentifier: 'a1f4c9e2b7d3', name: 'Basement' }
const CONNECTION = { uri: 'https://192-168-1-20.a1f4c9e2b7d3.plex.direct:32400', kind: 'local' as const }

function sel(over: Partial<StoredSelection>): StoredSelection {
  return { account: ACCOUNT, user: KIDS, userToken: 'kids-token', server: SERVER, connection: CONNECTION, ...over }
}

describe('decideLaunch', () => {
  it('maps every stored combination to the next step', () => {
    expect(decideLaunch(null, 1001)).toEqual({ step: 'pick-user' })
    // A selection made by another account is ignored.
    expect(decideLaunch(sel({}), 2002)).toEqual({ step: 'pick-user' })
    expect(decideLaunch(sel({ user: null, userToken: null }), 1001)).toEqual({ step: 'pick-user' })
    // Protected: the PIN again, whatever else is stored.
    expect(decideLaunch(sel({ user: OWNER, userToken: null }), 1001)).toEqual({ step: 'enter-pin-for', uuid: OWNER.uuid, title: 'Alice' })
    expect(decideLaunch(sel({ user: OWNER, userToken: 'leaked' }), 1001)).toEqual({ step: 'enter-pin-for', uuid: OWNER.uuid, title: 'Alice' })
    // Unprotected without a token: pick again (nothing to resume with).
    expect(decideLaunch(sel({ userToken: null }), 1001)).toEqual({ step: 'pick-user' })
    // Unprotected with a token: resumed.
    expect(decideLaunch(sel({ server: null, connection: null }), 1001)).toEqual({ step: 'pick-server', user: KIDS, userToken: 'kids-token' })
    // A remembered server is raced again (its addresses may have changed), with or without a stored connection.
    expect(decideLaunch(sel({ connection: null }), 1001)).toEqual({ step: 'race-server', user: KIDS, userToken: 'kids-token', server: SERVER })
    expect(decideLaunch(sel({}), 1001)).toEqual({ step: 'race-server', user: KIDS, userToken: 'kids-token', server: SERVER })
  })

  it('after the PIN pad, a protected user continues with the token of this run', () => {
    expect(decideLaunch(sel({ user: OWNER, userToken: null }), 1001, 'owner-token')).toEqual({ step: 'race-server', user: OWNER, userToken: 'owner-token', server: SERVER })
  })
})

describe('remember / load / clear', () => {
  it('stores the user token only for an unprotected user', () => {
    const store = new MemoryStore()
    rememberUser(store, ACCOUNT, KIDS, 'kids-token')
    expect(loadSelection(store)).toEqual({ account: ACCOUNT, user: KIDS, userToken: 'kids-token', server: null, connection: null })
    rememberUser(store, ACCOUNT, OWNER, 'owner-token')
    expect(loadSelection(store)?.userToken).toBeNull()
    expect(store.get(storageKeys.selection)).not.toContain('owner-token')
  })

  it("keeps the user's picture for Ready; a selection stored without one (an older version) still loads", () => {
    const store = new MemoryStore()
    const thumb = 'https://plex.tv/users/kids0uuid/avatar?c=1'
    rememberUser(store, ACCOUNT, { ...KIDS, thumb }, 'kids-token')
    expect(loadSelection(store)?.user).toEqual({ ...KIDS, thumb })
    // as an older version wrote it: no thumb field
    store.set(storageKeys.selection, JSON.stringify({ v: 1, account: ACCOUNT, user: KIDS, userToken: 'kids-token', server: SERVER, connection: CONNECTION }))
    expect(loadSelection(store)).toEqual(sel({}))
    expect(decideLaunch(loadSelection(store), ACCOUNT.id)).toEqual({ step: 'race-server', user: KIDS, userToken: 'kids-token', server: SERVER })
    // a picture that is not a string (or absurdly long) is left out; the rest of the choice stays
    for (const bad of [42, { src: thumb }, `https://plex.tv/${'a'.repeat(3000)}`]) {
      store.set(storageKeys.selection, JSON.stringify({ v: 1, account: ACCOUNT, user: { ...KIDS, thumb: bad }, userToken: 'kids-token', server: null, connection: null }))
      expect(loadSelection(store)?.user).toEqual(KIDS)
    }
  })

  it('keeps the server when the same user is remembered again; drops it for another user', () => {
    const store = new MemoryStore()
    rememberUser(store, ACCOUNT, KIDS, 'kids-token')
    expect(rememberServer(store, SERVER, CONNECTION)).toBe(true)
    rememberUser(store, ACCOUNT, KIDS, 'kids-token-2')
    expect(loadSelection(store)).toMatchObject({ userToken: 'kids-token-2', server: SERVER, connection: CONNECTION })
    rememberUser(store, ACCOUNT, OWNER, 'owner-token')
    expect(loadSelection(store)).toMatchObject({ user: OWNER, server: null, connection: null })
  })

  it('a server is only remembered once a user is', () => {
    const store = new MemoryStore()
    expect(rememberServer(store, SERVER, CONNECTION)).toBe(false)
    expect(store.get(storageKeys.selection)).toBeNull()
  })

  it('sign-out removes the selection', () => {
    const store = new MemoryStore()
    rememberUser(store, ACCOUNT, KIDS, 'kids-token')
    rememberServer(store, SERVER, CONNECTION)
    signOut(store)
    expect(store.get(storageKeys.selection)).toBeNull()
    expect(decideLaunch(loadSelection(store), 1001)).toEqual({ step: 'pick-user' })
  })

  it('unreadable or tampered values are ignored safely', () => {
    const store = new MemoryStore()
    store.set(storageKeys.selection, '{not json')
    expect(loadSelection(store)).toBeNull()
    store.set(storageKeys.selection, JSON.stringify({ v: 2, account: ACCOUNT }))
    expect(loadSelection(store)).toBeNull()
    // A token written next to a protected user (by an old build, or by hand) is never used.
    store.set(storageKeys.selection, JSON.stringify({ v: 1, account: ACCOUNT, user: OWNER, userToken: 'owner-token', server: SERVER, connection: { uri: 'x', kind: 'bogus' } }))
    expect(loadSelection(store)).toEqual({ account: ACCOUNT, user: OWNER, userToken: null, server: SERVER, connection: null })
  })
})
