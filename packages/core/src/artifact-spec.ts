import { AuspexError } from './errors.ts'
import type { ModelArtifact } from './artifact-types.ts'
import type { FeatureEngine } from './feature-engine.ts'

/**
 * The artifact's feature spec must be exactly what core builds from its config and goal: a term can then only
 * read a feature this build computes, and labels are this build's (an edited spec is refused, not trusted).
 * @throws {AuspexError} `INVALID_MODEL` naming `features.spec` or the first feature that differs.
 */
export function assertSpec(artifact: ModelArtifact, engine: FeatureEngine): void {
  const built = engine.spec
  const given = artifact.features.spec
  if (given.length !== built.length) {
    throw new AuspexError('INVALID_MODEL', `the spec has ${given.length} features, but its config and goal make ${built.length}: the artifact was edited or built by another version`, { path: 'features.spec' })
  }
  given.forEach((f, i) => {
    const b = built[i]!
    if (f.code !== b.code || f.template !== b.template || f.unit !== b.unit || f.name !== b.name || f.missing !== b.missing) {
      throw new AuspexError('INVALID_MODEL', `feature ${JSON.stringify(f.code)} is not what the config and goal make here (${JSON.stringify(b.code)}): the artifact was edited or built by another version`, { path: `features.spec[${i}]` })
    }
  })
}
