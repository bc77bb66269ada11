import { publishedPackage } from '../../tsdown.shared.ts';

export default publishedPackage({ index: 'src/index.ts' });
