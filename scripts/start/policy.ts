/**
 * The demo's quality floors. The edge refuses to activate a model below its goal's policy (default: hold-out AUC
 * 0.65 and Customer AI's 500 positive / 500 negative examples). The demo shop's test splits are small (≈ 90–160
 * positives, ≈ 180 negatives for churn-90d), so `pnpm start` states its own floors for its goals, openly, instead
 * of forcing the activations: a model that ranks no better than AUC 0.6, or was tested on fewer than 50 examples of
 * either class, is still refused.
 */
export const DEMO_POLICY = { minAuc: 0.6, minPositives: 50, minNegatives: 50 } as const

/** `PUT /v1/models/:goal/policy` with the publish token. @throws Error with the edge's message when it refuses. */
export async function putPolicy(endpoint: string, token: string, goal: string, policy: typeof DEMO_POLICY): Promise<void> {
  const res = await fetch(`${endpoint}/v1/models/${encodeURIComponent(goal)}/policy`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(policy),
  })
  if (!res.ok) throw new Error(`PUT /v1/models/${goal}/policy: ${res.status} ${(await res.text()).slice(0, 300)}`)
}
