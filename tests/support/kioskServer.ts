import { spawn } from 'node:child_process'

/** Runs kiosk/serve.py as the kiosk script does, on a free port; resolves with its URL and a stop(). */
export async function startKioskServer(appDir: string, settingsFile: string, deviceNameFile: string): Promise<{ url: string; stop(): void }> {
  const server = spawn('python3', ['kiosk/serve.py', appDir, '--port', '0', '--settings', settingsFile, '--device-name-file', deviceNameFile])
  const url = await new Promise<string>((ok, fail) => {
    server.stdout.on('data', (d: Buffer) => {
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(d.toString())
      if (m) ok(m[0])
    })
    server.on('exit', (code) => fail(new Error(`serve.py exited ${code}`)))
  })
  return { url, stop: () => void server.kill() }
}
