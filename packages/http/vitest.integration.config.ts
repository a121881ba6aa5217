import { integrationConfig } from '@pause/vitest-config';

export default integrationConfig();
