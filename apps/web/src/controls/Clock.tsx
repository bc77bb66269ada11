import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dateTime, span } from '../lib/format.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Field } from '../components/Field.tsx';
import type { Sandbox } from './sandbox.ts';

export function Clock({ sandbox }: { sandbox: Sandbox }) {
  const queryClient = useQueryClient();
  const clock = useQuery({
    queryKey: ['sandbox', 'clock'],
    queryFn: () => sandbox.getClock(),
    refetchInterval: 15_000,
  });
  const [seconds, setSeconds] = useState('3600');
  const advance = useMutation({
    mutationFn: (s: number) => sandbox.advanceClock(s),
    onSuccess: (data) => queryClient.setQueryData(['sandbox', 'clock'], data),
  });
  return (
    <article className="card" aria-labelledby="clock-title">
      <h2 id="clock-title">Clock</h2>
      <p>
        Sandbox time: <strong>{dateTime(clock.data?.now)}</strong>
        {clock.data && clock.data.offsetSeconds > 0 && ` (${span(clock.data.offsetSeconds)} ahead)`}
      </p>
      <div className="row wrap">
        <button type="button" className="secondary" onClick={() => advance.mutate(3_600)}>
          +1 hour
        </button>
        <button type="button" className="secondary" onClick={() => advance.mutate(86_400)}>
          +1 day
        </button>
        <button type="button" className="secondary" onClick={() => advance.mutate(80 * 86_400)}>
          +80 days
        </button>
      </div>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          advance.mutate(Number(seconds));
        }}
      >
        <Field
          id="clock-seconds"
          label="Seconds to advance"
          inputMode="numeric"
          value={seconds}
          onChange={(e) => setSeconds(e.target.value)}
        />
        <button type="submit" disabled={advance.isPending}>
          Advance clock
        </button>
      </form>
      <ErrorNote error={clock.error ?? advance.error} />
    </article>
  );
}
