// Demonstration applications for 承留镇, dated relative to today so that the queue always shows
// work in every state: a fresh one, one waiting for a 补正, one near or past its due date, and
// closed ones with their letters. Idempotent: nothing is added when the town has applications.
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import {
  type ApplicationEvent,
  OUTCOMES,
  recordApplicationEvent,
  registerApplication,
} from '../applications/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { residentIdCheckCharacter } from '../kernel/resident-id.ts';

function daysBefore(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function residentId(first17: string): string {
  return first17 + residentIdCheckCharacter(first17);
}

interface DemoApplication {
  name: string;
  id17: string;
  phone: string;
  description: string;
  channel: 'online' | 'letter' | 'in_person' | 'email';
  receivedDaysAgo: number;
  /** Events after receipt: [days ago, event without its date]. */
  steps: [number, Omit<ApplicationEvent, 'at'>][];
}

const basis = (code: 'granted' | 'partial') => OUTCOMES.find((o) => o.code === code)!.basis;

const DEMO_APPLICATIONS: readonly DemoApplication[] = [
  {
    name: '王建国',
    id17: '41900119700315201',
    phone: '13803891234',
    description: '承留镇2025年度农村低保对象名单及审批程序',
    channel: 'letter',
    receivedDaysAgo: 40,
    steps: [
      [
        38,
        { type: 'supplement_requested', items: ['请说明所需名单所属的行政村'], correctionDue: '' } as never,
      ],
      [35, { type: 'supplement_received' }],
      [
        20,
        { type: 'decided', outcome: 'partial', legalBasis: basis('partial'), withheld: ['denied4'] } as never,
      ],
      [18, { type: 'reply_delivered' }],
    ],
  },
  {
    name: '李秀英',
    id17: '41900119850620402',
    phone: '13937561234',
    description: '南勋村土地征收补偿安置方案及补偿标准',
    channel: 'in_person',
    receivedDaysAgo: 27,
    steps: [],
  },
  {
    name: '济源市某建筑工程有限公司',
    id17: '',
    phone: '03916612345',
    description: '承留镇2026年农村道路硬化工程的招标公告及中标结果',
    channel: 'online',
    receivedDaysAgo: 3,
    steps: [],
  },
  {
    name: '赵磊',
    id17: '41900119920909123',
    phone: '15890001234',
    description: '关于玉皇庙村的相关文件',
    channel: 'email',
    receivedDaysAgo: 9,
    steps: [
      [
        7,
        {
          type: 'supplement_requested',
          items: ['请写明所需文件的名称、文号或者形成时间', '请写明文件涉及的具体事项'],
          correctionDue: '',
        } as never,
      ],
    ],
  },
  {
    name: '陈芳',
    id17: '41900119780101082',
    phone: '18637001234',
    description: '承留镇2025年财政预算执行情况报告',
    channel: 'online',
    receivedDaysAgo: 45,
    steps: [
      [30, { type: 'decided', outcome: 'granted', legalBasis: basis('granted') } as never],
      [29, { type: 'reply_delivered' }],
      [20, { type: 'archived' }],
    ],
  },
];

/** Adds the demonstration applications to the town once; returns how many were added. */
export async function seedDemoApplications(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
): Promise<number> {
  const existing = await ctx.db
    .selectFrom('applications')
    .select('id')
    .where('agency_id', '=', agencyId)
    .limit(1)
    .execute();
  if (existing.length > 0) return 0;
  const today = shanghaiDate(ctx.now());
  for (const demo of DEMO_APPLICATIONS) {
    const company = demo.id17 === '';
    const registered = await registerApplication(ctx, actor, {
      agencyId,
      channel: demo.channel,
      receivedOn: daysBefore(today, demo.receivedDaysAgo),
      applicant: {
        applicantType: company ? 'commercialEnterprise' : 'naturalPerson',
        name: demo.name,
        idKind: company ? 'credit_code' : 'id_card',
        idNumber: company ? '91419001MA447K2D38' : residentId(demo.id17),
        phone: demo.phone,
        email: null,
        address: '河南省济源示范区承留镇',
      },
      request: {
        description: demo.description,
        deliveryForm: 'paper',
        deliveryChannel: 'post',
      },
    });
    for (const [daysAgo, partial] of demo.steps) {
      const at = daysBefore(today, daysAgo);
      const event = { ...partial, at } as ApplicationEvent;
      if (event.type === 'supplement_requested') event.correctionDue ||= daysBefore(today, daysAgo - 15);
      await recordApplicationEvent(ctx, actor, registered.applicationId, event);
    }
  }
  return DEMO_APPLICATIONS.length;
}
