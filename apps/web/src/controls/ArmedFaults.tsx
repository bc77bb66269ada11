import type { ArmedFault } from '@mockex/client';
import { dateTime } from '../lib/format.ts';
import { Table } from '../components/Table.tsx';

/** The faults armed now, each with its own Disarm button. */
export function ArmedFaults({ faults, onDisarm }: { faults: ArmedFault[]; onDisarm: (id: string) => void }) {
  return (
    <Table caption="Armed faults" columns={['Fault', 'Matches', 'Times left', 'Armed', 'Actions']}>
      {faults.map((f) => (
        <tr key={f.id}>
          <td>{f.fault}</td>
          <td>
            {[f.match?.method, f.match?.path, f.match?.keyPrefix].filter(Boolean).join(' ') ||
              'every exchange request'}
            {f.probability !== undefined && f.probability !== null ? ` · p=${f.probability}` : ''}
          </td>
          <td>{f.remaining ?? 'until disarmed'}</td>
          <td>{dateTime(f.createdAt)}</td>
          <td>
            <button type="button" className="secondary small" onClick={() => onDisarm(f.id)}>
              Disarm<span className="visually-hidden"> {f.fault}</span>
            </button>
          </td>
        </tr>
      ))}
    </Table>
  );
}
