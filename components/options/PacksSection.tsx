/**
 * Rule packs: the office's layer, the parameters it runs with, every pack (seed and the
 * office's own) with its rules, overrides, resets, import and export, and custom rules. Every
 * edit is checked as it is typed (the same validation the import runs: the kind's options,
 * regexes and their ReDoS vetting) and refused with the place and reason.
 */
import { Basis } from '../Basis';
import { Fragment } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { Category, Rule, Severity } from '@/rules/schema';
import { useT, type MessageKey } from '../i18n';
import { CATEGORY_ORDER, SEVERITY_KEY, SEVERITY_ORDER } from '../labels';
import {
  readFileText,
  useApi,
  type CustomRule,
  type PacksState,
  type PackView,
  type ParamView,
  type OverrideView,
  type Problem,
  type Result,
  type RulePatch,
} from './api';
import { ErrorLine, Problems, Section, Status, useLoad } from './common';

const PARAMS_RULE_ID = '@params';

/** Labels of the parameters reviewers tune most; other keys show as they are. */
const PARAM_LABELS: Record<string, MessageKey> = {
  'validity.maxYears.default': 'options.params.capDefault',
  'validity.maxYears.trial': 'options.params.capTrial',
  'validity.maxYears.notice': 'options.params.capNotice',
  'validity.evaluationMonths': 'options.params.evaluationMonths',
  'validity.overCapRequiresReason': 'options.params.overCapReason',
  'effective.minGapDays': 'options.params.minGapDays',
  'filing.deadlineDays': 'options.params.filingDays',
  'docNumber.normativePatterns': 'options.params.docNumberPatterns',
  'registration.patterns': 'options.params.registrationPatterns',
  'consultation.minWorkingDays': 'options.params.consultationDays',
};

/** The parameters reviewers tune most first (in PARAM_LABELS order), then the rest by key. */
function sortParams(params: readonly ParamView[]): ParamView[] {
  const order = Object.keys(PARAM_LABELS);
  const rank = (p: ParamView) => (order.includes(p.key) ? order.indexOf(p.key) : order.length);
  return [...params].sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key));
}

/** The ids of the office's layer, top first: lanzhou → common-local → national. */
function officeLayer(data: PacksState): string[] {
  return data.packs.find((p) => p.id === data.officePack)?.layer ?? [];
}

/** Edited JSON text as an object, or null when it is not valid JSON or not an object. */
function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Text a value is edited as: numbers and text as they are, lists one per line, else JSON. */
function toText(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('\n');
  return JSON.stringify(value, null, 2);
}

/** Parse edited text back into the type of the original value. */
function fromText(text: string, like: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof like === 'number') {
    const n = Number(text.trim());
    return text.trim() !== '' && Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
  }
  if (typeof like === 'string') return { ok: true, value: text };
  if (Array.isArray(like) && like.every((v) => typeof v === 'string')) {
    return {
      ok: true,
      value: text
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function PacksSection() {
  const t = useT();
  const api = useApi();
  const state = useLoad(() => api.loadPacks(), [api]);
  const [status, setStatus] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  /** Run an action; a thrown error (the storage failed) is shown, not lost. */
  const guard = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setFailure(null);
    try {
      return await work();
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      return undefined;
    }
  };

  /** Run a change, show its problems or reload, and say what happened. */
  const apply = async (run: () => Promise<Result>, done: string) => {
    setStatus(null);
    const r = await guard(run);
    if (!r) return false;
    if (!r.ok) {
      setProblems(r.errors);
      return false;
    }
    setProblems([]);
    await state.reload();
    setStatus(done);
    return true;
  };

  const data = state.data;
  return (
    <Section id="packs" title={t('options.packs.title')}>
      <ErrorLine error={state.error ?? failure} />
      {!data && !state.error && <p class="muted">{t('options.loading')}</p>}
      {data && (
        <>
          <LayerChooser data={data} apply={apply} />
          <Problems problems={problems} testId="pack-problems" />
          <Status text={status} testId="packs-status" />
          <ImportPack apply={apply} />
          <ParamsTable data={data} apply={apply} />
          <PacksTable data={data} apply={apply} guard={guard} open={open} setOpen={setOpen} />
          <CustomRuleForm apply={apply} />
          <SourcesList data={data} />
        </>
      )}
    </Section>
  );
}

type Apply = (run: () => Promise<Result>, done: string) => Promise<boolean>;

/**
 * The packs' source lists: what each key in a basis (S-SZ …) stands for, each with an anchor
 * (`#src-S-SZ`) the bases link to.
 */
function SourcesList({ data }: { data: PacksState }) {
  const t = useT();
  const sources = new Map<string, { title: string; url?: string | undefined; packs: string[] }>();
  for (const p of data.packs) {
    for (const [key, s] of Object.entries(p.pack.sources ?? {})) {
      const seen = sources.get(key);
      if (seen) seen.packs.push(p.id);
      else sources.set(key, { ...s, packs: [p.id] });
    }
  }
  if (sources.size === 0) return null;
  return (
    <details class="sources" data-testid="sources">
      <summary>{t('options.packs.sources', [sources.size])}</summary>
      <dl>
        {[...sources].map(([key, s]) => (
          <div key={key} id={`src-${key}`}>
            <dt>{key}</dt>
            <dd>
              {s.title}
              {s.url && (
                <>
                  {' '}
                  <small class="muted">{s.url}</small>
                </>
              )}{' '}
              <small class="muted">（{s.packs.join('、')}）</small>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function LayerChooser({ data, apply }: { data: PacksState; apply: Apply }) {
  const t = useT();
  const api = useApi();
  const names = new Map(data.packs.map((p) => [p.id, p.pack.name]));
  const chain = officeLayer(data);
  return (
    <div class="layer">
      <label>
        {t('options.packs.layer')}{' '}
        <select
          data-testid="office-pack"
          value={data.officePack}
          onChange={(e) => {
            const id = (e.currentTarget as HTMLSelectElement).value;
            void apply(() => api.setOfficePack(id), t('options.packs.layerSaved', [id]));
          }}
        >
          {data.packs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.layer.join(' → ')}
            </option>
          ))}
        </select>
      </label>
      <p class="muted" data-testid="layer-chain">
        {t('options.packs.layerHelp', [chain.map((id) => names.get(id) ?? id).join(' → ')])}
      </p>
      <p class="muted">{t('options.packs.active', [data.active.join('、')])}</p>
    </div>
  );
}

function ParamsTable({ data, apply }: { data: PacksState; apply: Apply }) {
  const t = useT();
  return (
    <>
      <h3>{t('options.params.title')}</h3>
      <p class="muted">{t('options.params.help')}</p>
      <table class="list params" data-testid="params">
        <caption class="sr-only">{t('options.params.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('options.params.name')}</th>
            <th scope="col">{t('options.params.value')}</th>
            <th scope="col">{t('options.params.basis')}</th>
          </tr>
        </thead>
        <tbody>
          {sortParams(data.params).map((p) => (
            <ParamRow
              key={`${p.packId}:${p.key}:${String(p.value)}`}
              param={p}
              data={data}
              apply={apply}
            />
          ))}
        </tbody>
      </table>
    </>
  );
}

function ParamRow({ param, data, apply }: { param: ParamView; data: PacksState; apply: Apply }) {
  const t = useT();
  const api = useApi();
  const pack = data.packs.find((p) => p.id === param.packId)!;
  const [text, setText] = useState(toText(param.value));
  const parsed = fromText(text, param.value);
  const problems: Problem[] = !parsed.ok
    ? [{ path: param.key, message: t('options.params.badValue') }]
    : api.checkParam(pack, param.key, parsed.value);
  const dirty = text !== toText(param.value);
  const label = PARAM_LABELS[param.key];
  const id = `param-${param.key.replace(/[^a-z0-9]/gi, '-')}`;
  const numeric = typeof param.value === 'number';
  const multiline = !numeric && typeof param.value !== 'string';
  const boolean = typeof param.value === 'boolean';
  return (
    <tr data-param={param.key}>
      <th scope="row">
        <label for={id}>{label ? t(label) : param.key}</label>
        <br />
        <small class="muted">
          {param.key} · {param.packId}
          {param.overridden && ` · ${t('options.params.changed', [toText(param.original)])}`}
        </small>
      </th>
      <td>
        <form
          class="inline-edit"
          onSubmit={(e) => {
            e.preventDefault();
            if (!parsed.ok || problems.length) return;
            void apply(
              () => api.setParam(param.packId, param.key, parsed.value),
              t('options.params.saved', [param.key]),
            );
          }}
        >
          {boolean ? (
            <input
              id={id}
              type="checkbox"
              checked={param.value === true}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLInputElement).checked;
                void apply(
                  () => api.setParam(param.packId, param.key, v),
                  t('options.params.saved', [param.key]),
                );
              }}
            />
          ) : multiline ? (
            <textarea
              id={id}
              rows={Math.min(6, text.split('\n').length + 1)}
              value={text}
              aria-invalid={problems.length > 0}
              aria-describedby={problems.length ? `${id}-problems` : undefined}
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
            />
          ) : numeric ? (
            <input
              id={id}
              type="number"
              step="any"
              value={text}
              aria-invalid={problems.length > 0}
              aria-describedby={problems.length ? `${id}-problems` : undefined}
              onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
            />
          ) : (
            <input
              id={id}
              type="text"
              value={text}
              aria-invalid={problems.length > 0}
              aria-describedby={problems.length ? `${id}-problems` : undefined}
              onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
            />
          )}
          {!boolean && (
            <button type="submit" disabled={!dirty || problems.length > 0}>
              {t('options.save')}
            </button>
          )}
          {param.overridden && (
            <button
              type="button"
              onClick={() =>
                void apply(
                  () => api.setParam(param.packId, param.key, null),
                  t('options.params.resetDone', [param.key]),
                )
              }
            >
              {t('options.reset')}
            </button>
          )}
          {dirty && <Problems problems={problems} id={`${id}-problems`} />}
        </form>
      </td>
      <td>
        <Basis cite={param.cite} basis={param.basis} sourceHref="#src-" />
      </td>
    </tr>
  );
}

function PacksTable({
  data,
  apply,
  guard,
  open,
  setOpen,
}: {
  data: PacksState;
  apply: Apply;
  guard(work: () => Promise<void>): Promise<unknown>;
  open: string | null;
  setOpen(id: string | null): void;
}) {
  const t = useT();
  const api = useApi();
  const layer = new Set(officeLayer(data));
  const active = new Set(data.active);
  return (
    <>
      <h3>{t('options.packs.list')}</h3>
      <table class="list" data-testid="packs">
        <caption class="sr-only">{t('options.packs.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('options.packs.name')}</th>
            <th scope="col">{t('options.packs.jurisdiction')}</th>
            <th scope="col">{t('options.packs.version')}</th>
            <th scope="col">{t('options.packs.rules')}</th>
            <th scope="col">{t('options.packs.source')}</th>
            <th scope="col">{t('options.packs.state')}</th>
            <th scope="col">{t('options.packs.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {data.packs.map((p) => {
            const changed = p.overrides.length;
            return (
              <Fragment key={p.id}>
                <tr data-pack={p.id}>
                  <td>
                    {p.pack.name}
                    <br />
                    <small class="muted">{p.id}</small>
                  </td>
                  <td>{p.pack.jurisdiction}</td>
                  <td>{p.pack.version}</td>
                  <td>{p.pack.rules.length}</td>
                  <td>{p.source === 'seed' ? t('options.packs.seed') : t('options.packs.user')}</td>
                  <td>
                    <label>
                      <input
                        type="checkbox"
                        checked={active.has(p.id)}
                        disabled={layer.has(p.id)}
                        onChange={(e) => {
                          const on = (e.currentTarget as HTMLInputElement).checked;
                          void apply(
                            () => api.setPackEnabled(p.id, on),
                            t(on ? 'options.packs.enabledDone' : 'options.packs.disabledDone', [
                              p.id,
                            ]),
                          );
                        }}
                      />{' '}
                      {layer.has(p.id)
                        ? t('options.packs.inLayer')
                        : active.has(p.id)
                          ? t('options.packs.on')
                          : t('options.packs.off')}
                    </label>
                    {changed > 0 && (
                      <>
                        <br />
                        <small class="muted">{t('options.packs.overrides', [changed])}</small>
                      </>
                    )}
                  </td>
                  <td class="row-actions">
                    <button
                      type="button"
                      aria-expanded={open === p.id}
                      aria-controls={`rules-${p.id}`}
                      onClick={() => setOpen(open === p.id ? null : p.id)}
                    >
                      {t('options.packs.showRules')}
                    </button>
                    <button
                      type="button"
                      onClick={() =>
                        void guard(async () =>
                          api.download(await api.exportPack(p.id, changed > 0)),
                        )
                      }
                    >
                      {t('options.packs.export')}
                    </button>
                    {changed > 0 && (
                      <button
                        type="button"
                        onClick={() =>
                          void apply(
                            () => api.resetPack(p.id),
                            t('options.packs.resetDone', [p.id]),
                          )
                        }
                      >
                        {t('options.packs.reset')}
                      </button>
                    )}
                    {p.source === 'user' && (
                      <button
                        type="button"
                        class="danger"
                        onClick={() =>
                          void apply(() => api.deletePack(p.id), t('options.packs.deleted', [p.id]))
                        }
                      >
                        {t('options.delete')}
                      </button>
                    )}
                  </td>
                </tr>
                {open === p.id && (
                  <tr class="expanded">
                    <td colSpan={7} id={`rules-${p.id}`}>
                      <RulesTable pack={p} apply={apply} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function RulesTable({ pack, apply }: { pack: PackView; apply: Apply }) {
  const t = useT();
  const overrides = new Map(pack.overrides.map((o) => [o.ruleId, o]));
  return (
    <table class="list rules" data-testid={`rules-${pack.id}`}>
      <caption>{t('options.rules.caption', [pack.pack.name])}</caption>
      <thead>
        <tr>
          <th scope="col">{t('options.rules.rule')}</th>
          <th scope="col">{t('options.rules.severity')}</th>
          <th scope="col">{t('options.rules.enabled')}</th>
          <th scope="col">{t('options.rules.basis')}</th>
          <th scope="col">{t('options.rules.options')}</th>
        </tr>
      </thead>
      <tbody>
        {pack.pack.rules.map((rule) => (
          <RuleRow
            key={`${rule.id}:${overrides.get(rule.id)?.updatedAt ?? ''}`}
            pack={pack}
            rule={rule}
            override={overrides.get(rule.id)}
            apply={apply}
          />
        ))}
        {overrides.has(PARAMS_RULE_ID) && (
          <tr>
            <td colSpan={5} class="muted">
              {t('options.rules.paramsChanged')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function RuleRow({
  pack,
  rule,
  override: o,
  apply,
}: {
  pack: PackView;
  rule: Rule;
  /** The office's change to this rule, if any. */
  override: OverrideView | undefined;
  apply: Apply;
}) {
  const t = useT();
  const api = useApi();
  const overridden = o !== undefined;
  const severity = o?.severity ?? rule.severity;
  const enabled = o?.enabled ?? rule.enabled;
  const options = useMemo(() => ({ ...rule.options, ...(o?.options ?? {}) }), [rule, o]);
  const [text, setText] = useState(JSON.stringify(options, null, 2));
  const [editing, setEditing] = useState(false);
  const parsed = parseJsonObject(text);
  const problems: Problem[] = editing
    ? parsed
      ? api.checkRuleOverride(pack, rule.id, { options: parsed })
      : [{ path: `${pack.id} › ${rule.id} › options`, message: t('options.rules.badJson') }]
    : [];
  const qualified = `${pack.id}/${rule.id}`;
  const id = `rule-${pack.id}-${rule.id}`.replace(/[^a-z0-9-]/gi, '-');
  const patch = (p: RulePatch) => api.setRuleOverride(pack.id, rule.id, { ...o, ...p });
  return (
    <tr data-rule={rule.id}>
      <th scope="row">
        <span class="rule-id">{rule.id}</span>{' '}
        <small class="muted">
          {rule.kind} · {rule.category}
        </small>
        <br />
        {rule.message}
        {overridden && (
          <>
            {' '}
            <span class="tag">{t('options.rules.changed')}</span>
          </>
        )}
      </th>
      <td>
        <select
          aria-label={t('options.rules.severityOf', [rule.id])}
          value={severity}
          onChange={(e) => {
            const s = (e.currentTarget as HTMLSelectElement).value as Severity;
            void apply(() => patch({ severity: s }), t('options.rules.saved', [qualified]));
          }}
        >
          {SEVERITY_ORDER.map((s) => (
            <option key={s} value={s}>
              {t(SEVERITY_KEY[s])}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={t('options.rules.enabledOf', [rule.id])}
          checked={enabled}
          onChange={(e) => {
            const on = (e.currentTarget as HTMLInputElement).checked;
            void apply(() => patch({ enabled: on }), t('options.rules.saved', [qualified]));
          }}
        />
      </td>
      <td>
        <Basis cite={rule.cite} basis={rule.basis} sourceHref="#src-" />
      </td>
      <td>
        <details onToggle={(e) => setEditing((e.currentTarget as HTMLDetailsElement).open)}>
          <summary>{t('options.rules.editOptions')}</summary>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!parsed || problems.length) return;
              void apply(() => patch({ options: parsed }), t('options.rules.saved', [qualified]));
            }}
          >
            <label class="sr-only" for={id}>
              {t('options.rules.optionsOf', [rule.id])}
            </label>
            <textarea
              id={id}
              class="json"
              rows={Math.min(12, text.split('\n').length + 1)}
              value={text}
              aria-invalid={problems.length > 0}
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
            />
            <Problems problems={problems} />
            <div class="actions">
              <button type="submit" disabled={!parsed || problems.length > 0}>
                {t('options.save')}
              </button>
            </div>
          </form>
        </details>
        {overridden && (
          <button
            type="button"
            onClick={() =>
              void apply(
                () => api.setRuleOverride(pack.id, rule.id, null),
                t('options.rules.resetDone', [qualified]),
              )
            }
          >
            {t('options.rules.reset')}
          </button>
        )}
        {pack.source === 'user' && (
          <button
            type="button"
            class="danger"
            onClick={() =>
              void apply(
                () => api.removeCustomRule(pack.id, rule.id),
                t('options.rules.removed', [qualified]),
              )
            }
          >
            {t('options.delete')}
          </button>
        )}
      </td>
    </tr>
  );
}

function ImportPack({ apply }: { apply: Apply }) {
  const t = useT();
  const api = useApi();
  const [replace, setReplace] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  return (
    <div class="import">
      <h3>{t('options.import.title')}</h3>
      <p class="muted">{t('options.import.help')}</p>
      <div class="actions">
        <label>
          {t('options.import.file')}{' '}
          <input
            type="file"
            accept=".json,application/json"
            data-testid="import-pack"
            onChange={async (e) => {
              const input = e.currentTarget as HTMLInputElement;
              const file = input.files?.[0];
              if (!file) return;
              const text = await readFileText(file);
              input.value = '';
              // A refused file's problems show here, by the file input, not in the section's list.
              let errors: Problem[] = [];
              await apply(
                async () => {
                  const r = await api.importPack(text, replace);
                  if (r.ok) return r;
                  errors = r.errors;
                  return { ok: false, errors: [] };
                },
                t('options.import.done', [file.name]),
              );
              setProblems(errors);
            }}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={replace}
            onChange={(e) => setReplace((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {t('options.import.replace')}
        </label>
      </div>
      {problems.length > 0 && (
        <p class="error-text" ref={(el) => el?.scrollIntoView?.({ block: 'nearest' })}>
          {t('options.import.refused')}
        </p>
      )}
      <Problems problems={problems} testId="import-errors" />
    </div>
  );
}

const EMPTY_RULE: CustomRule = {
  id: '',
  kind: 'pattern',
  severity: 'warning',
  category: '合法性',
  message: '',
  basis: '',
  options: { triggers: [] },
};

function CustomRuleForm({ apply }: { apply: Apply }) {
  const t = useT();
  const api = useApi();
  const [rule, setRule] = useState<CustomRule>(EMPTY_RULE);
  const [optionsText, setOptionsText] = useState('{\n  "triggers": []\n}');
  const [touched, setTouched] = useState(false);
  const options = parseJsonObject(optionsText);
  const candidate = { ...rule, options: options ?? {} };
  const problems: Problem[] = !touched
    ? []
    : options
      ? api.checkCustomRule(candidate)
      : [{ path: t('options.custom.options'), message: t('options.rules.badJson') }];
  const set = (patch: Partial<CustomRule>) => {
    setTouched(true);
    setRule({ ...rule, ...patch });
  };
  const text = (key: 'id' | 'message' | 'basis', label: MessageKey) => (
    <label>
      {t(label)}
      <input
        type="text"
        value={rule[key]}
        onInput={(e) => set({ [key]: (e.currentTarget as HTMLInputElement).value })}
      />
    </label>
  );
  return (
    <form
      class="custom-rule"
      data-testid="custom-rule"
      onSubmit={async (e) => {
        e.preventDefault();
        setTouched(true);
        if (!options || api.checkCustomRule(candidate).length) return;
        const ok = await apply(
          () => api.addCustomRule(candidate),
          t('options.custom.added', [rule.id]),
        );
        if (ok) {
          setRule(EMPTY_RULE);
          setTouched(false);
        }
      }}
    >
      <h3>{t('options.custom.title')}</h3>
      <p class="muted">{t('options.custom.help')}</p>
      <div class="grid">
        {text('id', 'options.custom.id')}
        <label>
          {t('options.custom.kind')}
          <select
            value={rule.kind}
            onChange={(e) => set({ kind: (e.currentTarget as HTMLSelectElement).value })}
          >
            {api.ruleKinds().map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('options.rules.severity')}
          <select
            value={rule.severity}
            onChange={(e) =>
              set({ severity: (e.currentTarget as HTMLSelectElement).value as Severity })
            }
          >
            {SEVERITY_ORDER.map((s) => (
              <option key={s} value={s}>
                {t(SEVERITY_KEY[s])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('options.custom.category')}
          <select
            value={rule.category}
            onChange={(e) =>
              set({ category: (e.currentTarget as HTMLSelectElement).value as Category })
            }
          >
            {CATEGORY_ORDER.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        {text('message', 'options.custom.message')}
        {text('basis', 'options.custom.basis')}
      </div>
      <label>
        {t('options.custom.options')}
        <textarea
          class="json"
          rows={4}
          value={optionsText}
          onInput={(e) => {
            setTouched(true);
            setOptionsText((e.currentTarget as HTMLTextAreaElement).value);
          }}
        />
      </label>
      <Problems problems={problems} testId="custom-problems" />
      <div class="actions">
        <button type="submit" class="primary" disabled={touched && problems.length > 0}>
          {t('options.custom.add')}
        </button>
      </div>
    </form>
  );
}
