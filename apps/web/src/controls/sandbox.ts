import type { createSandboxClient } from '@mockex/client';

/** The sandbox control API, as this page's token opens it. */
export type Sandbox = ReturnType<typeof createSandboxClient>;
