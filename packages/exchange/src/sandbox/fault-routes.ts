import { MockexError } from '@mockex/domain';
import { z } from 'zod';
import type { SandboxRoute } from './control-plane.ts';
import { armedFaultSchema, faultSpecSchema, type FaultSpec } from './faults.ts';

const faultNotFound = (id: string) => new MockexError('FAULT_NOT_FOUND', { id });

/** `/sandbox/v1/faults`: arm faults, list them, read one, disarm one or all (see faults.ts for what they do). */
export const FAULT_ROUTES: readonly [SandboxRoute<FaultSpec>, ...SandboxRoute[]] = [
  {
    method: 'POST',
    path: '/faults',
    operationId: 'armFault',
    summary: 'Arm a fault',
    body: faultSpecSchema,
    response: armedFaultSchema,
    example: {
      id: 'flt_01JD0000000000000000000000',
      fault: 'rate_limit',
      match: { path: '/fapi/v1/futures/*' },
      times: 1,
      remaining: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    successStatus: 201,
    errors: [],
    handle: ({ body }, plane) => plane.state.armFault(body),
  },
  {
    method: 'GET',
    path: '/faults',
    operationId: 'listFaults',
    summary: 'List armed faults',
    response: z.object({ faults: z.array(armedFaultSchema) }),
    successStatus: 200,
    errors: [],
    handle: async (_input, plane) => ({ faults: await plane.state.listFaults() }),
  },
  {
    method: 'DELETE',
    path: '/faults',
    operationId: 'disarmAllFaults',
    summary: 'Disarm every fault',
    response: z.object({ disarmed: z.number().int() }),
    successStatus: 200,
    errors: [],
    handle: async (_input, plane) => {
      const faults = await plane.state.listFaults();
      let disarmed = 0;
      for (const f of faults) if (await plane.state.disarmFault(f.id)) disarmed++;
      return { disarmed };
    },
  },
  {
    method: 'GET',
    path: '/faults/:id',
    operationId: 'getFault',
    summary: 'Read one armed fault',
    response: armedFaultSchema,
    successStatus: 200,
    errors: ['FAULT_NOT_FOUND'],
    handle: async ({ params }, plane) => {
      const fault = (await plane.state.listFaults()).find((f) => f.id === params.id);
      if (!fault) throw faultNotFound(params.id ?? '');
      return fault;
    },
  },
  {
    method: 'DELETE',
    path: '/faults/:id',
    operationId: 'disarmFault',
    summary: 'Disarm one fault',
    response: z.object({ id: z.string(), disarmed: z.literal(true) }),
    successStatus: 200,
    errors: ['FAULT_NOT_FOUND'],
    handle: async ({ params }, plane) => {
      const id = params.id ?? '';
      if (!(await plane.state.disarmFault(id))) throw faultNotFound(id);
      return { id, disarmed: true };
    },
  },
];
