import { contractSuite } from './contract';
import { firefox } from './firefox';

contractSuite(firefox);
