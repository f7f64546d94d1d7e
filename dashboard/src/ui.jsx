import { useEffect, useState, useCallback } from 'preact/hooks';

/** Loads `fn` and re-runs it on `deps` or every `everyMs`; gives loading / error / data. */
export function useLoad(fn, deps = [], everyMs = 0) {
  const [state, setState] = useState({ loading: true, error: null, data: null });
  const reload = useCallback(() => {
    fn().then(
      (data) => setState({ loading: false, error: null, data }),
      (error) => setState((s) => ({ loading: false, error, data: s.data })),
    );
  }, deps);
  useEffect(() => {
    reload();
    if (!everyMs) return undefined;
    const t = setInterval(reload, everyMs);
    return () => clearInterval(t);
  }, [reload]);
  return { ...state, reload };
}

export function State({ s, empty, emptyText, children }) {
  if (s.loading && !s.data) return <p class="state" role="status">Loading…</p>;
  if (s.error && !s.data) return <p class="state error" role="alert">Could not load: {s.error.message}</p>;
  if (empty) return <p class="state empty">{emptyText}</p>;
  return children;
}

export function Copy({ text, label = 'Copy' }) {
  const [done, setDone] = useState('');
  // Without clipboard access (an http page not on localhost) the text stays selectable.
  const copy = () => navigator.clipboard.writeText(text).then(() => setDone('Copied'), (e) => setDone(`Copy failed (${e.name}): select the text instead`));
  return (
    <button type="button" onClick={copy}>
      {done || label}
    </button>
  );
}

export function Secret({ value, onClose }) {
  return (
    <div class="secret" role="dialog" aria-label="New secret">
      <p>Copy it now: it is shown this once and never again.</p>
      <code data-testid="secret">{value}</code>
      <Copy text={value} />
      <button type="button" onClick={onClose}>Done</button>
    </div>
  );
}

export function Err({ error }) {
  return error ? <p class="error" role="alert">{error.message}</p> : null;
}
