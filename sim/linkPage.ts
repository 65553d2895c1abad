/**
 * The simulator's stand-in for plex.tv/link on a phone: choose who you are signed in as, type the
 * code (case and spaces don't matter), press Link. The answer is decided exactly as
 * PUT /api/v2/pins/link decides it. `?pin=CODE` prefills the code, as the TV's QR code does.
 */
export interface LinkPageModel {
  accounts: { key: string; user: { title: string; email: string } }[]
  selected: string
  code: string
  result: 'linked' | 'not-found' | null
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function linkPageHtml(m: LinkPageModel): string {
  const options = m.accounts
    .map((a) => `<option value="${esc(a.key)}"${a.key === m.selected ? ' selected' : ''}>${esc(a.user.title)} (${esc(a.user.email)})</option>`)
    .join('')
  const result =
    m.result === 'linked'
      ? '<p id="result" class="ok" role="status">Linked! Your TV will continue by itself.</p>'
      : m.result === 'not-found'
        ? '<p id="result" class="bad" role="alert">Code not found or expired. Check the code on your TV and try again.</p>'
        : '<p id="result" role="status"></p>'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Link a device — plex.tv simulator</title>
<style>
  body { font: 18px/1.4 system-ui, sans-serif; background: #1f2326; color: #eee; margin: 0; padding: 24px; }
  main { max-width: 420px; margin: 0 auto; }
  h1 { font-size: 28px; } label { display: block; margin: 20px 0 6px; color: #bbb; }
  select, input, button { width: 100%; box-sizing: border-box; font-size: 22px; padding: 12px; border-radius: 8px; border: 1px solid #555; background: #2b3034; color: #fff; }
  input { font: 700 40px/1 ui-monospace, monospace; letter-spacing: .3em; text-transform: uppercase; text-align: center; }
  button { margin-top: 24px; background: #e5a00d; color: #000; font-weight: 700; border: 0; }
  .ok { color: #7ee2a8; font-weight: 700; } .bad { color: #ff8b8b; font-weight: 700; }
  small { color: #999; }
</style></head>
<body><main>
<h1>Link a device</h1>
<p>Enter the 4-character code shown on your TV.</p>
<form method="post" action="/link">
  <label for="account">Signed in as</label>
  <select id="account" name="account">${options}</select>
  <label for="code">Code</label>
  <input id="code" name="code" value="${esc(m.code)}" autocomplete="off" autocapitalize="characters" maxlength="12" required>
  <button id="submit" type="submit">Link</button>
</form>
${result}
<p><small>plex.tv simulator — stands in for plex.tv/link in tests and the offline demo.</small></p>
</main></body></html>`
}
