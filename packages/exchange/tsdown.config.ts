import { publishedPackage } from '../../tsdown.shared.ts';

export default publishedPackage({ msw: 'src/msw.ts' });
