import { ErrorNote } from './ErrorNote.tsx';

/** The foot of every dialog form: the refusal (if any), then submit and Cancel. */
export function DialogFooter({
  error,
  pending,
  submitLabel,
  onCancel,
  danger = false,
}: {
  error: unknown;
  pending: boolean;
  submitLabel: string;
  onCancel: () => void;
  danger?: boolean;
}) {
  return (
    <>
      <ErrorNote error={error} />
      <div className="actions">
        <button type="submit" className={danger ? 'danger' : undefined} disabled={pending}>
          {submitLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
