/**
 * The query box (issue 7): always in the top bar, above the canvas; Ctrl/Cmd+K focuses it. A question
 * is answered in a panel under it that starts with how the question was read, then the answer (a
 * sentence, a table, a chart), the choices of an ambiguous question, or three questions that would work.
 * A build or edit question changes the canvas at once, as one undoable edit.
 */
import { useEffect, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { displayKeys } from '../services/keyboard';
import { runGraph } from '../services/run';
import { AnswerView } from './AnswerView';
import { askQuestion, pinAnswer, undoQueryEdit, watchQueryHistory } from './service';
import { useQueryStore, type QueryState } from './store';
import './query.css';

const selectBox = (s: QueryState) => ({ text: s.text, pending: s.pending, open: s.open, historyOpen: s.historyOpen, hasContent: s.pending !== null || s.result !== null || s.failure !== null });

export function QueryBox() {
  const box = useQueryStore(useShallow(selectBox));
  const input = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => watchQueryHistory(), []);

  // A click elsewhere folds the panel away (the answer stays, and comes back on focus).
  useEffect(() => {
    if (!box.open && !box.historyOpen) return undefined;
    const onDown = (e: PointerEvent) => {
      if (root.current !== null && e.target instanceof Node && !root.current.contains(e.target)) useQueryStore.getState().setOpen(false);
    };
    window.addEventListener('pointerdown', onDown);
    return () => window.removeEventListener('pointerdown', onDown);
  }, [box.open, box.historyOpen]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void askQuestion(box.text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      useQueryStore.getState().setOpen(false);
      input.current?.blur();
    } else if (e.key === 'ArrowDown' && !box.historyOpen) {
      e.preventDefault();
      useQueryStore.getState().setHistoryOpen(true);
    }
  };

  return (
    <div className="mw-query" ref={root} data-testid="query-box">
      <form className="mw-query-form" onSubmit={submit} role="search">
        <span className="mw-query-icon" aria-hidden="true">⌕</span>
        <input
          ref={input}
          className="mw-query-input"
          data-testid="query-input"
          aria-label="Ask a question about your data or model"
          placeholder={`Ask your data, or describe a model…  ${displayKeys('Mod+K')}`}
          value={box.text}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => useQueryStore.getState().setText(e.target.value)}
          onFocus={() => {
            if (box.hasContent) useQueryStore.getState().setOpen(true);
          }}
          onKeyDown={onKeyDown}
        />
        {box.pending !== null && <span className="mw-spinner mw-query-spinner" aria-label="Reading the question" />}
        <button
          type="button"
          className="mw-icon-btn mw-query-history-btn"
          data-testid="query-history-toggle"
          title="Questions asked in this project"
          aria-label="Question history"
          aria-expanded={box.historyOpen}
          onClick={() => useQueryStore.getState().setHistoryOpen(!box.historyOpen)}
        >
          ▾
        </button>
      </form>
      {box.historyOpen ? <HistoryList /> : box.open && box.hasContent ? <QueryPanel /> : null}
    </div>
  );
}

const selectHistory = (s: QueryState) => s.history;

function HistoryList() {
  const history = useQueryStore(selectHistory);
  return (
    <div className="mw-query-dropdown mw-query-history" data-testid="query-history" role="listbox" aria-label="Question history">
      {history.length === 0 ? (
        <div className="mw-muted mw-pad">No questions asked in this project yet.</div>
      ) : (
        history.map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="option"
            aria-selected={false}
            className="mw-query-history-item"
            data-testid="query-history-item"
            title={`${entry.reading}\nAsked ${new Date(entry.askedAt).toLocaleString()} — click to ask again`}
            onClick={() => void askQuestion(entry.text)}
          >
            <span className="mw-query-history-text">{entry.text}</span>
            {entry.pinned && <span className="mw-query-badge" title="Pinned">pinned</span>}
            <span className="mw-query-history-kind">{kindLabel(entry.kind)}</span>
          </button>
        ))
      )}
    </div>
  );
}

function kindLabel(kind: string): string {
  switch (kind) {
    case 'build-model':
    case 'edit-graph':
      return 'canvas';
    case 'data-question':
      return 'data';
    case 'model-question':
      return 'model';
    case 'what-if':
      return 'what-if';
    case 'ambiguity':
      return 'choices';
    default:
      return 'not understood';
  }
}

const selectPanel = (s: QueryState) => ({ pending: s.pending, result: s.result, failure: s.failure, applied: s.applied, pinned: s.pinned, asked: s.asked });

function QueryPanel() {
  const p = useQueryStore(useShallow(selectPanel));
  const close = () => useQueryStore.getState().setOpen(false);
  const { result, failure } = p;
  const intent = result?.intent;
  const reading = result?.answer?.reading ?? intent?.reading;
  const waiting = p.pending !== null;
  return (
    <div
      className={`mw-query-dropdown mw-query-panel${waiting ? ' mw-query-waiting' : ''}`}
      data-testid="query-panel"
      data-pending={waiting}
      data-question={waiting ? p.pending : (p.asked ?? '')}
      aria-live="polite"
      aria-busy={waiting}
    >
      {waiting && <div className="mw-muted mw-query-pending">Reading “{p.pending}”…</div>}
      <div className="mw-query-head">
        {reading !== undefined && (
          <div className="mw-query-reading" data-testid="query-reading">
            <span className="mw-query-label">Read as</span> {reading}
          </div>
        )}
        <button type="button" className="mw-icon-btn" onClick={close} aria-label="Close the answer" title="Close (Esc)">✕</button>
      </div>
      {result?.data !== undefined && intent?.kind === 'data-question' && (
        <div className="mw-query-source mw-small mw-muted" data-testid="query-source">
          Data: {result.data.label} · {result.data.rows.toLocaleString('en-US')} rows{result.data.stale ? ' · from the latest run (the graph has changed since)' : ''}
        </div>
      )}
      {failure !== null && <ErrorBox code={failure.code} message={failure.message} hint={failure.hint} />}
      {intent?.kind === 'ambiguity' && (
        <div className="mw-query-choices">
          <div className="mw-query-ask">Which did you mean?</div>
          {intent.choices.map((choice) => (
            <button key={choice.query} type="button" className="mw-btn mw-btn-small" data-testid="query-choice" title={choice.query} onClick={() => void askQuestion(choice.query)}>
              {choice.label}
            </button>
          ))}
        </div>
      )}
      {intent?.kind === 'not-understood' && (
        <div className="mw-query-choices">
          <div className="mw-query-ask">{intent.message} Try one of these:</div>
          {intent.suggestions.map((s) => (
            <button key={s} type="button" className="mw-query-chip" data-testid="query-suggestion" onClick={() => void askQuestion(s)}>
              {s}
            </button>
          ))}
        </div>
      )}
      {result?.edit !== undefined && (
        <div className="mw-query-edit">
          <div className="mw-query-sentence" data-testid="query-answer">{result.edit.summary}</div>
          {p.applied !== null && (
            <div className="mw-query-actions">
              {p.applied.undone ? (
                <span className="mw-muted mw-small">Undone.</span>
              ) : (
                <>
                  <span className="mw-muted mw-small">Changed on the canvas; press Run to train it.</span>
                  <button type="button" className="mw-btn mw-btn-small" data-testid="query-undo" onClick={undoQueryEdit}>Undo</button>
                  <button type="button" className="mw-btn mw-btn-small mw-btn-primary" data-testid="query-run" onClick={() => void runGraph()}>▶ Run</button>
                </>
              )}
            </div>
          )}
        </div>
      )}
      {result?.answer !== undefined && (
        <>
          <AnswerView answer={result.answer} />
          <div className="mw-query-actions">
            <button type="button" className="mw-btn mw-btn-small" data-testid="query-pin" disabled={p.pinned} onClick={() => void pinAnswer()} title="Add this answer to the report">
              {p.pinned ? 'Pinned ✓' : 'Pin to report'}
            </button>
          </div>
        </>
      )}
      {result?.error !== undefined && (
        <ErrorBox code={result.error.code} message={result.error.message} hint={result.error.hint}>
          {result.error.code === 'MW_QUERY_NO_MODEL' && (
            <button type="button" className="mw-btn mw-btn-small" onClick={() => void runGraph()}>▶ Run the graph</button>
          )}
        </ErrorBox>
      )}
    </div>
  );
}

function ErrorBox({ code, message, hint, children }: { code: string; message: string; hint: string; children?: React.ReactNode }) {
  return (
    <div className="mw-callout mw-callout-error mw-query-error" data-testid="query-error" data-code={code}>
      <div>{message}</div>
      <div className="mw-small">{hint}</div>
      {children}
    </div>
  );
}
