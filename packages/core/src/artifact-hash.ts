import type { ModelArtifact } from './artifact-types.ts'
import { canonicalJson, sha256Hex } from './hash.ts'

/** The content hash of an artifact: `sha256-` + SHA-256 of the canonical JSON of all fields but `hash`. */
export function artifactHash(artifact: Omit<ModelArtifact, 'hash'> | ModelArtifact): string {
  const { hash: _ignored, ...rest } = artifact as ModelArtifact
  return `sha256-${sha256Hex(canonicalJson(rest))}`
}

/** Returns the artifact with its `hash` (re)computed. Use after building or editing an artifact. */
export function sealArtifact(artifact: Omit<ModelArtifact, 'hash'>): ModelArtifact {
  return { ...artifact, hash: artifactHash(artifact) }
}
