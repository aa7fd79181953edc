/**
 * The 公平竞争审查 beside the legality checklist: whether the text concerns business activity
 * (proposed from 实施办法 第二条's domains, the reviewer may say otherwise), the 第十二条
 * exception the text claims and what it lacks, the four categories' items (automatic where a
 * rule decides, ticked by the reviewer otherwise) and the conclusion 符合 / 不符合 / 适用例外.
 */
import type { CompetitionConclusion, CompetitionReview } from '../lib/entities';
import { competitionException, competitionScope } from '../rules/competition';
import type { ChecklistResult, Finding, Report } from '../rules/schema';
import { Checklist } from './Checklist';
import { useT } from './i18n';

/** Props of {@link CompetitionChecklist}. */
export interface CompetitionChecklistProps {
  /** The 公平竞争审查 items of the report's checklist. */
  items: ChecklistResult[];
  findings: readonly Finding[];
  facts?: Report['facts'];
  manual: Record<string, boolean>;
  onToggle(id: string, checked: boolean): void;
  /** The reviewer's answers so far. */
  value: CompetitionReview | undefined;
  onChange(next: CompetitionReview): void;
  onSelectFinding?(index: number): void;
}

const CONCLUSIONS: CompetitionConclusion[] = ['符合', '不符合', '适用例外'];

/** The 公平竞争审查 tab of the side panel. */
export function CompetitionChecklist(props: CompetitionChecklistProps) {
  const t = useT();
  const value: CompetitionReview = props.value ?? { concerns: null, conclusion: null };
  const scope = competitionScope(props.findings);
  const concerns = value.concerns ?? scope !== null;
  const exception = competitionException(props.findings);
  const set = (patch: Partial<CompetitionReview>) => props.onChange({ ...value, ...patch });
  const scopeChoice = value.concerns === null ? 'auto' : value.concerns ? 'yes' : 'no';
  return (
    <section class="competition" data-testid="competition">
      <h3>{t('panel.competition.title')}</h3>
      <fieldset data-testid="competition-scope">
        <legend>{t('panel.competition.scope')}</legend>
        <p class="muted">
          {scope !== null
            ? t('panel.competition.scopeAuto', [scope])
            : t('panel.competition.scopeAutoNone')}
        </p>
        {(
          [
            ['auto', 'panel.competition.scopeFollow', null],
            ['yes', 'panel.competition.scopeYes', true],
            ['no', 'panel.competition.scopeNo', false],
          ] as const
        ).map(([k, key, v]) => (
          <label key={k}>
            <input
              type="radio"
              name="competition-scope"
              value={k}
              checked={scopeChoice === k}
              onChange={() => set({ concerns: v })}
            />
            {t(key)}
          </label>
        ))}
      </fieldset>
      {!concerns ? (
        <p data-testid="competition-na">{t('panel.competition.notConcerned')}</p>
      ) : (
        <>
          <p
            data-testid="competition-exception"
            class={exception?.complete === false ? 'warn' : ''}
          >
            {exception === null
              ? t('panel.competition.exceptionNone')
              : exception.complete
                ? t('panel.competition.exceptionComplete')
                : t('panel.competition.exceptionMissing', [
                    exception.message.replace(/^[^：]*：/, ''),
                  ])}
          </p>
          <Checklist
            items={props.items}
            manual={props.manual}
            onToggle={props.onToggle}
            findings={props.findings}
            {...(props.facts ? { facts: props.facts } : {})}
            {...(props.onSelectFinding ? { onSelectFinding: props.onSelectFinding } : {})}
          />
          <fieldset data-testid="competition-conclusion">
            <legend>{t('panel.competition.conclusion')}</legend>
            {CONCLUSIONS.map((c) => (
              <label key={c}>
                <input
                  type="radio"
                  name="competition-conclusion"
                  value={c}
                  checked={value.conclusion === c}
                  onChange={() => set({ conclusion: c })}
                />
                {c}
              </label>
            ))}
            {value.conclusion === '适用例外' && (
              <label class="block">
                {t('panel.competition.exception')}
                <textarea
                  data-testid="competition-exception-text"
                  maxLength={2000}
                  value={value.exception ?? ''}
                  onInput={(e) =>
                    set({ exception: (e.currentTarget as HTMLTextAreaElement).value })
                  }
                />
              </label>
            )}
          </fieldset>
        </>
      )}
    </section>
  );
}
