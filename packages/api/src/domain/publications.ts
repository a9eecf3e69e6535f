/**
 * The notices the secretariat publishes (Art. 18, 21, 27–28), produced in Chinese as the
 * measures require, stored exactly as published (the .docx bytes, their SHA-256 and the text
 * model the dashboard prints as A4), and audited.
 *
 * - results (Art. 18): the review results for public comment, the ranked candidates with their
 *   code, name, type and total, the period (at least 20 days, @mqa/rules
 *   `checkPublicationPeriod`) and the contact for comments;
 * - notice (Art. 21): the proposed awardees decided by the committee, 7 working days;
 * - revocation (Art. 27–28): the announcement of a revoked title. `publishRevocationNotice` is
 *   the function the revocation procedure calls.
 *
 * Publishing a results list or a notice also records the cycle's comment or notice dates
 * (audited old → new), so the timeline, the comments, the objections and the award all read the
 * dates that were published.
 */
import { createHash } from 'node:crypto';
import {
  getCycleById,
  insertPublication,
  listApplicationsOfCycle,
  listAwardDetails,
  getApplicationSummary,
  writeAudit,
  type ApplicationSummary,
  type Cycle,
  type DB,
  type PublicationKindName,
  type PublicationSummary,
} from '@mqa/db';
import { checkPublicationPeriod, chineseDate, chineseNumber, PUBLICATION_RULES, type LocalizedText } from '@mqa/rules';
import { apiError, notFound, rethrowDomain } from '../errors.ts';
import { sectorName } from './labels.ts';
import { buildDocx, DOCX_MIME } from './docx.ts';

/** Who publishes (Art. 8, 18, 21). */
export const ISSUER = '鄂尔多斯市市长质量奖评审委员会秘书处';
export const MEASURES = '《鄂尔多斯市市长质量奖管理办法》';

export interface NoticeEntry {
  position: number;
  applicationId: number;
  code: string;
  name: LocalizedText;
  applicantType: 'organisation' | 'individual';
  sector: LocalizedText;
  total: number | null;
}

/** The text model of a notice: what the .docx holds and the dashboard prints. Chinese throughout. */
export interface NoticeContent {
  kind: PublicationKindName;
  article: number;
  year: number;
  title: string;
  paragraphs: string[];
  table: { header: string[]; rows: string[][] } | null;
  after: string[];
  signature: string[];
  entries: NoticeEntry[];
  period: { startsOn: string; endsOn: string | null; days: number | null; unit: 'calendar' | 'working' | null };
  contact: string;
  issuer: string;
  issuedOn: string;
}

function typeName(t: 'organisation' | 'individual'): string {
  return t === 'organisation' ? '组织' : '个人';
}

export function entryOf(app: ApplicationSummary, position: number, total: number | null): NoticeEntry {
  return {
    position,
    applicationId: app.id,
    code: app.code,
    name: { zh: app.applicantNameZh, en: app.applicantNameEn },
    applicantType: app.applicant_type,
    sector: sectorName(app.sector),
    total,
  };
}

function periodOrThrow(kind: PublicationKindName, startsOn: string, endsOn: string | null) {
  let check;
  try {
    check = checkPublicationPeriod({ kind, startsOn, endsOn });
  } catch (error) {
    rethrowDomain(error);
  }
  if (!check.ok)
    throw apiError('BAD_REQUEST', check.message, { article: check.article, required: check.required, actual: check.actual, earliestEnd: check.earliestEnd });
  return check;
}

/** Art. 18: the review results for public comment. */
export function resultsNotice(input: { year: number; startsOn: string; endsOn: string; contact: string; entries: NoticeEntry[] }): NoticeContent {
  const check = periodOrThrow('results', input.startsOn, input.endsOn);
  const art = chineseNumber(18);
  const start = chineseDate(input.startsOn);
  const end = chineseDate(input.endsOn);
  return {
    kind: 'results',
    article: 18,
    year: input.year,
    title: `关于${input.year}年度鄂尔多斯市市长质量奖评审结果公开征求意见的公告`,
    paragraphs: [
      `根据${MEASURES}第${art}条规定，评审委员会秘书处组织完成了${input.year}年度鄂尔多斯市市长质量奖材料评审和现场评审，现将评审结果（按评审得分排序）予以公布，向社会公开征求意见。`,
      `征求意见期：${start}至${end}（共${check.actual}日，不少于20日）。`,
    ],
    table: {
      header: ['序号', '申报编号', '名称', '类别', '行业', '评审得分'],
      rows: input.entries.map((e) => [
        String(e.position),
        e.code,
        e.name.zh,
        typeName(e.applicantType),
        e.sector.zh,
        e.total === null ? '—' : e.total.toFixed(1),
      ]),
    },
    after: [
      '对上述组织或个人有意见的，请于征求意见期内以书面形式向评审委员会秘书处反映。以单位名义反映的须加盖公章，以个人名义反映的须署真实姓名并留联系方式。',
      `联系方式：${input.contact}`,
    ],
    signature: [ISSUER, start],
    entries: input.entries,
    period: { startsOn: input.startsOn, endsOn: input.endsOn, days: check.actual, unit: 'calendar' },
    contact: input.contact,
    issuer: ISSUER,
    issuedOn: input.startsOn,
  };
}

/** Art. 21: the public notice of the proposed awardees. */
export function proposedNotice(input: {
  year: number;
  heldOn: string;
  startsOn: string;
  endsOn: string;
  contact: string;
  entries: NoticeEntry[];
}): NoticeContent {
  const check = periodOrThrow('notice', input.startsOn, input.endsOn);
  const start = chineseDate(input.startsOn);
  const end = chineseDate(input.endsOn);
  return {
    kind: 'notice',
    article: 21,
    year: input.year,
    title: `${input.year}年度鄂尔多斯市市长质量奖拟授奖名单公示`,
    paragraphs: [
      `根据${MEASURES}第${chineseNumber(21)}条规定，经${chineseDate(input.heldOn)}评审委员会全体成员会议审议通过，现将${input.year}年度鄂尔多斯市市长质量奖拟授奖名单予以公示。`,
      `公示期：${start}至${end}（${check.actual}个工作日）。`,
    ],
    table: {
      header: ['序号', '申报编号', '名称', '类别', '行业'],
      rows: input.entries.map((e) => [String(e.position), e.code, e.name.zh, typeName(e.applicantType), e.sector.zh]),
    },
    after: [
      '公示期间，对公示的组织或个人有异议的，请以书面形式向评审委员会秘书处提出，并提供必要的证明材料。以单位名义提出的须加盖公章，以个人名义提出的须署真实姓名并留联系方式。评审委员会将对异议进行调查核实。',
      `联系方式：${input.contact}`,
    ],
    signature: [ISSUER, start],
    entries: input.entries,
    period: { startsOn: input.startsOn, endsOn: input.endsOn, days: check.actual, unit: 'working' },
    contact: input.contact,
    issuer: ISSUER,
    issuedOn: input.startsOn,
  };
}

/** Art. 27–28: the announcement of a revoked title. */
export function revocationNotice(input: {
  year: number;
  entry: NoticeEntry;
  awardedOn: string;
  certificateNo: string;
  article: 27 | 28;
  detail: string;
  decisionNo: string | null;
  /** The day the revocation was decided (Art. 27–28), when it is recorded. */
  revokedOn?: string | null;
  prizeToRecoverRmb: number;
  startsOn: string;
  contact: string;
}): NoticeContent {
  periodOrThrow('revocation', input.startsOn, null);
  const name = input.entry.name.zh;
  const consequence =
    input.article === 27
      ? `撤销其鄂尔多斯市市长质量奖称号，收回奖牌、证书${input.prizeToRecoverRmb > 0 ? `，追缴奖金人民币${input.prizeToRecoverRmb.toLocaleString('en-US')}元` : ''}`
      : `撤销其鄂尔多斯市市长质量奖奖励${input.prizeToRecoverRmb > 0 ? `，追缴奖金人民币${input.prizeToRecoverRmb.toLocaleString('en-US')}元` : ''}`;
  return {
    kind: 'revocation',
    article: input.article,
    year: input.year,
    title: `关于撤销${name}鄂尔多斯市市长质量奖的公告`,
    paragraphs: [
      `${name}（申报编号 ${input.entry.code}，证书编号 ${input.certificateNo}）于${chineseDate(input.awardedOn)}获得${input.year}年度鄂尔多斯市市长质量奖。`,
      `经评审委员会秘书处调查核实：${input.detail}。根据${MEASURES}第${chineseNumber(input.article)}条规定，报请市人民政府批准，${input.revokedOn ? `于${chineseDate(input.revokedOn)}决定` : ''}${consequence}${input.decisionNo ? `（${input.decisionNo}）` : ''}。`,
      '特此公告。',
    ],
    table: null,
    after: [`联系方式：${input.contact}`],
    signature: [ISSUER, chineseDate(input.startsOn)],
    entries: [input.entry],
    period: { startsOn: input.startsOn, endsOn: null, days: null, unit: null },
    contact: input.contact,
    issuer: ISSUER,
    issuedOn: input.startsOn,
  };
}

export function fileNameOf(content: NoticeContent): string {
  const kind = content.kind === 'results' ? '评审结果公开征求意见' : content.kind === 'notice' ? '拟授奖名单公示' : '撤销公告';
  return `${content.year}年度市长质量奖${kind}-${content.issuedOn}.docx`;
}

export function sha256Hex(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/**
 * Produces the .docx of a notice, stores it (bytes, SHA-256, text model, listed applications)
 * and audits it; for results and notices also records the cycle's period dates (audited old →
 * new). Call inside the write's transaction.
 */
export async function storeNotice(
  db: DB,
  input: { cycle: Cycle; content: NoticeContent; awardId: number | null; userId: number | null; at: string },
): Promise<{ id: number; sha256: string; bytes: number; fileName: string }> {
  const { cycle, content } = input;
  const file = buildDocx(content, content.issuedOn);
  const sha256 = sha256Hex(file);
  const fileName = fileNameOf(content);
  const id = await insertPublication(db, {
    cycleId: cycle.id,
    kind: content.kind,
    title: content.title,
    startsOn: content.period.startsOn,
    endsOn: content.period.endsOn,
    contact: content.contact,
    content: JSON.stringify(content),
    fileName,
    mime: DOCX_MIME,
    file,
    sha256,
    awardId: input.awardId,
    publishedBy: input.userId,
    publishedAt: input.at,
    applicationIds: content.entries.map((e) => e.applicationId),
  });
  await writeAudit(db, {
    userId: input.userId,
    action: 'publication.publish',
    entity: 'publication',
    entityId: id,
    cycleId: cycle.id,
    before: null,
    after: {
      kind: content.kind,
      article: content.article,
      title: content.title,
      startsOn: content.period.startsOn,
      endsOn: content.period.endsOn,
      contact: content.contact,
      applicationIds: content.entries.map((e) => e.applicationId),
      awardId: input.awardId,
      sha256,
      bytes: file.length,
    },
    at: input.at,
  });
  if (content.kind !== 'revocation') {
    const [startKey, endKey] = content.kind === 'results' ? (['comment_starts', 'comment_ends'] as const) : (['notice_starts', 'notice_ends'] as const);
    const before = { [startKey]: cycle[startKey], [endKey]: cycle[endKey] };
    const after = { [startKey]: content.period.startsOn, [endKey]: content.period.endsOn };
    await db.updateTable('cycles').set(after).where('id', '=', cycle.id).execute();
    await writeAudit(db, {
      userId: input.userId,
      action: 'cycle.updateDates',
      entity: 'cycle',
      entityId: cycle.id,
      cycleId: cycle.id,
      before,
      after: { ...after, publicationId: id },
      at: input.at,
    });
  }
  return { id, sha256, bytes: file.length, fileName };
}

/**
 * The public announcement of a revocation (Art. 27–28), produced and stored like the other
 * notices; for the revocation procedure to call inside its transaction. Returns the stored
 * publication's id and SHA-256 (e.g. for `revocations.publication_id`).
 */
export async function publishRevocationNotice(
  db: DB,
  input: {
    awardId: number;
    article: 27 | 28;
    /** What the investigation found (Chinese, as published). */
    detail: string;
    decisionNo?: string | null;
    prizeToRecoverRmb: number;
    /** The day of publication (entered). */
    startsOn: string;
    contact: string;
    userId: number | null;
    at: string;
  },
): Promise<{ id: number; sha256: string; bytes: number; fileName: string; content: NoticeContent }> {
  const [award] = await listAwardDetails(db, { awardId: input.awardId });
  if (!award) throw notFound({ zh: `编号为 ${input.awardId} 的奖项`, en: `Award ${input.awardId}` });
  const app = (await getApplicationSummary(db, award.applicationId))!;
  const cycle = (await getCycleById(db, award.cycleId))!;
  if (input.startsOn < award.awardedOn) {
    throw apiError(
      'BAD_REQUEST',
      {
        zh: `公告日期 ${input.startsOn} 早于授奖日期 ${award.awardedOn}。`,
        en: `The announcement date ${input.startsOn} is before the award date ${award.awardedOn}.`,
      },
      { awardedOn: award.awardedOn },
    );
  }
  const content = revocationNotice({
    year: award.year,
    entry: entryOf(app, 1, null),
    awardedOn: award.awardedOn,
    certificateNo: award.certificateNo,
    article: input.article,
    detail: input.detail.replace(/[。.]+$/, ''),
    decisionNo: input.decisionNo ?? null,
    revokedOn: award.revocation?.revokedOn ?? null,
    prizeToRecoverRmb: input.prizeToRecoverRmb,
    startsOn: input.startsOn,
    contact: input.contact,
  });
  const stored = await storeNotice(db, { cycle, content, awardId: award.id, userId: input.userId, at: input.at });
  return { ...stored, content };
}

/** A stored publication as JSON (without its file), with its text model and listed applications. */
export function publicationJson(p: PublicationSummary, names: Map<number, ApplicationSummary>) {
  const content = JSON.parse(p.content) as NoticeContent;
  const rule = PUBLICATION_RULES[p.kind];
  return {
    id: p.id,
    kind: p.kind,
    kindName: rule.name,
    article: content.article,
    title: p.title,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    contact: p.contact,
    period: content.period,
    fileName: p.file_name,
    mime: p.mime,
    sha256: p.sha256,
    bytes: p.bytes,
    awardId: p.award_id,
    publishedAt: p.published_at,
    publishedBy: p.publishedByName,
    /** Where the stored file downloads from. */
    url: `/api/publications/${p.id}/file`,
    entries: p.applicationIds.map((id, i) => {
      const app = names.get(id);
      return {
        position: i + 1,
        applicationId: id,
        code: app?.code ?? String(id),
        name: app ? { zh: app.applicantNameZh, en: app.applicantNameEn } : { zh: String(id), en: String(id) },
      };
    }),
    content,
  };
}

export async function applicationsById(db: DB, cycleId: number): Promise<Map<number, ApplicationSummary>> {
  return new Map((await listApplicationsOfCycle(db, cycleId)).map((a) => [a.id, a]));
}
