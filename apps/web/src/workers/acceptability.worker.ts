/// <reference lib="webworker" />
/**
 * Rank acceptability off the main thread: @mqa/scoring `rankAcceptability` samples thousands of
 * weight sets, which would freeze the weight editor if run in the page.
 */
import { rankAcceptability, type CategoryScores } from '@mqa/scoring';
import { weightSetOf } from '../weights/rerank.ts';

export interface AcceptabilityRequest {
  id: number;
  candidates: CategoryScores[];
  points: Record<string, number>;
  cap: number;
  minTotal: number;
  samples: number;
  /** Ranks counted (the heatmap shows the top ranks only): the analysis then runs over the plausible contenders. */
  ranks: number;
}

export type AcceptabilityResponse =
  { id: number; ok: true; result: ReturnType<typeof rankAcceptability> } | { id: number; ok: false; error: { zh: string; en: string } };

// Inside a dedicated worker `self` is its global scope (the dashboard's own lib is the DOM's).
declare const self: DedicatedWorkerGlobalScope;

function reply(m: AcceptabilityResponse): void {
  self.postMessage(m);
}

self.onmessage = (e: MessageEvent<AcceptabilityRequest>) => {
  const req = e.data;
  try {
    const result = rankAcceptability(req.candidates, {
      base: weightSetOf(req.points),
      samples: req.samples,
      cap: req.cap,
      minTotal: req.minTotal,
      ranks: req.ranks,
      seed: 1,
    });
    reply({ id: req.id, ok: true, result });
  } catch (err) {
    const m = (err as { messages?: { zh: string; en: string } }).messages;
    reply({ id: req.id, ok: false, error: m ?? { zh: String(err), en: String(err) } });
  }
};
