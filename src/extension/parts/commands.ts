// Part "commands" (src/extension/parts.ts): the handlers, loaded when a command first runs.
export { COMMAND_HANDLERS } from '../commands/commandHandlers';
