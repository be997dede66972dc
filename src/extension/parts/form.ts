// Part "form" (src/extension/parts.ts): the form's host side, loaded by Open Reactivation Form.
export { ReactivationFormPanel } from '../form/reactivationFormPanel';
