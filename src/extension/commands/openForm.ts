import { ReactivationFormPanel } from '../form/reactivationFormPanel';
import type { CommandFactory } from '../services';

/**
 * coltReactivate.openForm: opens the reactivation form, or brings the open one to the front.
 * Returns the panel, so tests reach its message seam through executeCommand.
 */
export const openForm: CommandFactory = (s) => () => ReactivationFormPanel.createOrShow(s);
