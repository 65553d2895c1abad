/**
 * The key map chosen per platform: arrows, OK and every remote's Back on each; Tizen's and webOS's own
 * codes; Android's KEYCODE_BACK; digits from every row; Tizen key registration and exit where allowed.
 */
import { describe, expect, it } from 'vitest'
import { detectPlatform } from '../../src/platform/identity.js'
import { digitOf, keyMapFor, platformExit, registerPlatformKeys, remoteFamily, type RemoteFamily } from '../../src/platform/keys.js'

const UA = {
  tizen: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36',
  webos: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager',
  android: 'Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7233) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Mobile Safari/537.36',
  desktop: 'Mozilla/5.0 (X11; Linux aarch64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
}

describe.each(Object.entries(UA) as [RemoteFamily, string][])('%s', (family, ua) => {
  it('is recognised from its user agent, with arrows, OK and a keyboard Back', () => {
    expect(remoteFamily(detectPlatform(ua))).toBe(family)
    const map = keyMapFor(family)
    expect([map[37], map[38], map[39], map[40], map[13]]).toEqual(['Left', 'Up', 'Right', 'Down', 'Enter'])
    expect([map[8], map[27], map[166]]).toEqual(['Back', 'Back', 'Back'])
  })
})

describe('platform keys', () => {
  it("Tizen: Back 10009, Exit 10182 and the colour keys; webOS: Back 461; Android: KEYCODE_BACK 4", () => {
    expect(keyMapFor('tizen')).toMatchObject({ 10009: 'Back', 10182: 'Exit', 403: 'Red', 406: 'Blue' })
    expect(keyMapFor('webos')).toMatchObject({ 461: 'Back', 404: 'Green' })
    expect(keyMapFor('android')[4]).toBe('Back')
    expect(keyMapFor('desktop')[4]).toBeUndefined() // keyCode 4 means nothing on a keyboard
  })

  it('digits from the main row, the numpad and key names', () => {
    expect([digitOf({ keyCode: 48 }), digitOf({ keyCode: 57 }), digitOf({ keyCode: 96 }), digitOf({ keyCode: 105 }), digitOf({ key: '7' }), digitOf({ keyCode: 65 })]).toEqual([0, 9, 0, 9, 7, null])
  })

  it('Tizen registers the number and colour keys; elsewhere nothing is registered', () => {
    const registered: string[][] = []
    const tizen = { tvinputdevice: { registerKeyBatch: (keys: string[]) => void registered.push(keys) } }
    expect(registerPlatformKeys({ tizen })).toContain('5')
    expect(registered[0]).toEqual(expect.arrayContaining(['0', '9', 'ColorF0Red', 'ColorF3Blue']))
    expect(registerPlatformKeys({})).toEqual([])
  })

  it('exit is offered where the platform allows it, not in a browser', () => {
    let exited = ''
    platformExit({ tizen: { application: { getCurrentApplication: () => ({ exit: () => (exited = 'tizen') }) } } })!()
    expect(exited).toBe('tizen')
    platformExit({ webOS: { platformBack: () => (exited = 'webos') } })!()
    expect(exited).toBe('webos')
    // a webOS app without LG's webOSTV.js has only the platform's PalmSystem (a method: called on it)
    const palmSystem = { left: false, platformBack(this: { left: boolean }) { this.left = true } }
    platformExit({ PalmSystem: palmSystem })!()
    expect(palmSystem.left).toBe(true)
    expect(platformExit({})).toBeNull()
  })
})
