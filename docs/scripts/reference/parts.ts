import { page } from './markdown.ts';

/**
 * The key API and the exchange gateway are built alongside the docs. While a package still exports
 * nothing at all (its placeholder `export {}`), its reference page says so; as soon as the package
 * exports anything, the named export must be there and usable, or the build fails. There is no
 * middle ground in which a half-built package quietly yields a stale or empty reference.
 */
export type Part =
  { landed: true; value: unknown } | { landed: false; placeholder(id: string, title: string): string };

export async function loadPart(pkg: string, exportName: string, load: () => Promise<object>): Promise<Part> {
  const mod = (await load()) as Record<string, unknown>;
  if (Object.keys(mod).length === 0) {
    return {
      landed: false,
      placeholder: (id, title) =>
        page(
          { id, title, description: `${title} (not generated yet).`, source: `${pkg} (${exportName})` },
          `This page is generated from \`${exportName}\` of \`${pkg}\`, which this build of Mockex does not have yet.`,
        ),
    };
  }
  const value = mod[exportName];
  if (value === undefined) {
    throw new Error(`${pkg} does not export ${exportName}, which the docs' reference is generated from`);
  }
  return { landed: true, value };
}
