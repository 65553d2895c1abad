/** The one jsdom call tests/unit/packaging.test.ts makes: an XML document (jsdom ships no types). */
declare module 'jsdom' {
  export class JSDOM {
    constructor(markup: string, options?: { contentType?: string })
    readonly window: { document: Document }
  }
}
