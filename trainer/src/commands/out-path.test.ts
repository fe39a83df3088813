import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkOutPath } from './out-path.ts'

let tmp = ''
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'auspex-out-test-'))
  await writeFile(join(tmp, 'a-file'), 'x')
  await mkdir(join(tmp, 'a-folder'))
})
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

const reason = async (path: string, want: 'folder' | 'file') => checkOutPath('train', path, want).then(() => 'ok', (e: { code: string; message: string }) => `${e.code}: ${e.message}`)

describe('checkOutPath', () => {
  it('accepts new or existing folders and files, with missing parents', async () => {
    expect(await reason(join(tmp, 'a-folder'), 'folder')).toBe('ok')
    expect(await reason(join(tmp, 'new/deeper/model'), 'folder')).toBe('ok')
    expect(await reason(join(tmp, 'a-file'), 'file')).toBe('ok')
    expect(await reason(join(tmp, 'new/scores.csv'), 'file')).toBe('ok')
  })

  it('names the flag, the path and the problem', async () => {
    expect(await reason(join(tmp, 'a-file'), 'folder')).toBe(`USAGE: auspex train: --out ${join(tmp, 'a-file')}: a file is there; give a folder (it gets model.json, metrics.json and report.html)`)
    expect(await reason(join(tmp, 'a-folder'), 'file')).toMatch(/--out .*a-folder: a folder is there; give a file name ending in \.csv or \.jsonl$/)
    expect(await reason(join(tmp, 'a-file/sub/model'), 'folder')).toMatch(/a-file is a file, so no folder can be made under it$/)
    expect(await reason(join(tmp, 'a-file/scores.csv'), 'file')).toMatch(/a-file is a file, so no folder can be made under it$/)
  })

  it('refuses a folder it cannot write to', async () => {
    if (process.getuid?.() === 0) {
      // root may write to any folder, whatever its mode; /proc/sys refuses even root
      expect(await reason('/proc/sys/auspex-model', 'folder')).toMatch(/\/proc\/sys is not writable$/)
      return
    }
    const locked = join(tmp, 'locked')
    await mkdir(locked)
    await chmod(locked, 0o500)
    expect(await reason(join(locked, 'model'), 'folder')).toMatch(/locked is not writable$/)
  })
})
