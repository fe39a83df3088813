/** What a build read, and where it went (bundle.mjs). */
export interface BuildRecord {
  builder: number
  /** the build's folder in the bundle directory */
  dir: string
  builtAt: string
  /** [absolute path, modification time in ms, size in bytes] of every file the build read */
  inputs: Array<[string, number, number]>
}
export declare const BUILDER: number
export declare function bundleDir(): string
export declare function isFresh(record: BuildRecord | undefined): boolean
export declare function buildBundle(dir?: string): Promise<BuildRecord>
export declare function cliEntry(dir?: string): Promise<string | undefined>
