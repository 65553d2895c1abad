/**
 * The last faults, for the Diagnostics screen: one line per episode, redacted so that no token, code or
 * pin id ever gets in.
 */
/** What went wrong lately, for the diagnostics screen: no tokens, codes or pin ids ever get in here. */
export interface ErrorEntry {
  at: number
  /** Which call: "getPin", "createPin", "getUser", "getHomeUsers", "getResources"… */
  request: string
  fault: string
  status: number | null
}

export class ErrorLog {
  private readonly entries: ErrorEntry[] = []
  constructor(private readonly size = 8) {}

  record(entry: ErrorEntry): void {
    const last = this.entries.at(-1)
    // one line per episode: a fault retried every few seconds is still one fault
    if (last && last.request === entry.request && last.fault === entry.fault && last.status === entry.status) {
      last.at = entry.at
      return
    }
    this.entries.push({ ...entry, request: redact(entry.request), fault: redact(entry.fault) })
    if (this.entries.length > this.size) this.entries.shift()
  }

  recent(): readonly ErrorEntry[] {
    return this.entries
  }
}

/** Anything that looks like a token (long run of letters, digits, -, _) or a pin id (6+ digits) → "…". */
export function redact(text: string): string {
  return text.replace(/[A-Za-z0-9_-]{20,}/g, '…').replace(/\d{6,}/g, '…')
}
