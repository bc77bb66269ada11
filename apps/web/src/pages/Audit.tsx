import { useInfiniteQuery } from '@tanstack/react-query';
import { useTRPC } from '../lib/trpc.ts';
import { dateTime } from '../lib/format.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Table } from '../components/Table.tsx';

const PAGE = 20;

export function AuditPage() {
  const trpc = useTRPC();
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, initialCursor: null },
    ),
  );
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <section>
      <h1>Audit log</h1>
      <p className="muted">Everything that changed on your account and its keys, newest first.</p>
      <ErrorNote error={events.error} />
      <Table caption="Audit events" captionHidden columns={['When', 'Event', 'Key', 'From', 'Detail']}>
        {rows.map((e) => (
          <tr key={e.id}>
            <td>{dateTime(e.at)}</td>
            <td>
              <code>{e.type}</code>
            </td>
            <td>{e.keyId ? <code>{e.keyId}</code> : '—'}</td>
            <td>{e.ip ?? '—'}</td>
            <td className="detail">{Object.keys(e.detail ?? {}).length ? JSON.stringify(e.detail) : '—'}</td>
          </tr>
        ))}
      </Table>
      {rows.length === 0 && !events.isPending && <p className="muted">No events yet.</p>}
      {events.hasNextPage && (
        <button
          type="button"
          className="secondary"
          onClick={() => void events.fetchNextPage()}
          disabled={events.isFetchingNextPage}
        >
          Show older events
        </button>
      )}
    </section>
  );
}
