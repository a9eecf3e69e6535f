/** Helpers the server benchmarks share (run.ts, soak.ts, databases.ts). */

/** The q-quantile (0..1) of ascending `sorted`, linearly interpolated; NaN when empty. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]!) - sorted[lo]!);
}

/** Signs a bench account in (password `bench-password`) and returns its session cookie. */
export async function login(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'bench-password' }),
  });
  if (!r.ok) throw new Error(`login of ${username} failed: ${r.status}`);
  return r.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** An application of the `year` cycle whose material sheet the bench examiner may still edit. */
export async function openSheet(url: string, cookie: string, year: number): Promise<number> {
  const r = await fetch(`${url}/trpc/scoring.myAssignments`, { headers: { cookie } });
  const list = ((await r.json()) as { result: { data: { applicationId: number; year: number; openStage: string | null; material: { status: string } }[] } })
    .result.data;
  const a = list.find((x) => x.year === year && x.openStage === 'material' && x.material.status !== 'submitted');
  if (!a) throw new Error('the bench examiner has no open sheet');
  return a.applicationId;
}
