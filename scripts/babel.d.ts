/** The two Babel calls scripts/dist.ts makes (Babel ships no types; only what is used is declared). */
declare module '@babel/core' {
  export interface TransformOptions {
    babelrc?: boolean
    configFile?: boolean
    compact?: boolean
    comments?: boolean
    sourceType?: 'script' | 'module'
    presets?: [unknown, Record<string, unknown>][]
  }
  export function transformAsync(code: string, opts: TransformOptions): Promise<{ code?: string | null } | null>
}
declare module '@babel/preset-env' {
  const preset: unknown
  export default preset
}
