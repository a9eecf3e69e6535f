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
}

export type AcceptabilityResponse =
  | { id: number; ok: true; result: ReturnType<typeof rankAcceptability> }
  | { id: number; ok: false; error: { zh: string; en: string } };

const ctx = self as unknown as { onmessage: ((e: MessageEvent<AcceptabilityRequest>) => void) | null; postMessage(m: AcceptabilityResponse): void };

ctx.onmessage = (e) => {
  const req = e.data;
  try {
    const result = rankAcceptability(req.candidates, {
      base: weightSetOf(req.points),
      samples: req.samples,
      cap: req.cap,
      minTotal: req.minTotal,
      seed: 1,
    });
    ctx.postMessage({ id: req.id, ok: true, result });
  } catch (err) {
    const m = (err as { messages?: { zh: string; en: string } }).messages;
    ctx.postMessage({ id: req.id, ok: false, error: m ?? { zh: String(err), en: String(err) } });
  }
};
