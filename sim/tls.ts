/**
 * https for the fake Plex Media Servers, as real ones serve it: `https://<ip-dashed>.<hash>.plex.direct:PORT`
 * with a certificate for `*.<hash>.plex.direct` (plex-api.md §7.1, §13.8). At start the simulator creates
 * its own certificate authority and one server certificate naming every simulated server's plex.direct
 * wildcard. Nothing here is trusted by anything: the e2e suite tells Chromium to map `*.plex.direct` names to
 * loopback (`--host-resolver-rules`) and to accept this CA's key (`--ignore-certificate-errors-spki-list`),
 * in tests only (tests/support/chromium.ts).
 *
 * Keys come from node:crypto (Node 20 has no X.509 *signer*, only a parser), certificates are built and
 * signed with node-forge (pure JavaScript, no native build, used for this by many test tools).
 */
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto'
import forge from 'node-forge'

export interface SimulatorTls {
  /** The server certificate followed by the CA certificate (PEM): what each https endpoint presents. */
  chain: string
  /** The server certificate's private key (PEM). */
  key: string
  /** The simulator CA's certificate (PEM): trust it to verify the fake servers (Node tests pass it as `ca`). */
  caCert: string
  /** base64(sha256(SubjectPublicKeyInfo)) of the CA key: the value of Chromium's --ignore-certificate-errors-spki-list. */
  caSpkiHash: string
}

/**
 * The <hash> part of a server's plex.direct names: 32 hex characters, as in real plex.direct names. Real
 * servers get theirs from Plex; here it is derived from the server's clientIdentifier so it is stable.
 */
export function plexDirectHash(clientIdentifier: string): string {
  return createHash('sha256').update(`plex.direct:${clientIdentifier}`).digest('hex').slice(0, 32)
}

/** `127.0.0.12` + hash → `127-0-0-12.<hash>.plex.direct` (dots, or an IPv6 address's colons, become dashes). */
export function plexDirectName(address: string, hash: string): string {
  return `${address.replace(/[.:]/g, '-')}.${hash}.plex.direct`
}

function rsaKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
  return { privateKey, publicKey, forgePrivate: forge.pki.privateKeyFromPem(privateKey), forgePublic: forge.pki.publicKeyFromPem(publicKey) }
}

function serial(): string {
  // positive, 16 bytes of randomness (RFC 5280 §4.1.2.2)
  return `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`
}

/** A CA and one server certificate for `*.<hash>.plex.direct` per hash; valid from an hour ago for a week. */
export function createSimulatorTls(hashes: readonly string[], now = new Date()): SimulatorTls {
  const notBefore = new Date(now.getTime() - 3_600_000)
  const notAfter = new Date(now.getTime() + 7 * 86_400_000)
  const caName = [{ name: 'commonName', value: 'PlexLink TV simulator CA (tests only)' }]
  const newCert = (publicKey: forge.pki.PublicKey, subject: forge.pki.CertificateField[]) => {
    const c = forge.pki.createCertificate()
    c.publicKey = publicKey
    c.serialNumber = serial()
    c.validity.notBefore = notBefore
    c.validity.notAfter = notAfter
    c.setSubject(subject)
    c.setIssuer(caName)
    return c
  }
  const ca = rsaKeys()
  const caCert = newCert(ca.forgePublic, caName)
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ])
  caCert.sign(ca.forgePrivate, forge.md.sha256.create())

  const leaf = rsaKeys()
  const cert = newCert(leaf.forgePublic, [{ name: 'commonName', value: `*.${hashes[0] ?? 'none'}.plex.direct` }])
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // browsers read only subjectAltName (type 2 = dNSName)
    { name: 'subjectAltName', altNames: hashes.map((h) => ({ type: 2, value: `*.${h}.plex.direct` })) },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ])
  cert.sign(ca.forgePrivate, forge.md.sha256.create())

  const caPem = forge.pki.certificateToPem(caCert)
  const spki = createPublicKey(ca.publicKey).export({ type: 'spki', format: 'der' })
  return {
    chain: forge.pki.certificateToPem(cert) + caPem,
    key: leaf.privateKey,
    caCert: caPem,
    caSpkiHash: createHash('sha256').update(spki).digest('base64'),
  }
}
