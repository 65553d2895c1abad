import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, sizes } from '../theme.js'

export interface CountdownSpec extends Lightning.Component.TemplateSpec {
  Label: object
  Track: { Fill: object }
}

/** "Code expires in 14:32" and a bar that shrinks with the time left. */
export class Countdown extends Lightning.Component<CountdownSpec> implements Lightning.Component.ImplementTemplateSpec<CountdownSpec> {
  readonly Label = this.getByRef('Label')!
  readonly Track = this.getByRef('Track')!

  static override _template(): Lightning.Component.Template<CountdownSpec> {
    return {
      Label: {
        text: { text: '', fontFace: fonts.regular, fontSize: sizes.small, textColor: colors.textDim },
      },
      Track: {
        y: 52,
        w: (w: number) => w,
        h: 10,
        rect: true,
        color: colors.barTrack,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 5 },
        Fill: { h: 10, rect: true, color: colors.accent, shader: { type: Lightning.shaders.RoundedRectangle, radius: 5 } },
      },
    }
  }

  /** Updates label and bar; `label` is already worded by the caller, `fraction` is 0..1 of the lifetime left. */
  show(label: string, fraction: number, tone: 'normal' | 'urgent'): void {
    const label_ = this.Label
    if (label_.text && label_.text.text !== label) label_.text.text = label
    label_.text!.textColor = tone === 'urgent' ? colors.warn : colors.textDim
    const fill = this.Track.tag('Fill')!
    fill.patch({ w: Math.max(0, Math.min(1, fraction)) * this.w, color: tone === 'urgent' ? colors.warn : colors.accent })
  }
}

/** m:ss for a count of seconds (never negative). */
export function formatMinutesSeconds(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds))
  const minutes = Math.floor(s / 60)
  const seconds = s % 60
  return `${minutes}:${seconds < 10 ? '0' : ''}${seconds}`
}
