/** The rule-pack section: layer, parameters with validation as typed, rules, import, custom rules. */
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PacksSection } from '../../../../components/options/PacksSection';
import { getActivePacks } from '../../../../lib/packs';
import { axeViolations, fileOf, setup, t } from './setup';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function mounted() {
  const s = await setup();
  cleanups.push(() => s.db.delete());
  const r = s.view(<PacksSection />);
  await screen.findByTestId('packs');
  return { ...s, ...r };
}

const office = {
  id: 'yinhu',
  name: '银湖市司法局补充规则',
  version: '1.0.0',
  jurisdiction: '银湖市',
  extends: ['common-local'],
  params: {},
  rules: [
    {
      id: 'YH-DEPOSIT',
      kind: 'pattern',
      severity: 'warning',
      category: '合法性',
      message: '不得要求缴纳保证金',
      basis: '银湖市司法局审查要点第3条',
      options: { triggers: ['保证金'] },
    },
  ],
  checklist: [],
};

describe('rule packs section', () => {
  it('lists the packs with version and jurisdiction, only national + common-local running, and passes axe', async () => {
    const { container } = await mounted();
    const table = screen.getByTestId('packs');
    expect(table.textContent).toContain('national');
    expect(table.textContent).toContain('common-local');
    expect(table.textContent).toContain('甘肃省兰州市');
    expect(screen.getByTestId('layer-chain').textContent).toMatch(/地方通用.*→.*全国/);
    expect((screen.getByTestId('office-pack') as HTMLSelectElement).value).toBe('common-local');
    expect(await axeViolations(container)).toEqual([]);
  });

  it('chooses the lanzhou layer: lanzhou runs, the others do not, and open pages are told', async () => {
    const { db, notify } = await mounted();
    fireEvent.change(screen.getByTestId('office-pack'), { target: { value: 'lanzhou' } });
    await waitFor(
      async () =>
        expect((await getActivePacks(db)).map((p) => p.id).sort()).toEqual([
          'common-local',
          'fair-competition',
          'higher-law',
          'lanzhou',
          'national',
        ]),
      // Switching the layer validates and writes every seed pack: slow on a loaded machine.
      { timeout: 8000 },
    );
    expect(notify).toHaveBeenCalled();
    await waitFor(() =>
      expect(screen.getByTestId('packs-status').textContent).toContain('lanzhou'),
    );
  });

  it('validates a parameter as it is typed and saves the validity cap 5 → 3', async () => {
    const { db, container } = await mounted();
    const row = container.querySelector('[data-param="validity.maxYears.default"]') as HTMLElement;
    const input = within(row).getByLabelText(t('options.params.capDefault')) as HTMLInputElement;
    expect(input.value).toBe('5');
    fireEvent.input(input, { target: { value: '-2' } });
    expect(row.querySelector('.problems')).not.toBeNull();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(within(row).getByRole('button', { name: t('options.save') })).toHaveProperty(
      'disabled',
      true,
    );
    fireEvent.input(input, { target: { value: '3' } });
    expect(row.querySelector('.problems')).toBeNull();
    fireEvent.click(within(row).getByRole('button', { name: t('options.save') }));
    await waitFor(() => expect(screen.getByTestId('packs-status').textContent).not.toBe(''));
    expect(screen.queryByTestId('pack-problems')?.textContent ?? '').toBe('');
    await waitFor(async () => {
      const cl = (await getActivePacks(db)).find((p) => p.id === 'common-local');
      expect(cl?.params['validity.maxYears.default']?.value).toBe(3);
    });
    expect(await axeViolations(container)).toEqual([]);
  });

  it('refuses a catastrophic pattern as typed, with the reason in Chinese', async () => {
    const { container } = await mounted();
    const row = container.querySelector(
      '[data-param="effective.exceptionPatterns"]',
    ) as HTMLElement;
    const box = row.querySelector('textarea') as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: '(a+)+$' } });
    const problems = row.querySelector('.problems');
    expect(problems?.textContent).toMatch(/[\u4e00-\u9fff]/);
    expect(problems?.textContent).toMatch(/effective\.exceptionPatterns|参数/);
  });

  it('refuses a pack file with an error, naming the rule and field, and changes nothing', async () => {
    const { dump } = await mounted();
    const before = await dump();
    const broken = structuredClone(office);
    (broken.rules[0] as Record<string, unknown>).basis = '';
    fireEvent.change(screen.getByTestId('import-pack'), {
      target: { files: [fileOf(JSON.stringify(broken), 'yinhu.json')] },
    });
    const errors = await screen.findByTestId('import-errors');
    expect(errors.textContent).toContain('YH-DEPOSIT');
    expect(errors.textContent).toMatch(/依据|basis/);
    expect(await dump()).toEqual(before);

    fireEvent.change(screen.getByTestId('import-pack'), {
      target: { files: [fileOf(JSON.stringify(office), 'yinhu.json')] },
    });
    await waitFor(() => expect(screen.getByTestId('packs').textContent).toContain('yinhu'));
    expect(screen.queryByTestId('import-errors')).toBeNull();
  });

  it('shows a pack’s rules with their basis; severity and enabled edits become overrides; reset', async () => {
    const { db, container } = await mounted();
    const row = container.querySelector('[data-pack="common-local"]') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: t('options.packs.showRules') }));
    const rules = await screen.findByTestId('rules-common-local');
    const cap = rules.querySelector('[data-rule="VP-OVERCAP"]') as HTMLElement;
    expect(cap.textContent).toContain('上海市人民政府令第26号第二十六条');
    fireEvent.change(within(cap).getByLabelText(t('options.rules.severityOf', ['VP-OVERCAP'])), {
      target: { value: 'warning' },
    });
    await waitFor(async () =>
      expect(await db.overrides.get('common-local/VP-OVERCAP')).toBeTruthy(),
    );
    // Options edited as JSON are validated as typed.
    const options = (await screen.findByTestId('rules-common-local')).querySelector(
      '[data-rule="VP-OVERCAP"] textarea',
    ) as HTMLTextAreaElement;
    const details = options.closest('details')!;
    details.open = true;
    fireEvent(details, new Event('toggle'));
    fireEvent.input(options, { target: { value: '{"check": "nonsense"}' } });
    await waitFor(() =>
      expect(container.querySelector('[data-rule="VP-OVERCAP"] .problems')?.textContent).toContain(
        'VP-OVERCAP',
      ),
    );
    fireEvent.click(await screen.findByRole('button', { name: t('options.packs.reset') }));
    await waitFor(async () => expect(await db.overrides.count()).toBe(0));
  });

  it('adds a custom rule of an existing kind, checked as typed', async () => {
    const { db } = await mounted();
    const form = screen.getByTestId('custom-rule');
    const field = (label: string) => within(form).getByLabelText(label) as HTMLInputElement;
    fireEvent.input(field(t('options.custom.id')), { target: { value: 'YH-DEPOSIT' } });
    fireEvent.input(field(t('options.custom.message')), {
      target: { value: '不得要求缴纳保证金' },
    });
    // No basis yet: the form names the missing field.
    expect((await within(form).findByTestId('custom-problems')).textContent).toMatch(/依据|basis/);
    fireEvent.input(field(t('options.custom.basis')), { target: { value: '审查要点第3条' } });
    fireEvent.input(within(form).getByLabelText(t('options.custom.options')), {
      target: { value: '{"triggers": ["保证金"]}' },
    });
    await waitFor(() => expect(within(form).queryByTestId('custom-problems')).toBeNull());
    fireEvent.click(within(form).getByRole('button', { name: t('options.custom.add') }));
    await waitFor(async () =>
      expect((await db.packs.get('office'))?.pack.rules.map((r) => r.id)).toEqual(['YH-DEPOSIT']),
    );
  });
});
