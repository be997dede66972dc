import type { CommandFactory } from '../services';

/** coltReactivate.showLog */
export const showLog: CommandFactory = (s) => () => s.log.show();
