/** What the last control did, announced. */
export function Done({ text }: { text: string | null }) {
  return (
    <p role="status" className="muted">
      {text}
    </p>
  );
}
