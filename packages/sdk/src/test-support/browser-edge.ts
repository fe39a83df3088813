import type { ModelArtifact } from '@auspex/core'

let spaces = 0

/** A fresh space on the stand-in edge (see test-server/edge-plugin.ts): its endpoint and controls. */
export function edgeSpace() {
  const name = `s${Date.now()}-${++spaces}`
  const endpoint = `${location.origin}/__edge/${name}`
  const control = (body: Record<string, unknown>) => fetch(`${endpoint}/__control`, { method: 'POST', body: JSON.stringify(body) }).then(() => {})
  return {
    name,
    endpoint,
    serve: (artifact: ModelArtifact | string) => control({ goal: artifact && typeof artifact === 'object' ? artifact.goal.name : 'purchase-30d', body: typeof artifact === 'string' ? artifact : JSON.stringify(artifact) }),
    setDown: (down: boolean) => control({ down }),
    /** What `POST v1/profiles/:id/state` answers for `grant`: the edge's `{ profileId, goals }`. */
    serveProfile: (id: string, grant: string, answer: unknown) => control({ profile: { id, grant, body: JSON.stringify(answer) } }),
    serveSegments: (version: string, segments: unknown[]) => control({ segments: JSON.stringify({ version, segments }) }),
    telemetry: async () => (await (await fetch(`${endpoint}/__telemetry`)).json()) as Array<{ goal: string; version: string; day: string; histogram: number[] }>,
    requests: async () => (await (await fetch(`${endpoint}/__requests`)).json()) as Array<{ goal: string; ifNoneMatch: string | null; status: number }>,
  }
}

/** Names of the IndexedDB databases on this origin. */
export async function databases(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '')
}
