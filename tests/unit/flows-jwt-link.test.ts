/**
 * Linking with the key (src/flows/jwt/linkProof.ts) against the simulator on a fake clock: the device JWT
 * that rides on the polls of a 15-minute pin is renewed before it expires, from a handful of nonces, never
 * one per poll; a refused proof is replaced; the auth setting and what a sign-out throws away.
 */
import { describe, expect, it } from 'vitest'
import { afterSignOut, fetchProof, linksWithKey, proofStep, reduceProof, type PollProof } from '../../src/flows/jwt/linkProof.js'
import { createPlexJwtClient, signDeviceJwt } from '../../src/plex/jwt.js'
import { readPlexJwt } from '../../src/plex/jwtCodec.js'
import { newDeviceKey, simOnFakeClock, tvIdentity } from '../sim/jwtWorld.js'

const world = simOnFakeClock(Date.UTC(2026, 11, 2, 10, 0, 0))
const { clock } = world

describe('the device JWT on the polls of a JWK pin', () => {
  it('polls every 5 s (the pace of the Roku client of Plex) for 13 minutes on four nonces, then gets the Plex JWT when the code is linked', async () => {
    const clientIdentifier = 'jwt-link-proof-1'
    const key = await newDeviceKey('webcrypto', () => clock.now)
    const api = createPlexJwtClient({ baseUrl: world.sim.url, identity: tvIdentity(clientIdentifier), timeoutMs: 3000 })
    const pin = await api.createPin(key.jwk)
    // plex.tv's clock from the pin it just made (its Date header is hidden from a browser, plex-api.md §0)
    const offsetMs = Date.parse(pin.createdAt) - clock.now
    let proof: PollProof = { kind: 'none' }
    let polls = 0
    let token: string | null = null
    for (let second = 0; second < 14 * 60 && token === null; second += 5) {
      proof = fetchProof(proof, clock.now)
      for (let step = proofStep(proof, clock.now); 'need' in step; step = proofStep(proof, clock.now)) {
        if (step.need === 'nonce' || step.need === 'wait') proof = reduceProof(proof, { type: 'nonce', nonce: await api.getNonce() })
        else if (proof.kind === 'signing') {
          const deviceJwt = await signDeviceJwt(key, { nonce: proof.nonce, clientIdentifier, serverNowSec: Math.floor((clock.now + offsetMs) / 1000) })
          proof = reduceProof(proof, { type: 'signed', deviceJwt, at: clock.now })
        }
      }
      const step = proofStep(proof, clock.now)
      if (!('poll' in step)) throw new Error('no proof')
      if (second === 13 * 60) expect(await world.sim.link(pin.code, 'owner')).toBe(204)
      token = (await api.pollPin(pin.id, step.poll)).authToken
      polls++
      clock.now += 5000
    }
    expect(polls).toBe((13 * 60) / 5 + 1)
    expect(readPlexJwt(token!, clientIdentifier)!.thumbprint).toBe(key.jwk.kid)
    const nonces = (await world.sim.log()).filter((e) => e.path === '/api/v2/auth/nonce')
    expect(nonces.map((e) => e.status)).toEqual([200, 200, 200, 200])
  }, 30_000) // about 160 real HTTP round trips: seconds on a loaded 2-core machine; nothing here measures speed

  it('a proof plex.tv refuses (422) is dropped and a fresh one fetched; a failed nonce starts over', () => {
    const ready: PollProof = { kind: 'ready', deviceJwt: 'a.b.c', expiresAt: 300_000 }
    expect(proofStep(ready, 0)).toEqual({ poll: 'a.b.c' })
    expect(proofStep(ready, 240_001)).toEqual({ need: 'nonce' })
    expect(fetchProof(ready, 240_001)).toEqual({ kind: 'fetchingNonce' })
    expect(reduceProof(ready, { type: 'rejected' })).toEqual({ kind: 'none' })
    expect(reduceProof({ kind: 'fetchingNonce' }, { type: 'failed' })).toEqual({ kind: 'none' })
    // answers that arrive out of turn change nothing
    expect(reduceProof(ready, { type: 'nonce', nonce: 'n' })).toBe(ready)
    expect(reduceProof({ kind: 'none' }, { type: 'signed', deviceJwt: 'x', at: 0 })).toEqual({ kind: 'none' })
  })
})

describe('the auth setting and sign-outs', () => {
  it('auto and jwt link with a key where there is one; legacy never does; no key → legacy link', () => {
    expect([linksWithKey('auto', true), linksWithKey('jwt', true), linksWithKey('legacy', true)]).toEqual([true, true, false])
    expect([linksWithKey('auto', false), linksWithKey('jwt', false)]).toEqual([false, false])
  })

  it('a key plex.tv no longer takes means a new key and a new client identifier; a dead legacy token just links again', () => {
    for (const reason of ['keyRejected', 'thumbprintTaken', 'keyLost', 'revoked'] as const) expect(afterSignOut(reason, true)).toEqual({ forgetKey: true, newClientIdentifier: true })
    expect(afterSignOut('unauthorized', false)).toEqual({ forgetKey: false, newClientIdentifier: false })
    // signing out on the TV: a TV that held a Plex JWT links again as a new device; a legacy one keeps its identity
    expect(afterSignOut('menu', true)).toEqual({ forgetKey: true, newClientIdentifier: true })
    expect(afterSignOut('menu', false)).toEqual({ forgetKey: false, newClientIdentifier: false })
    expect(afterSignOut('unauthorized', true)).toEqual({ forgetKey: true, newClientIdentifier: true })
  })
})
