// Static checks of the command wiring (ARCHITECTURE.md, "A new command"): package.json and the Commands
// constants list the same ids, each has a handler file, and the registry covers them all.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_NUMBERS_SETTING } from '../../src/core/diagnostics';
import { Commands, CommandTitles, ContextKeys, handlerFileName, Settings, ViewIds } from '../../src/extension/constants';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const commandsDir = path.join(root, 'src', 'extension', 'commands');
const ids = Object.values(Commands) as string[];

describe('extension commands (static)', () => {
  it('package.json contributes exactly the ids in Commands', () => {
    const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(contributed, [...ids].sort());
  });

  it('every contributed command has category "Colt" and a title', () => {
    for (const c of pkg.contributes.commands as { command: string; title: string; category: string }[]) {
      assert.equal(c.category, 'Colt', c.command);
      assert.ok(c.title.trim(), c.command);
    }
  });

  it('CommandTitles (for messages naming a command) are the titles package.json shows', () => {
    const titles = Object.fromEntries((pkg.contributes.commands as { command: string; title: string }[]).map((c) => [c.command, c.title]));
    assert.deepEqual({ ...CommandTitles }, titles);
  });

  it("core's own copy of the maxNumbersPerRange setting name (core cannot import the extension) is the contributed one", () => {
    assert.equal(MAX_NUMBERS_SETTING, `${Settings.section}.${Settings.maxNumbersPerRange}`);
    assert.ok(pkg.contributes.configuration.properties[MAX_NUMBERS_SETTING], MAX_NUMBERS_SETTING);
  });

  it('every command has its handler file exporting the handler by name', () => {
    for (const id of ids) {
      const name = handlerFileName(id);
      const file = path.join(commandsDir, `${name}.ts`);
      assert.ok(fs.existsSync(file), `${id}: missing src/extension/commands/${name}.ts`);
      const text = fs.readFileSync(file, 'utf8');
      assert.match(text, new RegExp(`export (const|function) ${name}\\b`), `${file} does not export ${name}`);
    }
  });

  it('the registry (or openForm) registers every command exactly once', () => {
    const registry = fs.readFileSync(path.join(commandsDir, 'commandHandlers.ts'), 'utf8');
    for (const id of ids) {
      const name = handlerFileName(id);
      if (name === 'openForm') {
        assert.match(fs.readFileSync(path.join(commandsDir, 'openForm.ts'), 'utf8'), /registerCommand\(Commands\.openForm/);
        continue;
      }
      assert.match(registry, new RegExp(`^  ${name},$`, 'm'), `${name} is not in COMMAND_HANDLERS`);
    }
  });

  it('command ids referenced in menus, viewsWelcome and keybindings exist', () => {
    const known = new Set(ids);
    const menus = Object.values(pkg.contributes.menus ?? {}).flat() as { command?: string }[];
    for (const m of menus) if (m.command?.startsWith('coltReactivate.')) assert.ok(known.has(m.command), `menu refers to ${m.command}`);
    for (const w of pkg.contributes.viewsWelcome ?? []) {
      for (const [, id] of (w.contents as string).matchAll(/command:(coltReactivate\.[\w.]+)/g)) assert.ok(known.has(id), `viewsWelcome refers to ${id}`);
    }
  });

  it('the walkthrough: every step has media that exists (images with altText), links and completion events that name real ids', () => {
    const known = new Set<string>([...ids, `${ViewIds.orders}.focus`]);
    const views = new Set((pkg.contributes.views[ViewIds.container] as { id: string }[]).map((v) => v.id));
    const settings = new Set(Object.keys(pkg.contributes.configuration.properties));
    const contexts = new Set<string>(Object.values(ContextKeys));
    const [walkthrough, ...others] = pkg.contributes.walkthroughs as {
      when?: string;
      steps: {
        id: string;
        description: string;
        media: { image?: string | Record<string, string>; altText?: string; markdown?: string };
        completionEvents?: string[];
      }[];
    }[];
    assert.equal(others.length, 0, "one walkthrough: VS Code opens an extension's first walkthrough on install");
    // VS Code evaluates `when` at install, before activation sets any coltReactivate.* context key.
    assert.doesNotMatch(walkthrough.when ?? 'true', /coltReactivate\./);
    for (const step of walkthrough.steps) {
      const images = typeof step.media.image === 'string' ? [step.media.image] : Object.values(step.media.image ?? {});
      if (images.length) assert.ok(step.media.altText?.trim(), `${step.id}: an image needs altText`);
      for (const file of [...images, ...(step.media.markdown ? [step.media.markdown] : [])]) {
        assert.ok(fs.existsSync(path.join(root, file)), `${step.id}: ${file} is missing`);
        assert.match(file, /^media\//, `${step.id}: ${file} is not in media/ (the .vsix ships only media/ and dist/)`);
      }
      assert.ok(images.length || step.media.markdown, `${step.id}: no media`);
      for (const [, id] of step.description.matchAll(/command:([\w.]+)/g)) assert.ok(known.has(id), `${step.id}: links to ${id}`);
      assert.ok(step.completionEvents?.length, `${step.id}: no completionEvents`);
      for (const event of step.completionEvents ?? []) {
        const [kind, id] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        const kinds: Record<string, Set<string>> = { onCommand: known, onView: views, onSettingChanged: settings, onContext: contexts };
        const ok = kinds[kind]?.has(id);
        assert.ok(ok, `${step.id}: ${event} names nothing this extension contributes`);
      }
    }
  });

  it('coltReactivate.target is application-scoped with the three targets, default sandbox', () => {
    const target = pkg.contributes.configuration.properties['coltReactivate.target'];
    assert.equal(target.scope, 'application');
    assert.deepEqual(target.enum, ['emulator', 'sandbox', 'production']);
    assert.equal(target.default, 'sandbox');
  });

  it('declares limited support for untrusted workspaces', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('handlerFileName turns ids into camelCase file names', () => {
    assert.equal(handlerFileName('coltReactivate.showLog'), 'showLog');
    assert.equal(handlerFileName('coltReactivate.orders.copyOrderId'), 'ordersCopyOrderId');
  });
});
