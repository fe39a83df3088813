export { openEvents, MOSTLY_BAD } from './open-events.ts'
export { IngestError, type IngestErrorCode } from './errors.ts'
export { PRESETS, getPreset, parseMapArgs, presetForHeader, type Preset } from './mapping.ts'
export { detectFormat, expandInputs, type FileFormat, type InputFile } from './files.ts'
