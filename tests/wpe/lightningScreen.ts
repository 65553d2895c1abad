/**
 * Reads what Lightning drew, from outside the app, in any engine: a function body for WebDriver's
 * execute/sync or Playwright's evaluate that walks the render tree from the page's global `app` (lng dist's
 * index.html declares it) and returns the text of every text element whose texture is on screen (attached,
 * active, with a displayed texture), in tree order. Dist builds have no inspector; this needs none.
 */
export const DRAWN_TEXTS = `
  var app0 = (0, eval)('typeof app === "undefined" ? undefined : app');
  if (!app0) return [];
  var out = [];
  var walk = function (el) {
    var t = el.texture;
    if (t && typeof t.text === 'string' && t.text !== '' && el.attached && el.__active && el.displayedTexture) out.push(t.text);
    var kids = el.__childList ? el.childList.get() : [];
    for (var i = 0; i < kids.length; i++) walk(kids[i]);
  };
  walk(app0);
  return out;`

/** The 4-character link code among the drawn texts (the cells after "Enter this code:"), or ''. */
export function codeIn(texts: string[]): string {
  const i = texts.findIndex((t) => /code:?$/i.test(t))
  const cells = i < 0 ? [] : texts.slice(i + 1, i + 5)
  const code = cells.join('')
  return cells.length === 4 && cells.every((c) => c.length === 1) && /^[A-Z0-9]{4}$/.test(code) ? code : ''
}

/** The server list has settled: its title is up and no row or status says it is still testing. */
export function serverListSettled(texts: string[]): boolean {
  return texts.includes('Choose a server') && texts.some((t) => /^Offline/.test(t)) && !texts.some((t) => /Testing connections/.test(t))
}
