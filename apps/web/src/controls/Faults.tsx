import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FaultKind, FaultSpec } from '@mockex/client';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Field } from '../components/Field.tsx';
import { ArmedFaults } from './ArmedFaults.tsx';
import type { Sandbox } from './sandbox.ts';

const FAULTS: { kind: FaultKind; what: string }[] = [
  { kind: 'rate_limit', what: '429 Too many requests' },
  { kind: 'out_of_sync', what: '400 position not in sync with exchange' },
  { kind: 'server_error', what: '500 from the exchange' },
  { kind: 'maintenance', what: '503 maintenance' },
  { kind: 'timeout', what: 'no answer at all' },
  { kind: 'latency', what: 'a slow answer' },
];

export function Faults({ sandbox }: { sandbox: Sandbox }) {
  const queryClient = useQueryClient();
  const faults = useQuery({
    queryKey: ['sandbox', 'faults'],
    queryFn: () => sandbox.listFaults(),
    refetchInterval: 5_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['sandbox', 'faults'] });
  const [spec, setSpec] = useState({
    fault: 'rate_limit' as FaultKind,
    path: '',
    keyPrefix: '',
    times: '1',
    latencyMs: '2000',
  });
  const arm = useMutation({
    mutationFn: () => {
      const match = {
        ...(spec.path.trim() ? { path: spec.path.trim() } : {}),
        ...(spec.keyPrefix.trim() ? { keyPrefix: spec.keyPrefix.trim() } : {}),
      };
      const body: FaultSpec = {
        fault: spec.fault,
        ...(Object.keys(match).length ? { match } : {}),
        ...(spec.times.trim() ? { times: Number(spec.times) } : {}),
        ...(spec.fault === 'latency' ? { latencyMs: Number(spec.latencyMs) } : {}),
      };
      return sandbox.armFault(body);
    },
    onSuccess: refresh,
  });
  const disarm = useMutation({ mutationFn: (id: string) => sandbox.disarmFault(id), onSuccess: refresh });
  const clear = useMutation({ mutationFn: () => sandbox.clearFaults(), onSuccess: refresh });
  const list = faults.data?.faults ?? [];
  return (
    <article className="card span-2" aria-labelledby="faults-title">
      <h2 id="faults-title">Faults</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          arm.mutate();
        }}
      >
        <div className="grid three">
          <div className="field">
            <label htmlFor="fault-kind">Fault</label>
            <select
              id="fault-kind"
              value={spec.fault}
              onChange={(e) => setSpec({ ...spec, fault: e.target.value as FaultKind })}
            >
              {FAULTS.map((f) => (
                <option key={f.kind} value={f.kind}>
                  {f.kind}: {f.what}
                </option>
              ))}
            </select>
          </div>
          <Field
            id="fault-path"
            label="Path (optional)"
            placeholder="/fapi/v1/futures/*"
            value={spec.path}
            onChange={(e) => setSpec({ ...spec, path: e.target.value })}
          />
          <Field
            id="fault-key"
            label="Key prefix (optional)"
            placeholder="mx_…"
            value={spec.keyPrefix}
            onChange={(e) => setSpec({ ...spec, keyPrefix: e.target.value })}
          />
          <Field
            id="fault-times"
            label="Times (empty: until disarmed)"
            inputMode="numeric"
            value={spec.times}
            onChange={(e) => setSpec({ ...spec, times: e.target.value })}
          />
          {spec.fault === 'latency' && (
            <Field
              id="fault-latency"
              label="Latency (ms)"
              inputMode="numeric"
              value={spec.latencyMs}
              onChange={(e) => setSpec({ ...spec, latencyMs: e.target.value })}
            />
          )}
        </div>
        <div className="actions">
          <button type="submit" disabled={arm.isPending}>
            Arm fault
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => clear.mutate()}
            disabled={list.length === 0}
          >
            Disarm all
          </button>
        </div>
      </form>
      <ErrorNote error={arm.error ?? disarm.error ?? clear.error ?? faults.error} />
      {list.length === 0 ? (
        <p className="muted">Nothing armed: the exchange behaves.</p>
      ) : (
        <ArmedFaults faults={list} onDisarm={(id) => disarm.mutate(id)} />
      )}
    </article>
  );
}
