import type { Config, Plugin } from '@docusaurus/types';
import type { Options as PresetOptions, ThemeConfig } from '@docusaurus/preset-classic';
import type { PluginOptions as SearchOptions } from '@easyops-cn/docusaurus-search-local';
import { themes as prismThemes } from 'prism-react-renderer';

/**
 * `?raw` imports give MDX pages the text of a file under examples/, so the code a guide shows is the
 * very file the tests execute. Declared as an asset module (not a remark step) so the bundler tracks the
 * example as a dependency and its persistent cache cannot serve stale text.
 */
function rawImports(): Plugin {
  return {
    name: 'mockex-raw-imports',
    configureWebpack(config, isServer) {
      // Keep the JS/TS loader away from `?raw` requests, then serve them as plain source strings.
      for (const rule of config.module?.rules ?? []) {
        if (rule && typeof rule === 'object' && rule.test instanceof RegExp && rule.test.test('x.ts')) {
          rule.resourceQuery = { not: [/raw/] };
        }
      }
      return {
        plugins: isServer ? [commonJsServerBundle as never] : [],
        module: {
          rules: [
            { resourceQuery: /raw/, type: 'asset/source' },
            // This package is `"type": "module"`, which would make the bundler parse Docusaurus' generated
            // route registry as strict ESM and leave its `require.resolveWeak` calls unresolved.
            { test: /[\\/]\.docusaurus[\\/].*\.js$/, type: 'javascript/auto' },
          ],
        },
      };
    },
  };
}

/**
 * The server bundle that renders the static pages is CommonJS, but it is written under this
 * `"type": "module"` package, so Node (which can `require()` ESM since 20.19) would load its chunks as
 * ESM and every page would render an error. A package.json beside the bundle says what it really is.
 */
/** The little of webpack's and Rspack's (identical) plugin API this needs; their full types are not a dependency here. */
interface Compiler {
  hooks: { thisCompilation: { tap(name: string, run: (compilation: Compilation) => void): void } };
  webpack: { sources: { RawSource: new (source: string) => unknown } };
}
interface Compilation {
  hooks: { processAssets: { tap(options: { name: string; stage: number }, run: () => void): void } };
  emitAsset(file: string, source: unknown): void;
}

const commonJsServerBundle = {
  apply(compiler: Compiler) {
    compiler.hooks.thisCompilation.tap('mockex-commonjs-server-bundle', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'mockex-commonjs-server-bundle', stage: 0 }, () => {
        compilation.emitAsset(
          'package.json',
          new compiler.webpack.sources.RawSource('{"type":"commonjs"}\n'),
        );
      });
    });
  },
};

const config: Config = {
  title: 'Mockex',
  tagline: 'A safe, scriptable stand-in for a crypto-futures exchange and its API keys',
  url: 'http://127.0.0.1:8080',
  // The Mockex server serves the built site at /docs/ (apps/server/src/app.ts).
  baseUrl: '/docs/',
  // express.static serves directory index.html files, so every page lives at <path>/index.html.
  trailingSlash: true,
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  markdown: { hooks: { onBrokenMarkdownLinks: 'throw', onBrokenMarkdownImages: 'throw' } },
  favicon: 'img/logo.svg',
  future: { v4: true, faster: true },
  i18n: { defaultLocale: 'en', locales: ['en'] },
  presets: [
    [
      'classic',
      {
        docs: { routeBasePath: '/', sidebarPath: './sidebars.ts' },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies PresetOptions,
    ],
  ],
  themes: [
    [
      '@easyops-cn/docusaurus-search-local',
      {
        indexDocs: true,
        indexBlog: false,
        indexPages: false,
        docsRouteBasePath: '/',
        hashed: true,
        language: ['en'],
        highlightSearchTermsOnTargetPage: true,
        explicitSearchResultPath: true,
      } satisfies Partial<SearchOptions>,
    ],
  ],
  plugins: [rawImports],
  themeConfig: {
    navbar: {
      title: 'Mockex',
      logo: { alt: 'Mockex', src: 'img/logo.svg' },
      items: [
        { to: '/quickstart', label: 'Quickstart', position: 'left' },
        { type: 'docSidebar', sidebarId: 'guides', label: 'Guides', position: 'left' },
        { type: 'doc', docId: 'faq', label: 'FAQ', position: 'left' },
        { type: 'docSidebar', sidebarId: 'reference', label: 'Reference', position: 'left' },
      ],
    },
    footer: {
      style: 'dark',
      copyright: 'Mockex: a sandbox for crypto-futures API integrations. Nothing here moves real money.',
    },
    prism: {
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
      additionalLanguages: ['bash', 'json'],
    },
  } satisfies ThemeConfig,
};

export default config;
