/** One control per field kind of the generated form (see form-model.ts). */
import { useRef, useState } from 'react';
import type { ColumnOption } from '../results/upstream';
import { formatValue, parseInput, rangeHint, type FieldModel } from './form-model';

export interface FieldProps {
  readonly field: FieldModel;
  readonly value: unknown;
  /** Validation message from the params schema for this field, if any. */
  readonly error: string | undefined;
  readonly columns: readonly ColumnOption[] | undefined;
  readonly testId: string;
  onChange(value: unknown): void;
  onCommitDone(): void;
  onChooseFile?(file: File): void;
}

/** A text box whose draft survives while focused; outside focus it shows the stored value. */
function TextBox({ field, value, onChange, onCommitDone, testId, multiline = false }: FieldProps & { multiline?: boolean }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const shown = draft ?? formatValue(field, value);
  const update = (text: string) => {
    setDraft(text);
    const parsed = parseInput(field, text);
    if (parsed.ok) {
      setProblem(null);
      onChange(parsed.value);
    } else {
      setProblem(parsed.message);
    }
  };
  const common = {
    className: `mw-input${problem !== null ? ' mw-input-error' : ''}`,
    'data-testid': testId,
    value: shown,
    onFocus: () => setDraft(formatValue(field, value)),
    onBlur: () => { setDraft(null); setProblem(null); onCommitDone(); },
  };
  return (
    <>
      {multiline
        ? <textarea {...common} rows={4} onChange={(e) => update(e.target.value)} />
        : <input {...common} inputMode={field.kind === 'number' ? 'decimal' : undefined} onChange={(e) => update(e.target.value)} />}
      {problem !== null && <div className="mw-field-error">{problem}</div>}
    </>
  );
}

function ColumnSelect({ value, columns, onChange, onCommitDone, testId }: FieldProps) {
  const current = typeof value === 'string' ? value : '';
  const names = columns?.map((c) => c.name) ?? [];
  const missing = current !== '' && columns !== undefined && !names.includes(current);
  return (
    <select className="mw-input" data-testid={testId} value={current} onChange={(e) => { onChange(e.target.value); onCommitDone(); }}>
      <option value="">— none —</option>
      {missing && <option value={current}>{current} (not in the data)</option>}
      {columns === undefined && current !== '' && <option value={current}>{current}</option>}
      {columns?.map((c) => <option key={c.name} value={c.name}>{c.name} · {c.type}</option>)}
    </select>
  );
}

function ColumnChecklist({ value, columns, onChange, onCommitDone, testId }: FieldProps) {
  const selected = new Set(Array.isArray(value) ? value.map(String) : []);
  const options = columns?.map((c) => c.name) ?? [];
  const extra = [...selected].filter((s) => !options.includes(s));
  const toggle = (name: string) => {
    const next = new Set(selected);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    onChange([...options, ...extra].filter((n) => next.has(n)));
    onCommitDone();
  };
  if (columns === undefined) {
    return <div className="mw-muted mw-small" data-testid={testId}>Connect and run (or import) a table upstream to pick columns.{selected.size > 0 ? ` Selected: ${[...selected].join(', ')}` : ''}</div>;
  }
  return (
    <div className="mw-checklist" data-testid={testId}>
      {[...columns.map((c) => ({ name: c.name, type: c.type, missing: false })), ...extra.map((name) => ({ name, type: 'missing', missing: true }))].map((c) => (
        <label key={c.name} className={`mw-check${c.missing ? ' mw-check-missing' : ''}`}>
          <input type="checkbox" checked={selected.has(c.name)} onChange={() => toggle(c.name)} data-testid={`${testId}-${c.name}`} />
          <span className="mw-check-name">{c.name}</span>
          <span className="mw-badge">{c.type}</span>
        </label>
      ))}
    </div>
  );
}

function FileField(props: FieldProps) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <div className="mw-file-field">
      <TextBox {...props} />
      {props.onChooseFile !== undefined && (
        <>
          <button className="mw-btn mw-btn-small" onClick={() => picker.current?.click()} data-testid={`${props.testId}-choose`}>Choose CSV…</button>
          <input ref={picker} type="file" accept=".csv,.tsv,.txt,text/csv" hidden onChange={(e) => {
            const file = e.target.files?.[0];
            if (file !== undefined) props.onChooseFile?.(file);
            e.target.value = '';
          }} />
        </>
      )}
    </div>
  );
}

export function FieldControl(props: FieldProps) {
  const { field, value, onChange, onCommitDone, testId } = props;
  switch (field.kind) {
    case 'boolean':
      return (
        <label className="mw-switch">
          <input type="checkbox" data-testid={testId} checked={value === true} onChange={(e) => { onChange(e.target.checked); onCommitDone(); }} />
          <span>{value === true ? 'On' : 'Off'}</span>
        </label>
      );
    case 'select':
      return (
        <select className="mw-input" data-testid={testId} value={typeof value === 'string' ? value : ''} onChange={(e) => { onChange(e.target.value); onCommitDone(); }}>
          {field.optional && value === undefined && <option value="">(default)</option>}
          {field.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
    case 'column':
      return <ColumnSelect {...props} />;
    case 'columns':
      return <ColumnChecklist {...props} />;
    case 'file':
      return <FileField {...props} />;
    case 'text':
      return <TextBox {...props} multiline={field.multiline} />;
    case 'number':
    case 'number-list':
    case 'text-list':
    case 'json':
      return <TextBox {...props} />;
  }
}

export function fieldHint(field: FieldModel): string | undefined {
  return rangeHint(field);
}
