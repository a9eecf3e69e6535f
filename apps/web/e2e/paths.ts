/** Where the browser tests find Chromium and put what they keep (both folders are gitignored). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Debian's Chromium (never a downloaded browser); MQA_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.MQA_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots of every view at 1366×768. */
export const SHOTS = path.join(HERE, 'screenshots');
/** Files the tests keep (PDFs), and under test-results/ the runner's traces of failed tests. */
export const OUTPUT = path.join(HERE, 'output');

/**
 * Every view of the secretariat for one cycle, by path and `data-view`, as the scale test and
 * the views benchmark open them (every one reads bounded answers: the scale test holds each
 * response to the payload budget).
 */
export function secretariatViews(year: number): { path: string; view: string }[] {
  return [
    { path: '/cycles', view: 'cycles' },
    { path: `/cycles/${year}`, view: 'overview' },
    { path: `/cycles/${year}/applications`, view: 'applications' },
    { path: `/cycles/${year}/groups`, view: 'groups' },
    { path: `/cycles/${year}/publication`, view: 'publication' },
    { path: `/compare?cycle=${year}`, view: 'compare' },
    { path: `/sectors?cycle=${year}`, view: 'sectors' },
    { path: '/trends', view: 'trends' },
    { path: `/panel/${year}`, view: 'panel' },
    { path: `/weights?cycle=${year}`, view: 'weights' },
    { path: `/consensus?year=${year}`, view: 'consensus' },
    { path: `/cycles/${year}/feedback`, view: 'feedback' },
    { path: `/report/${year}`, view: 'report' },
    { path: '/follow-up', view: 'followUp' },
    { path: '/audit', view: 'audit' },
    { path: '/people', view: 'people' },
    { path: '/data/import', view: 'dataImport' },
  ];
}
