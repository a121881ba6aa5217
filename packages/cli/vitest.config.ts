import { unitConfig } from '@pause/vitest-config';

export default unitConfig();
