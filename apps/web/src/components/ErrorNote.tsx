import { explain } from '../lib/errors.ts';

/** A refusal as a sentence and what to do, announced to screen readers. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const e = explain(error);
  return (
    <div className="note error" role="alert">
      <p>
        <strong>{e.message}</strong>
      </p>
      {e.fix && <p>{e.fix}</p>}
    </div>
  );
}
