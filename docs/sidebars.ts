import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';

const sidebars: SidebarsConfig = {
  guides: [
    'intro',
    'quickstart',
    'guides/web-app',
    {
      type: 'category',
      label: 'Keys',
      collapsed: false,
      items: ['guides/key-management', 'guides/key-security'],
    },
    {
      type: 'category',
      label: 'Trading through the API',
      collapsed: false,
      items: [
        'guides/calling-the-exchange',
        'guides/rate-limits',
        'guides/out-of-sync',
        'guides/venue-notes',
      ],
    },
    {
      type: 'category',
      label: 'Testing your bot',
      collapsed: false,
      items: ['guides/sandbox-and-faults', 'guides/testing-with-msw'],
    },
    {
      type: 'category',
      label: 'Operating Mockex',
      collapsed: false,
      items: ['guides/deployment', 'guides/security'],
    },
    'faq',
  ],
  // Every page here is written by scripts/generate-references.ts at build time.
  reference: ['reference/errors', 'reference/rest-api', 'reference/key-api'],
};

export default sidebars;
