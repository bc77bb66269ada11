import { publishedPackage } from '../../tsdown.shared.ts';

// A command, not a library: no type declarations.
export default publishedPackage({ cli: 'src/cli.ts' }, { dts: false });
