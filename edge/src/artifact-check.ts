import { isAuspexError, loadModel, type ModelArtifact } from '@auspex/core'
import { EdgeError } from './errors.ts'

/**
 * Loads an uploaded artifact with core exactly as the SDK and the score route will (`loadModel`: the format, every
 * field, the hash, the feature engine built from config and goal, the spec equal to what that engine makes, every
 * term's feature, the config's bounds), so the edge never stores a model that it or a browser would then refuse.
 * @throws {EdgeError} 422 with core's code (`INVALID_MODEL`, `MODEL_HASH_MISMATCH`, `UNSUPPORTED_FORMAT_VERSION`) and
 * a message that starts with the JSON path (`features.spec[3]: …`).
 */
export function loadArtifact(raw: unknown): ModelArtifact {
  try {
    return loadModel(raw).artifact
  } catch (error) {
    if (isAuspexError(error)) throw new EdgeError(422, error.code, error.message)
    throw error
  }
}
