import { contractSuite } from './contract';
import { webkit } from './webkit';

contractSuite(webkit);
