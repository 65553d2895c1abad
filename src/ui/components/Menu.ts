import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, sizes } from '../theme.js'
import { modalOverlay } from './modal.js'
import { oneLine } from './textStyle.js'

export interface MenuItem {
  id: string
  label: string
}

const ITEM_W = 720
const ITEM_H = 88
const GAP = 16

export interface MenuSpec extends Lightning.Component.TemplateSpec {
  Panel: { Title: object; Items: object }
}

/**
 * A modal list opened with Back: Up/Down move, OK chooses, Back closes. Focus is shown by a
 * brighter panel, a larger scale and a marker bar, not by colour alone.
 */
export class Menu extends Lightning.Component<MenuSpec> implements Lightning.Component.ImplementTemplateSpec<MenuSpec> {
  readonly Panel = this.getByRef('Panel')!
  readonly Items = this.Panel.getByRef('Items')!
  onChoose: (id: string) => void = () => {}
  onClose: () => void = () => {}
  private items: MenuItem[] = []
  private index = 0

  static override _template(): Lightning.Component.Template<MenuSpec> {
    return modalOverlay({
      w: ITEM_W + 96,
      Title: { x: 48, y: 40, text: { text: '', fontFace: fonts.bold, fontSize: sizes.heading, textColor: colors.text } },
      Items: { x: 48, y: 124, w: ITEM_W },
    })
  }

  open(title: string, items: MenuItem[], focusId?: string): void {
    this.items = items
    this.index = Math.max(
      0,
      items.findIndex((i) => i.id === focusId),
    )
    this.Panel.tag('Title')!.text!.text = title
    this.Items.children = items.map((item, i) => ({
      ref: `Item_${item.id}`,
      y: i * (ITEM_H + GAP),
      w: ITEM_W,
      h: ITEM_H,
      rect: true,
      color: colors.panel,
      pivotX: 0.5,
      shader: { type: Lightning.shaders.RoundedRectangle, radius: 14 },
      Marker: { x: 0, y: 14, w: 8, h: ITEM_H - 28, rect: true, color: colors.accent, alpha: 0 },
      Label: {
        x: 36,
        y: ITEM_H / 2 + 2,
        mountY: 0.5,
        // one line, cut with an ellipsis: a device name can be 40 characters
        text: { ...oneLine(ITEM_W - 72, sizes.body, colors.textDim), text: item.label },
      },
    }))
    this.Panel.h = 124 + items.length * (ITEM_H + GAP) + 32
    this.visible = true
    this.highlight()
  }

  get focusedId(): string | undefined {
    return this.items[this.index]?.id
  }

  private highlight(): void {
    this.Items.children.forEach((child, i) => {
      const focused = i === this.index
      child.patch({
        color: focused ? colors.panelFocused : colors.panel,
        scale: focused ? 1.04 : 1,
        Marker: { alpha: focused ? 1 : 0 },
        Label: { text: { textColor: focused ? colors.text : colors.textDim, fontFace: focused ? fonts.bold : fonts.regular } },
      })
    })
  }

  override _handleUp(): void {
    if (this.index > 0) {
      this.index--
      this.highlight()
    }
  }

  override _handleDown(): void {
    if (this.index < this.items.length - 1) {
      this.index++
      this.highlight()
    }
  }

  override _handleEnter(): void {
    const id = this.focusedId
    if (id) this.onChoose(id)
  }

  override _handleBack(): void {
    this.onClose()
  }
}
